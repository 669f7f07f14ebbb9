// Rows of pmxcfs's `tree` table for tests, the way pmxcfs makes them: inode 0 the version
// row, directories and files with increasing inodes.
import { DT_DIR, DT_REG, type TreeRow } from '../../../../src/core/pve-config/tree.js';

export const versionRow = (): TreeRow => ({ inode: '0', parent: '0', type: DT_REG, name: '__version__', data: new Uint8Array(0) });
export const dirRow = (inode: number, parent: number, name: string): TreeRow => ({ inode: String(inode), parent: String(parent), type: DT_DIR, name, data: new Uint8Array(0) });
export const fileRow = (inode: number, parent: number, name: string, text: string): TreeRow => ({
  inode: String(inode),
  parent: String(parent),
  type: DT_REG,
  name,
  data: new TextEncoder().encode(text),
});

/**
 * Rows for a tree given as path → content (a path ending in '/' is a directory); the
 * directories on the way are made as needed.
 */
export function rowsOf(tree: Record<string, string>): TreeRow[] {
  const rows = [versionRow()];
  const dirs = new Map<string, number>([['', 0]]);
  let next = 1;
  const dirOf = (path: string): number => {
    const known = dirs.get(path);
    if (known !== undefined) return known;
    const slash = path.lastIndexOf('/');
    const parent = dirOf(slash < 0 ? '' : path.slice(0, slash));
    const inode = next++;
    rows.push(dirRow(inode, parent, path.slice(slash + 1)));
    dirs.set(path, inode);
    return inode;
  };
  for (const [path, content] of Object.entries(tree)) {
    if (path.endsWith('/')) {
      dirOf(path.slice(0, -1));
      continue;
    }
    const slash = path.lastIndexOf('/');
    const parent = dirOf(slash < 0 ? '' : path.slice(0, slash));
    rows.push(fileRow(next++, parent, path.slice(slash + 1), content));
  }
  return rows;
}
