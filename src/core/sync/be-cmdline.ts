// The command line a boot environment boots with: its own, root= forced to its dataset,
// and boot=zfs added where Proxmox would have put it.
import { cmdlineLengthProblem, renderKernelCmdline, withRootDataset } from '../bootfiles/kernel-cmdline.js';

/** Where a BE's own command line came from (adapters/boot-dir.ts), if it has one. */
export type CmdlineSource = 'etc/kernel/cmdline' | 'etc/default/grub' | undefined;

export type BeCommandLine = { ok: true; tokens: string[] } | { ok: false; tooLong: string };

/**
 * The tokens of the BE's command line (given: its own, parsed), with root=ZFS=dataset.
 * Proxmox puts boot=zfs into GRUB_CMDLINE_LINUX, not into /etc/kernel/cmdline (which is
 * taken as it is); without it the initramfs would not import the pool. root= and boot=zfs
 * can push a line that fitted over the kernel's limit: then tooLong says by how much.
 * Throws (withRootDataset) when the dataset cannot go into root=.
 */
export function bootCommandLine(given: readonly string[], from: CmdlineSource, dataset: string): BeCommandLine {
  const withBootZfs = from === 'etc/kernel/cmdline' || given.includes('boot=zfs') ? given : [...given, 'boot=zfs'];
  const tokens = withRootDataset(withBootZfs, dataset);
  const tooLong = cmdlineLengthProblem(renderKernelCmdline(tokens));
  return tooLong === undefined ? { ok: true, tokens } : { ok: false, tooLong };
}
