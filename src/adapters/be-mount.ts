// Every mount of a boot environment (or of a snapshot of one) that pve-bootenv makes, and
// its unmount. Each goes to a directory of ours (runtime-paths.ts) unless the admin names
// one, and source and target are passed after "--": neither is ever read as an option of
// mount(8). The BE's own tree is untrusted (an imported stream): what is read or written
// in it goes through contained-file.ts, never through a path given to mount.
//
// Which namespace a mount lands in is the caller's: the private one of a run (it dies with
// us, see namespace.ts) except for `pve-bootenv mount`, which runs in the admin's.
import { mkdir, mkdtemp, rmdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { mountsOfDataset } from './mount-table.js';
import { PROGRAMS } from './programs.js';
import { run } from './run.js';
import { ADMIN_MOUNT_DIR, BE_MOUNT_DIR, SESSION_DIR } from './runtime-paths.js';

export interface BeMount {
  /** Where the BE's files are. */
  dir: string;
  /** The mount is ours to undo (unmountBe); false when an existing mount was reused. */
  ours: boolean;
}

/**
 * Reading a BE's files (its /boot, /etc/kernel/cmdline, /var/lib/pve-cluster) without
 * disturbing the running system: an existing mount of it as it is, else a new read-only
 * one at /run/pve-bootenv/be/<name> for the time of the run.
 */
export async function mountBeReadOnly(dataset: string, name: string): Promise<BeMount> {
  const existing = (await mountsOfDataset(dataset))[0];
  if (existing) return { dir: existing.target, ours: false };
  const dir = await namedDir(BE_MOUNT_DIR, name);
  if (dir !== readOnlyMountDir(name)) throw new Error(`${dir}: not where a read-only mount of ${name} belongs`);
  // zfsutil: mount a dataset whose mountpoint property says "/" somewhere else.
  await mountZfsOrRemoveDir(dataset, dir, 'ro,zfsutil');
  return { dir, ours: true };
}

/** Where mountBeReadOnly mounts a BE that is not mounted yet (the boot record's sources point there). */
export function readOnlyMountDir(name: string): string {
  return `${BE_MOUNT_DIR}/${name}`;
}

/**
 * A snapshot mounted read-only (snapshots always are) at /run/pve-bootenv/be/<name>.
 * Without zfsutil: mount.zfs treats every snapshot as a legacy mount and refuses zfsutil
 * for it. Not through <dataset>/.zfs/snapshot: that automount runs mount(8) in the init
 * mount namespace, which our private one does not see (openzfs/zfs#3512).
 */
export async function mountSnapshotReadOnly(snapshot: string, name: string): Promise<string> {
  const dir = await namedDir(BE_MOUNT_DIR, name);
  await mountZfsOrRemoveDir(snapshot, dir, 'ro');
  return dir;
}

/**
 * Changing a few of a BE's files (root= in its /etc/kernel/cmdline): an existing read-write
 * mount of it, or a new one at a fresh /run/pve-bootenv/be/rw-XXXXXX.
 */
export async function mountBeReadWrite(dataset: string): Promise<BeMount> {
  const existing = (await mountsOfDataset(dataset)).find((mount) => mount.options.includes('rw'));
  if (existing) return { dir: existing.target, ours: false };
  const dir = await freshDir(BE_MOUNT_DIR, 'rw-');
  await mountZfsOrRemoveDir(dataset, dir, 'rw,zfsutil');
  return { dir, ours: true };
}

/**
 * A BE read-write at a fresh /run/pve-bootenv/run/<name>.XXXXXX, for run, shell and
 * upgrade: a tree of its own, for the kernel's file systems to be bound into and programs
 * to run in. The caller has made sure the BE is mounted nowhere else.
 */
export async function mountBeForSession(dataset: string, name: string): Promise<string> {
  const dir = await freshDir(SESSION_DIR, `${name}.`);
  await mountZfsOrRemoveDir(dataset, dir, 'zfsutil');
  return dir;
}

/**
 * `pve-bootenv mount`: a BE read-write for the admin, at target or at a fresh
 * /run/pve-bootenv/mnt/<name>.XXXXXX. It stays until `pve-bootenv umount`.
 */
export async function mountBeForAdmin(dataset: string, name: string, target?: string): Promise<string> {
  if (target === undefined) {
    const dir = await freshDir(ADMIN_MOUNT_DIR, `${name}.`);
    await mountZfsOrRemoveDir(dataset, dir, 'zfsutil');
    return dir;
  }
  // Absolute: a target such as "-o" is a directory of that name, never an option of mount(8).
  const dir = resolve(target);
  // The admin's own directory: it was there before and stays, mounted or not.
  await mountZfs(dataset, dir, 'zfsutil');
  return dir;
}

/** What becomes of a mount that umount could not undo. */
export type OnUnmountFailure =
  /** Our private namespace takes it along when we end: not worth failing a read for. */
  | 'leave'
  /** The caller's error: umount's complaint is thrown (CommandFailed). */
  | 'throw'
  /** Detached now (umount -l); the kernel lets go when its last user ends. */
  | 'detach';

export interface UnmountOptions {
  /** Also everything mounted below dir (a session's binds and what its command left). */
  recursive?: boolean;
  /** 'leave' unless said otherwise. */
  onFailure?: OnUnmountFailure;
}

/**
 * The one unmount of a BE or snapshot mount, wherever it was made. The directory is
 * removed too when it is one of ours (it is on the host's /run; only the mount was
 * private); the admin's own directory stays.
 */
export async function unmountBe(dir: string, options: UnmountOptions = {}): Promise<'unmounted' | 'detached' | 'left'> {
  const recursive = options.recursive ? ['-R'] : [];
  const onFailure = options.onFailure ?? 'leave';
  const { exitCode } = await run(PROGRAMS.umount, [...recursive, '--', dir], { allowFailure: onFailure !== 'throw' });
  let outcome: 'unmounted' | 'detached' | 'left' = 'unmounted';
  if (exitCode !== 0) {
    if (onFailure === 'leave') return 'left';
    await run(PROGRAMS.umount, [...recursive, '-l', '--', dir]);
    outcome = 'detached';
  }
  // A detached mount's directory may still be busy; an empty directory of ours is harmless.
  if (isOurMountDir(dir)) await rmdir(dir).catch(() => undefined);
  return outcome;
}

/** A mount point of our private BE and snapshot mounts (not one the admin made or asked for). */
export function isPrivateBeMount(dir: string): boolean {
  return dirname(dir) === BE_MOUNT_DIR;
}

/** A directory we made for a mount, and remove after it. */
function isOurMountDir(dir: string): boolean {
  return [BE_MOUNT_DIR, ADMIN_MOUNT_DIR, SESSION_DIR].includes(dirname(dir));
}

/** root/<name>, made if missing. BE and snapshot names are one path component; anything else is refused, not followed out of root. */
async function namedDir(root: string, name: string): Promise<string> {
  if (name === '' || name === '.' || name === '..' || name.includes('/')) throw new Error(`${JSON.stringify(name)} cannot name a directory in ${root}`);
  const dir = `${root}/${name}`;
  await mkdir(dir, { recursive: true });
  return dir;
}

/** A new directory root/<prefix>XXXXXX: nobody else's, so nothing is mounted over what another uses. */
async function freshDir(root: string, prefix: string): Promise<string> {
  await mkdir(root, { recursive: true });
  return mkdtemp(join(root, prefix));
}

async function mountZfs(source: string, dir: string, options: string): Promise<void> {
  await run(PROGRAMS.mount, ['-t', 'zfs', '-o', options, '--', source, dir]);
}

/** For a directory made for this mount: it does not stay behind empty when the mount fails. */
async function mountZfsOrRemoveDir(source: string, dir: string, options: string): Promise<void> {
  try {
    await mountZfs(source, dir, options);
  } catch (error) {
    // The mount's failure is the one to report; the directory is only tidied.
    await rmdir(dir).catch(() => undefined);
    throw error;
  }
}

/**
 * A host path bound onto its place inside a session's BE (session-mounts.ts decides which):
 * the target was checked by the caller to be a real directory or file of the BE.
 */
export async function bindIntoBe(source: string, target: string, options: { recursive: boolean; readOnly: boolean }): Promise<void> {
  await run(PROGRAMS.mount, [options.recursive ? '--rbind' : '--bind', '--', source, target]);
  if (options.readOnly) await run(PROGRAMS.mount, ['-o', 'remount,bind,ro', '--', target]);
}
