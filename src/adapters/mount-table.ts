// The mount table, as findmnt shows it in our mount namespace: the one reader of findmnt.
// Always its -P output (KEY="value" pairs): blanks in a value are printed as they are,
// and what would break the quoting (", \, ` and $, and bytes that are not printable) as
// \xNN, so every value comes back whole, whatever a mount point is called.
import { PROGRAMS } from './programs.js';
import { run } from './run.js';

export interface MountEntry {
  /** The device or, for ZFS, the dataset. */
  source: string;
  /** Where it is mounted. */
  target: string;
  fstype: string;
  /** Mount options, e.g. ['rw', 'relatime', 'xattr']. */
  options: string[];
}

const COLUMNS = ['SOURCE', 'TARGET', 'FSTYPE', 'OPTIONS'] as const;

/**
 * findmnt escapes bytes of a value as \xNN (lower case in util-linux's -r and -P output;
 * upper case accepted too). A run of them is decoded as UTF-8, as paths are in Node:
 * "é" is \xc3\xa9.
 */
export function unescapeFindmnt(text: string): string {
  return text.replace(/(?:\\x[0-9a-fA-F]{2})+/g, (escaped) => Buffer.from(escaped.replaceAll('\\x', ''), 'hex').toString('utf8'));
}

/**
 * Rows of `findmnt -P` output, each a map of column to (unescaped) value. A value never
 * holds a bare '"', so pairs are found wherever they are; a row ends where a column comes
 * again, which does not depend on how lines are broken.
 */
export function parseFindmntPairs(stdout: string): Array<Map<string, string>> {
  const rows: Array<Map<string, string>> = [];
  let row: Map<string, string> | undefined;
  for (const [, key, value] of stdout.matchAll(/([A-Za-z0-9_%-]+)="([^"]*)"/g)) {
    if (row === undefined || row.has(key!)) rows.push((row = new Map()));
    row.set(key!, unescapeFindmnt(value!));
  }
  return rows;
}

/** The mounts of parsed rows; rows without our columns (none from our own findmnt call) are dropped. */
export function mountEntries(rows: ReadonlyArray<ReadonlyMap<string, string>>): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const row of rows) {
    const [source, target, fstype, options] = COLUMNS.map((column) => row.get(column));
    if (source === undefined || target === undefined || fstype === undefined || options === undefined) continue;
    entries.push({ source, target, fstype, options: options.split(',').filter(Boolean) });
  }
  return entries;
}

/** findmnt's mounts for a selection (none: the whole table); none when it finds nothing (exit 1). */
async function findmnt(selection: readonly string[]): Promise<MountEntry[]> {
  const { stdout, exitCode } = await run(PROGRAMS.findmnt, ['-n', '-P', '-o', COLUMNS.join(','), ...selection], { allowFailure: true });
  return exitCode === 0 ? mountEntries(parseFindmntPairs(stdout)) : [];
}

/** Every mount in this mount namespace, in the kernel's order. */
export async function mountTable(): Promise<MountEntry[]> {
  return findmnt([]);
}

/** The mounts of one ZFS dataset, first mounted first. */
export async function mountsOfDataset(dataset: string): Promise<MountEntry[]> {
  // Filtered here, not with --source: findmnt would also try a dataset name as a path or tag.
  return (await findmnt(['-t', 'zfs'])).filter((mount) => mount.source === dataset);
}

/** Where each mounted ZFS file system is mounted (in this mount namespace); its first mount if several. */
export async function zfsMounts(): Promise<Map<string, string>> {
  const mounts = new Map<string, string>();
  for (const { source, target } of await findmnt(['-t', 'zfs'])) if (!mounts.has(source)) mounts.set(source, target);
  return mounts;
}

/**
 * The file system a path lives on, or undefined when findmnt cannot tell (no such path).
 * Of file systems mounted over each other there, findmnt lists the one on top, the one
 * the path shows, last.
 */
export async function fileSystemAt(path: string): Promise<MountEntry | undefined> {
  return (await findmnt(['--target', path])).at(-1);
}

/** The file system mounted at dir itself (the top one), or undefined when dir is not a mount point. */
export async function fileSystemMountedAt(dir: string): Promise<MountEntry | undefined> {
  return (await findmnt(['--mountpoint', dir])).at(-1);
}

/** The ZFS dataset a path lives on, or undefined when it is on something else (or does not exist). */
export async function zfsDatasetAt(path: string): Promise<string | undefined> {
  const fileSystem = await fileSystemAt(path);
  return fileSystem?.fstype === 'zfs' ? fileSystem.source : undefined;
}
