// A boot environment's own /etc/kernel/cmdline names its own dataset as root=, so that
// proxmox-boot-tool run inside it later writes entries that boot it (DESIGN §2). The BE's
// files are untrusted (an imported stream): the file is read and replaced inside the BE's
// tree only (contained-file.ts), never through a symlink planted at its name, its temp
// file's name or a directory on the way.
import { mkdtemp, mkdir, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseKernelCmdline, renderKernelCmdline, withRootDataset } from '../core/bootfiles/kernel-cmdline.js';
import { readContainedText, writeContainedFile } from './contained-file.js';
import { PROGRAMS } from './programs.js';
import { run } from './run.js';

const MOUNT_ROOT = '/run/pve-bootenv/be';
const CMDLINE = 'etc/kernel/cmdline';
/** A command line file is a line; anything bigger is not one. */
const MAX_CMDLINE_BYTES = 64 * 1024;

/** Rewrites root= atomically; 'absent' when the BE has no /etc/kernel/cmdline. */
export async function setCmdlineRoot(dataset: string): Promise<'rewritten' | 'unchanged' | 'absent'> {
  const existing = await run(PROGRAMS.findmnt, ['-n', '-o', 'TARGET,OPTIONS', '-t', 'zfs', '--source', dataset], { allowFailure: true });
  const [target, options = ''] = existing.stdout.split('\n')[0]?.trim().split(/\s+/) ?? [];
  let dir = target && existing.exitCode === 0 && options.split(',').includes('rw') ? target : undefined;
  let ours = false;
  if (!dir) {
    await mkdir(MOUNT_ROOT, { recursive: true });
    dir = await mkdtemp(join(MOUNT_ROOT, 'rw-'));
    await run(PROGRAMS.mount, ['-t', 'zfs', '-o', 'rw,zfsutil', '--', dataset, dir]);
    ours = true;
  }
  try {
    return await rewriteCmdlineRoot(dir, dataset);
  } finally {
    if (ours) {
      await run(PROGRAMS.umount, [dir]);
      await rmdir(dir).catch(() => undefined);
    }
  }
}

/** In a BE's tree at dir (mounted read-write): root= of its /etc/kernel/cmdline set to dataset. */
export async function rewriteCmdlineRoot(dir: string, dataset: string): Promise<'rewritten' | 'unchanged' | 'absent'> {
  const text = await readContainedText(dir, CMDLINE, MAX_CMDLINE_BYTES);
  if (text === undefined) return 'absent';
  // proxmox-boot-tool reads the first line only; that line is what we rewrite.
  const wanted = renderKernelCmdline(withRootDataset(parseKernelCmdline(text), dataset));
  if (wanted === text) return 'unchanged';
  await writeContainedFile(dir, CMDLINE, wanted, { tempSuffix: '.pve-bootenv.tmp' });
  return 'rewritten';
}
