// A boot environment's own /etc/kernel/cmdline names its own dataset as root=, so that
// proxmox-boot-tool run inside it later writes entries that boot it (DESIGN §2).
import { mkdtemp, mkdir, open, readFile, rename, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseKernelCmdline, renderKernelCmdline, withRootDataset } from '../core/bootfiles/kernel-cmdline.js';
import { PROGRAMS } from './programs.js';
import { run } from './run.js';

const MOUNT_ROOT = '/run/pve-bootenv/be';

/** Rewrites root= atomically; 'absent' when the BE has no /etc/kernel/cmdline. */
export async function setCmdlineRoot(dataset: string): Promise<'rewritten' | 'unchanged' | 'absent'> {
  const existing = await run(PROGRAMS.findmnt, ['-n', '-o', 'TARGET,OPTIONS', '-t', 'zfs', '--source', dataset], { allowFailure: true });
  const [target, options = ''] = existing.stdout.split('\n')[0]?.trim().split(/\s+/) ?? [];
  let dir = target && existing.exitCode === 0 && options.split(',').includes('rw') ? target : undefined;
  let ours = false;
  if (!dir) {
    await mkdir(MOUNT_ROOT, { recursive: true });
    dir = await mkdtemp(join(MOUNT_ROOT, 'rw-'));
    await run(PROGRAMS.mount, ['-t', 'zfs', '-o', 'rw,zfsutil', dataset, dir]);
    ours = true;
  }
  try {
    const path = join(dir, 'etc/kernel/cmdline');
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) return 'absent';
    // proxmox-boot-tool reads the first line only; that line is what we rewrite.
    const wanted = renderKernelCmdline(withRootDataset(parseKernelCmdline(text), dataset));
    if (wanted === text) return 'unchanged';
    await writeAtomically(path, wanted);
    return 'rewritten';
  } finally {
    if (ours) {
      await run(PROGRAMS.umount, [dir]);
      await rmdir(dir).catch(() => undefined);
    }
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = `${path}.pve-bootenv.tmp`;
  const file = await open(temp, 'w', 0o644);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
}
