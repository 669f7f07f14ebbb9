// Verification of a copy: two listings of a directory tree (made by adapters/tree-listing.ts)
// compared entry by entry. The copy counts only if every entry matches: type, mode, owner,
// size, a symlink's target, a device's number and every regular file's SHA-256.

export interface TreeEntry {
  /** Relative to the tree's top, '' for the top itself. */
  path: string;
  kind: 'file' | 'dir' | 'symlink' | 'other';
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Regular files: SHA-256 of the content. */
  sha256?: string;
  /** Symlinks: where they point (never followed). */
  target?: string;
  /** Devices, fifos, sockets: st_rdev. */
  rdev?: number;
}

const FIELDS = ['kind', 'mode', 'uid', 'gid', 'size', 'sha256', 'target', 'rdev'] as const;

/** The first difference as one line, or undefined when the trees are the same. */
export function firstDifference(original: readonly TreeEntry[], copy: readonly TreeEntry[]): string | undefined {
  const copies = new Map(copy.map((entry) => [entry.path, entry]));
  for (const entry of original) {
    const other = copies.get(entry.path);
    const shown = entry.path === '' ? 'the top directory' : entry.path;
    if (other === undefined) return `${shown} is missing in the copy`;
    for (const field of FIELDS) {
      // The top directory's size is the file system's business (vfat, ZFS count differently).
      if (entry.kind === 'dir' && field === 'size') continue;
      if (entry[field] !== other[field]) return `${shown} differs in the copy (${field})`;
    }
    copies.delete(entry.path);
  }
  const extra = copies.keys().next();
  return extra.done ? undefined : `${extra.value} is in the copy but not in the original`;
}
