// The host I/O of `pve-bootenv layout` (engine/layout.ts) that has no other adapter: what is
// at a state directory's path, whether this node is in a cluster and has quorum, which
// cgroup we run in, and the moves themselves: the new dataset mounted on a private
// directory, the tree copied onto it and flushed, the old copy removed after the switch.
//
// Mounts and unmounts here are made in our own mount namespace (every command that changes
// things runs in a private one): they die with us. The mount that must stay is
// zfs.ts mountInHostNamespace.
import { lstat, mkdir, readdir, readFile, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PROGRAMS } from './programs.js';
import { run } from './run.js';

/** What is at path, symlinks not followed: 'directory', 'other', or undefined for nothing. */
export async function pathKind(path: string): Promise<'directory' | 'other' | undefined> {
  // Whatever lstat cannot see (ENOENT, in practice: we run as root) is "nothing there".
  const node = await lstat(path).catch(() => undefined);
  if (node === undefined) return undefined;
  return node.isDirectory() ? 'directory' : 'other';
}

/** Our own /proc/self/cgroup, for open-files.ts serviceOf (the unit we must not stop). */
export async function ownCgroup(): Promise<string> {
  // Without it (no /proc, no cgroups) we are in no unit as far as the plan knows.
  return readFile('/proc/self/cgroup', 'utf8').catch(() => '');
}

/** A cluster node has corosync.conf (in /etc/pve once joined, or corosync's own). */
export async function clusterConfigured(): Promise<boolean> {
  const present = await Promise.all(['/etc/pve/corosync.conf', '/etc/corosync/corosync.conf'].map((p) => stat(p).then(() => true, () => false)));
  return present.some(Boolean);
}

/**
 * What `corosync-quorumtool -s` prints (core/layout/plan-layout.ts quorumFact reads it),
 * whatever its exit code; undefined when it could not be run at all.
 */
export async function quorumToolOutput(): Promise<string | undefined> {
  // run throws (CommandFailed) only when the program did not start, e.g. is not installed:
  // the plan reports that as "could not be run" and refuses a pve-cluster move.
  const result = await run(PROGRAMS.corosyncQuorumtool, ['-s'], { allowFailure: true }).catch(() => undefined);
  return result?.stdout;
}

/** Mounts dataset on dir (made if missing), in our namespace only: where the copy is written. */
export async function mountPrivately(dataset: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  // -o zfsutil: the dataset's mountpoint is a path, not legacy, which mount -t zfs refuses without it.
  await run(PROGRAMS.mount, ['-t', 'zfs', '-o', 'zfsutil', '--', dataset, dir]);
}

/**
 * Copies the tree at from onto to, as it is, and flushes to's file system to disk before
 * the copy is verified and recorded as such: -a -H -A -X keep hard links, ACLs and xattrs,
 * --numeric-ids the owners as numbers, -x stays on from's file system (what is mounted
 * below it is not part of the directory and is not copied, nor removed after).
 */
export async function copyTree(from: string, to: string): Promise<void> {
  await run(PROGRAMS.rsync, ['-aHAX', '--numeric-ids', '-x', `${from}/`, `${to}/`]);
  await run(PROGRAMS.sync, ['-f', to]);
}

/**
 * Unmounts what is mounted on dir in our namespace only (the host's mounts stay).
 * allowFailure: for an undo, where a failed umount must not hide the error being undone.
 */
export async function unmountHere(dir: string, options: { allowFailure?: boolean } = {}): Promise<void> {
  await run(PROGRAMS.umount, ['--', dir], { allowFailure: options.allowFailure ?? false });
}

/** Removes the now empty private mount point of a copy. */
export async function removeMountPoint(dir: string): Promise<void> {
  // A leftover empty directory under our runtime directory is harmless; it must not stop
  // the switch, which comes next.
  await rmdir(dir).catch(() => undefined);
}

/** Removes everything in dir but dir itself and what is mounted below it: the old copy. */
export async function removeOldCopy(dir: string): Promise<void> {
  // rm -x: what is mounted below the old copy was not copied and is not ours to remove.
  const names = await readdir(dir);
  if (names.length > 0) await run(PROGRAMS.rm, ['-rf', '--one-file-system', '--', ...names.map((name) => join(dir, name))]);
}
