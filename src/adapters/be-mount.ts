// Read-only access to a boot environment's files (its /boot and /etc/kernel/cmdline),
// without disturbing the running system: inside our private namespace, a BE that is not
// mounted anywhere is mounted read-only for the time of the run.
import { mkdir, rmdir } from 'node:fs/promises';
import { PROGRAMS } from './programs.js';
import { run } from './run.js';

const MOUNT_ROOT = '/run/pve-bootenv/be';

/** Where the dataset's files can be read: an existing mount of it, or a new read-only one. */
export async function mountBeReadOnly(dataset: string, name: string): Promise<{ dir: string; ours: boolean }> {
  const existing = await run(PROGRAMS.findmnt, ['-n', '-o', 'TARGET', '-t', 'zfs', '--source', dataset], { allowFailure: true });
  const target = existing.stdout.split('\n')[0]?.trim();
  if (existing.exitCode === 0 && target) return { dir: target, ours: false };
  const dir = `${MOUNT_ROOT}/${name}`;
  await mkdir(dir, { recursive: true });
  // zfsutil: mount a dataset whose mountpoint property says "/" somewhere else.
  await run(PROGRAMS.mount, ['-t', 'zfs', '-o', 'ro,zfsutil', dataset, dir]);
  return { dir, ours: true };
}

/**
 * A snapshot mounted read-only (snapshots always are) at a fresh directory. Without
 * zfsutil: mount.zfs treats every snapshot as a legacy mount and refuses zfsutil for it.
 * Not through <dataset>/.zfs/snapshot: that automount runs mount(8) in the init mount
 * namespace, which our private one does not see (openzfs/zfs#3512).
 */
export async function mountSnapshotReadOnly(snapshot: string, name: string): Promise<string> {
  const dir = `${MOUNT_ROOT}/${name}`;
  await mkdir(dir, { recursive: true });
  try {
    await run(PROGRAMS.mount, ['-t', 'zfs', '-o', 'ro', snapshot, dir]);
  } catch (error) {
    await rmdir(dir).catch(() => undefined);
    throw error;
  }
  return dir;
}

export async function unmountBe(dir: string): Promise<void> {
  const { exitCode } = await run(PROGRAMS.umount, [dir], { allowFailure: true });
  // The directory is on the host's /run, only the mount was private.
  if (exitCode === 0) await rmdir(dir).catch(() => undefined);
}
