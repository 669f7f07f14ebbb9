// `pve-bootenv mount` / `umount`: a BE's files, writable, in the admin's own mount
// namespace (these two commands do not run in our private one, or the mount would vanish).
import { mountBeForAdmin, unmountBe } from '../adapters/be-mount.js';
import { zfsMounts } from '../adapters/mount-table.js';
import { findBe, readHostState } from './host-state.js';
import { BeError } from '../core/errors.js';

export async function mountBe(name: string, target?: string): Promise<string> {
  const state = await readHostState();
  const be = findBe(state, name);
  if (be.dataset === state.booted) throw new BeError(`${name} is the booted boot environment: its files are at /`);
  const existing = (await zfsMounts()).get(be.dataset);
  if (existing) throw new BeError(`${name} is mounted at ${existing} already`);
  return mountBeForAdmin(be.dataset, name, target);
}

/** `pve-bootenv umount <name>`: undoes the mount of a BE by its name, wherever it is mounted; returns where that was. */
export async function unmountBeByName(name: string): Promise<string> {
  const state = await readHostState();
  const be = findBe(state, name);
  if (be.dataset === state.booted) throw new BeError(`${name} is the booted boot environment; it stays mounted at /`);
  const dir = (await zfsMounts()).get(be.dataset);
  if (!dir) throw new BeError(`${name} is not mounted`);
  await unmountBe(dir, { onFailure: 'throw' });
  return dir;
}
