// `pve-bootenv mount` / `umount`: a BE's files, writable, in the admin's own mount
// namespace (these two commands do not run in our private one, or the mount would vanish).
import { mkdir, mkdtemp, rmdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PROGRAMS } from '../adapters/programs.js';
import { run } from '../adapters/run.js';
import { zfsMounts } from '../adapters/zfs.js';
import { BeError, findBe, readHostState } from './host-state.js';

/** Fresh directories for mounts made without a target. */
export const MOUNT_DIR = '/run/pve-bootenv/mnt';

export async function mountBe(name: string, target?: string): Promise<string> {
  const state = await readHostState();
  const be = findBe(state, name);
  if (be.dataset === state.booted) throw new BeError(`${name} is the booted boot environment: its files are at /`);
  const existing = (await zfsMounts()).get(be.dataset);
  if (existing) throw new BeError(`${name} is mounted at ${existing} already`);
  // Absolute: a target such as "-o" is a directory of that name, never an option of mount(8).
  let dir = target === undefined ? undefined : resolve(target);
  if (dir === undefined) {
    await mkdir(MOUNT_DIR, { recursive: true });
    dir = await mkdtemp(join(MOUNT_DIR, `${name}.`));
  }
  try {
    await run(PROGRAMS.mount, ['-t', 'zfs', '-o', 'zfsutil', '--', be.dataset, dir]);
  } catch (error) {
    if (target === undefined) await rmdir(dir).catch(() => undefined);
    throw error;
  }
  return dir;
}

export async function unmountBe(name: string): Promise<string> {
  const state = await readHostState();
  const be = findBe(state, name);
  if (be.dataset === state.booted) throw new BeError(`${name} is the booted boot environment; it stays mounted at /`);
  const dir = (await zfsMounts()).get(be.dataset);
  if (!dir) throw new BeError(`${name} is not mounted`);
  await run(PROGRAMS.umount, ['--', dir]);
  if (dir.startsWith(`${MOUNT_DIR}/`)) await rmdir(dir).catch(() => undefined);
  return dir;
}
