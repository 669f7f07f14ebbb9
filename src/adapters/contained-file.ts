// Reads one file of a tree whose contents are untrusted (a BE, a snapshot of one) without
// leaving it (DESIGN §5.7): every directory on the way must be a real directory of the same
// file system (lstat: a symlink is not followed), and the file a regular file (lstat; then
// opened with O_NOFOLLOW and O_NONBLOCK, so that even an entry swapped in between could
// neither lead out nor hang us on a FIFO). The trees read here are read-only mounts or
// snapshots, so nothing swaps entries in them anyway.
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { join } from 'node:path';

export type ContainedFile = { found: true; bytes: Uint8Array } | { found: false; missing: string };

/** The file is there but not one we read: a symlink, not a regular file, too big, … */
export class NotReadable extends Error {
  override name = 'NotReadable';
}

/**
 * The content of root/relative, or which component of relative is missing. Throws
 * NotReadable for what must not be read, and the fs error for what could not be.
 */
export async function readContainedFile(root: string, relative: string, maxBytes: number): Promise<ContainedFile> {
  const components = relative.split('/');
  if (components.some((c) => c === '' || c === '.' || c === '..')) throw new Error(`not a plain relative path: ${relative}`);
  const top = await lstat(root);
  for (let i = 1; i < components.length; i++) {
    const dir = components.slice(0, i).join('/');
    const stat = await lstat(join(root, dir)).catch(orMissing);
    if (stat === undefined) return { found: false, missing: dir };
    if (stat.isSymbolicLink()) throw new NotReadable(`/${dir} is a symbolic link; not followed`);
    if (!stat.isDirectory()) throw new NotReadable(`/${dir} is not a directory`);
    if (stat.dev !== top.dev) throw new NotReadable(`/${dir} is another file system`);
  }
  // lstat first: opening a device node, even only to look at it, can have effects.
  const entry = await lstat(join(root, relative)).catch(orMissing);
  if (entry === undefined) return { found: false, missing: relative };
  if (entry.isSymbolicLink()) throw new NotReadable(`/${relative} is a symbolic link, not a regular file; not read`);
  if (!entry.isFile()) throw new NotReadable(`/${relative} is not a regular file; not read`);
  const handle = await open(join(root, relative), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY).catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') return undefined;
    if (errorCode(error) === 'ELOOP') throw new NotReadable(`/${relative} is a symbolic link, not a regular file; not read`);
    throw error;
  });
  if (handle === undefined) return { found: false, missing: relative };
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new NotReadable(`/${relative} is not a regular file; not read`);
    if (stat.size > maxBytes) throw new NotReadable(`/${relative} is ${stat.size} bytes, more than the ${maxBytes} read at most`);
    const bytes = await handle.readFile();
    // A read-only tree does not grow; this is only the guarantee that memory stays bounded.
    if (bytes.length > maxBytes) throw new NotReadable(`/${relative} grew past ${maxBytes} bytes while read`);
    return { found: true, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) };
  } finally {
    await handle.close();
  }
}

function orMissing(error: unknown): undefined {
  if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return undefined;
  throw error;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
