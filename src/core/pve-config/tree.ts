// The files of /etc/pve as pmxcfs would show them, from the rows of config.db's table
// `tree` (pve-cluster src/pmxcfs/database.c, bdb_backend_load_index): inode 0 is the root
// directory and its row is named `__version__`; every other row names one entry of the
// directory whose inode is its parent; type 4 is a directory (DT_DIR), 8 a file (DT_REG).
//
// A BE's config.db is untrusted input. What pmxcfs itself would refuse to load (an unknown
// type, a directory with data, a parent that is missing or not a directory, two entries of
// one name in one directory) is a ConfigTreeError: booted, that BE would have no /etc/pve.
// What pmxcfs would load but no path can name is left out and counted: names that are not
// one path component ('', '.', '..', a '/' or NUL in them), entries in a cycle of parents
// (never reached from the root), entries deeper or longer-named than any real file system
// path. Control characters, format characters and backslashes in names are escaped
// (\u{…}), so that a printed path is one line, shows what it names and names one entry.
// Every row is looked at a bounded number of times: linear in the rows.
import { PveBootenvError } from '../errors.js';

export const ROOT_INODE = '0';
export const DT_DIR = 4;
export const DT_REG = 8;
/** The name of the row at inode 0, which holds the database version, not a file. */
export const VERSION_ROW_NAME = '__version__';
/** Deeper than any path pmxcfs users write (nodes/<node>/qemu-server/<vmid>.conf is 4). */
export const MAX_DEPTH = 16;
/** NAME_MAX: the kernel would refuse a longer name in a lookup. */
export const MAX_NAME_LENGTH = 255;

/** One row of `tree`, with the inodes as exact decimal text (they are 64-bit). */
export interface TreeRow {
  inode: string;
  parent: string;
  type: number;
  name: string;
  data: Uint8Array;
}

export interface ConfigTree {
  /** Path below /etc/pve (no leading slash) → content, for every regular file. */
  files: Map<string, Uint8Array>;
  /** Rows that are neither the version row nor shown at any path. */
  hidden: number;
}

export class ConfigTreeError extends PveBootenvError {
  override name = 'ConfigTreeError';
}

export function buildConfigTree(rows: readonly TreeRow[]): ConfigTree {
  const byInode = new Map<string, TreeRow>();
  for (const row of rows) {
    if (byInode.has(row.inode)) throw new ConfigTreeError(`two rows have inode ${row.inode}`);
    byInode.set(row.inode, row);
    checkRow(row);
  }
  const children = new Map<string, TreeRow[]>();
  for (const row of rows) {
    if (row.inode === ROOT_INODE) continue;
    if (row.parent !== ROOT_INODE) {
      const parent = byInode.get(row.parent);
      if (parent === undefined) throw new ConfigTreeError(`the directory inode ${quoted(row.parent)} of ${quoted(row.name)} is missing`);
      if (parent.type !== DT_DIR) throw new ConfigTreeError(`the parent inode ${quoted(row.parent)} of ${quoted(row.name)} is not a directory`);
    }
    const siblings = children.get(row.parent);
    if (siblings) siblings.push(row);
    else children.set(row.parent, [row]);
  }
  for (const [parent, siblings] of children) {
    const names = new Set<string>();
    for (const row of siblings) {
      if (names.has(row.name)) throw new ConfigTreeError(`two entries are named ${quoted(row.name)} in directory inode ${quoted(parent)}`);
      names.add(row.name);
    }
  }

  const files = new Map<string, Uint8Array>();
  let shown = 0;
  // Breadth first from the root: an inode has one parent, so each is reached at most once.
  const pending: Array<{ inode: string; path: string; depth: number }> = [{ inode: ROOT_INODE, path: '', depth: 0 }];
  for (let next = 0; next < pending.length; next++) {
    const dir = pending[next]!;
    for (const row of children.get(dir.inode) ?? []) {
      if (!isPathComponent(row.name) || dir.depth >= MAX_DEPTH) continue;
      shown++;
      const path = dir.path === '' ? escapeName(row.name) : `${dir.path}/${escapeName(row.name)}`;
      if (row.type === DT_REG) files.set(path, row.data);
      else pending.push({ inode: row.inode, path, depth: dir.depth + 1 });
    }
  }
  const versionRows = byInode.has(ROOT_INODE) ? 1 : 0;
  return { files, hidden: rows.length - versionRows - shown };
}

function checkRow(row: TreeRow): void {
  if (row.name === '') throw new ConfigTreeError(`inode ${row.inode} has no name`);
  if (row.type !== DT_DIR && row.type !== DT_REG) throw new ConfigTreeError(`inode ${row.inode} has unknown type ${row.type}`);
  if (row.type === DT_DIR && row.data.length > 0) throw new ConfigTreeError(`directory inode ${row.inode} contains data`);
  if (row.inode === ROOT_INODE && row.name !== VERSION_ROW_NAME) throw new ConfigTreeError(`the root inode has the name ${quoted(row.name)}, not ${VERSION_ROW_NAME}`);
}

function isPathComponent(name: string): boolean {
  return name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\0') && name.length <= MAX_NAME_LENGTH;
}

const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\\]/gu;

/** The name with what a terminal would not show as itself (and the escape character) as \u{hex}. */
export function escapeName(name: string): string {
  return name.replace(UNPRINTABLE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** A name (or a parent column) for a message: escaped, quoted, and short (a hostile one may be megabytes). */
function quoted(name: string): string {
  const shown = escapeName(name.slice(0, 64));
  return `"${shown}${name.length > 64 ? '…' : ''}"`;
}
