// Lists a directory tree for the verification of a copy (core/layout/tree-compare.ts):
// every entry with lstat (symlinks are listed, never followed), regular files hashed, one
// file system only (a mount below is not part of what is copied, as rsync -x).
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { TreeEntry } from '../core/layout/tree-compare.js';
import { sha256File } from './sha256-file.js';

export async function listTree(top: string): Promise<TreeEntry[]> {
  const entries: TreeEntry[] = [];
  const topDevice = (await lstat(top)).dev;
  const pending = [''];
  while (pending.length > 0) {
    const relative = pending.pop()!;
    const full = relative === '' ? top : join(top, relative);
    const stat = await lstat(full);
    if (stat.dev !== topDevice) continue;
    const common = { path: relative, mode: stat.mode, uid: stat.uid, gid: stat.gid, size: stat.size };
    if (stat.isDirectory()) {
      entries.push({ ...common, kind: 'dir' });
      for (const name of await readdir(full)) pending.push(relative === '' ? name : `${relative}/${name}`);
    } else if (stat.isFile()) {
      entries.push({ ...common, kind: 'file', sha256: await sha256File(full) });
    } else if (stat.isSymbolicLink()) {
      entries.push({ ...common, kind: 'symlink', target: await readlink(full) });
    } else {
      entries.push({ ...common, kind: 'other', rdev: stat.rdev });
    }
  }
  return entries;
}
