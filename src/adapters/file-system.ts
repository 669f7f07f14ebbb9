// Facts of a mounted file system and of a path's existence, for the engine (which opens
// no file itself).
import { existsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';

/** The size in bytes of the file system dir is on (statfs: blocks × block size). */
export async function fileSystemSizeBytes(dir: string): Promise<number> {
  const fs = await statfs(dir);
  return fs.blocks * fs.bsize;
}

/** Whether something (a file, a device node, a directory) is at path; a dangling link is not. */
export function pathExists(path: string): boolean {
  return existsSync(path);
}
