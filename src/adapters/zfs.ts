// The zfs and zpool commands we need, each one call.
import { LIST_COLUMNS, parseBootEnvironments, type BootEnvironment } from '../core/be/boot-environment.js';
import { parseZfsGet, type ZfsProperties } from '../core/zfs/zfs-get.js';
import { unescapeFindmnt } from './mount-table.js';
import { PROGRAMS } from './programs.js';
import { run } from './run.js';

/** Every boot environment under beRoot, with one `zfs list` call however many there are. */
export async function listBootEnvironments(beRoot: string): Promise<BootEnvironment[]> {
  const { stdout } = await run(PROGRAMS.zfs, ['list', '-H', '-p', '-t', 'filesystem', '-d', '1', '-o', LIST_COLUMNS.join(','), beRoot]);
  return parseBootEnvironments(stdout, beRoot);
}

/** The pool's bootfs property, or undefined when unset. */
export async function poolBootfs(pool: string): Promise<string | undefined> {
  const { stdout } = await run(PROGRAMS.zpool, ['get', '-H', '-p', '-o', 'value', 'bootfs', pool]);
  const value = stdout.trim();
  return value === '-' || value === '' ? undefined : value;
}

/** Every snapshot of every dataset under beRoot: name, creation order, clones. */
export async function listSnapshots(beRoot: string): Promise<Array<{ name: string; createtxg: number; clones: string[] }>> {
  const { stdout } = await run(PROGRAMS.zfs, ['list', '-H', '-p', '-t', 'snapshot', '-r', '-o', 'name,createtxg,clones', beRoot]);
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [name = '', createtxg = '0', clones = ''] = line.split('\t');
      return { name, createtxg: Number(createtxg), clones: clones === '-' || clones === '' ? [] : clones.split(',') };
    });
}

/** `zfs get` of every property of one dataset, for localProperties(). */
export async function getAllProperties(dataset: string): Promise<ZfsProperties> {
  const { stdout } = await run(PROGRAMS.zfs, ['get', '-H', '-p', '-o', 'name,property,value,source', 'all', dataset]);
  return parseZfsGet(stdout);
}

/** Where each mounted ZFS file system is mounted (in this mount namespace). */
export async function zfsMounts(): Promise<Map<string, string>> {
  const { stdout } = await run(PROGRAMS.findmnt, ['-rn', '-t', 'zfs', '-o', 'SOURCE,TARGET'], { allowFailure: true });
  const mounts = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const [source, target] = line.split(' ');
    // findmnt -r escapes blanks as \x20; a BE dataset has none, its mount point might.
    if (source && target && !mounts.has(source)) mounts.set(source, unescapeFindmnt(target));
  }
  return mounts;
}

/** Space a new clone could still use, in percent of the pool (reservations count as used). */
export async function poolFreePercent(pool: string): Promise<number> {
  const { sizeBytes, usedBytes } = await poolUsage(pool);
  return sizeBytes > 0 ? ((sizeBytes - usedBytes) / sizeBytes) * 100 : 0;
}

/** The pool's size and use as datasets see them (used + available counts reservations). */
export async function poolUsage(pool: string): Promise<{ sizeBytes: number; usedBytes: number }> {
  const { stdout } = await run(PROGRAMS.zfs, ['list', '-H', '-p', '-o', 'used,available', pool]);
  const [used = 0, available = 0] = stdout.trim().split('\t').map(Number);
  return { sizeBytes: used + available, usedBytes: used };
}

/** Bytes a new dataset can still take in the pool (zfs list's available of its top dataset). */
export async function poolAvailableBytes(pool: string): Promise<number> {
  const { stdout } = await run(PROGRAMS.zfs, ['list', '-H', '-p', '-o', 'available', pool]);
  return Number(stdout.trim());
}

/** Some properties of a dataset (unset user properties left out); undefined if it does not exist. */
export async function datasetProperties(dataset: string, names: readonly string[]): Promise<Record<string, string> | undefined> {
  const { stdout, exitCode } = await run(PROGRAMS.zfs, ['get', '-H', '-p', '-o', 'property,value,source', names.join(','), dataset], { allowFailure: true });
  if (exitCode !== 0) return undefined;
  const values: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const [property, value, source] = line.split('\t');
    // An unset user property shows as value '-' with source '-'.
    if (property && value !== undefined && !(value === '-' && source === '-')) values[property] = value;
  }
  return values;
}

/** Takes one snapshot (name is dataset@snapshot). */
export async function createSnapshot(name: string): Promise<void> {
  await run(PROGRAMS.zfs, ['snapshot', name]);
}

/** Destroys one snapshot; never recursive, never a file system (the name must have an @). */
export async function destroySnapshot(name: string): Promise<void> {
  if (!name.includes('@')) throw new Error(`not a snapshot name: ${name}`);
  await run(PROGRAMS.zfs, ['destroy', name]);
}

/** The names (dataset@snapshot) of the dataset's own snapshots. */
export async function snapshotNames(dataset: string): Promise<string[]> {
  const { stdout } = await run(PROGRAMS.zfs, ['list', '-H', '-t', 'snapshot', '-d', '1', '-o', 'name', dataset]);
  return stdout.split('\n').filter((line) => line !== '');
}
