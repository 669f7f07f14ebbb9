// A boot environment's own /etc/kernel/cmdline names its own dataset as root=, so that
// proxmox-boot-tool run inside it later writes entries that boot it (DESIGN §2). The BE's
// files are untrusted (an imported stream): the file is read and replaced inside the BE's
// tree only (contained-file.ts), never through a symlink planted at its name, its temp
// file's name or a directory on the way.
import { parseKernelCmdline, renderKernelCmdline, withRootDataset } from '../core/bootfiles/kernel-cmdline.js';
import { mountBeReadWrite, unmountBe } from './be-mount.js';
import { readContainedText, writeContainedFile } from './contained-file.js';

const CMDLINE = 'etc/kernel/cmdline';
/** A command line file is a line; anything bigger is not one. */
const MAX_CMDLINE_BYTES = 64 * 1024;

/** Rewrites root= atomically; 'absent' when the BE has no /etc/kernel/cmdline. */
export async function setCmdlineRoot(dataset: string): Promise<'rewritten' | 'unchanged' | 'absent'> {
  const mount = await mountBeReadWrite(dataset);
  try {
    return await rewriteCmdlineRoot(mount.dir, dataset);
  } finally {
    // A failed unmount fails the step: what follows (a destroy of a refused import) wants the BE unmounted.
    if (mount.ours) await unmountBe(mount.dir, { onFailure: 'throw' });
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
