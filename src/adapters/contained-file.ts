// Files of a tree whose contents are untrusted (a boot environment, a snapshot of one),
// read and written without leaving it (DESIGN §5.7): every directory on the way must be a
// real directory of the same file system (lstat: a symlink is not followed), and the file
// a regular file (lstat; then opened with O_NOFOLLOW and O_NONBLOCK, so that even an entry
// swapped in between could neither lead out nor hang us on a FIFO). A path of the tree that
// is a symlink would otherwise be resolved against the host's root: that is how a BE's
// "kernel" could be a host file, or a write into the BE land on the host.
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createExclusive, replaceAtomically } from './atomic-write.js';
import { PveBootenvError } from '../core/errors.js';

export type ContainedFile = { found: true; bytes: Uint8Array } | { found: false; missing: string };

/** The path is there but is not one we read or write through: a symlink, not a regular file, too big, … */
export class NotContained extends PveBootenvError {
  override name = 'NotContained';
}

const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;

function componentsOf(relative: string): string[] {
  const components = relative.split('/');
  if (components.some((c) => c === '' || c === '.' || c === '..')) throw new PveBootenvError(`not a plain relative path: ${relative}`);
  return components;
}

/**
 * Checks that the directories of relative (all but its last component) are real
 * directories of root's file system; returns the first one that is missing, if any.
 */
async function checkDirectories(root: string, components: readonly string[], upTo: number): Promise<string | undefined> {
  const top = await lstat(root);
  for (let i = 1; i <= upTo; i++) {
    const dir = components.slice(0, i).join('/');
    const stat = await lstat(join(root, dir)).catch(orMissing);
    if (stat === undefined) return dir;
    if (stat.isSymbolicLink()) throw new NotContained(`/${dir} is a symbolic link; not followed`);
    if (!stat.isDirectory()) throw new NotContained(`/${dir} is not a directory`);
    if (stat.dev !== top.dev) throw new NotContained(`/${dir} is another file system`);
  }
  return undefined;
}

/**
 * root/relative opened for reading, or undefined when it (or a directory on the way) is
 * missing. Throws NotContained for what must not be read, and the fs error for what could not be.
 */
export async function openContainedFile(root: string, relative: string): Promise<FileHandle | undefined> {
  const components = componentsOf(relative);
  if ((await checkDirectories(root, components, components.length - 1)) !== undefined) return undefined;
  // lstat first: opening a device node, even only to look at it, can have effects.
  const entry = await lstat(join(root, relative)).catch(orMissing);
  if (entry === undefined) return undefined;
  if (entry.isSymbolicLink()) throw new NotContained(`/${relative} is a symbolic link, not a regular file; not read`);
  if (!entry.isFile()) throw new NotContained(`/${relative} is not a regular file; not read`);
  const handle = await open(join(root, relative), READ_FLAGS).catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') return undefined;
    if (errorCode(error) === 'ELOOP') throw new NotContained(`/${relative} is a symbolic link, not a regular file; not read`);
    throw error;
  });
  if (handle === undefined) return undefined;
  const stat = await handle.stat().catch(async (error: unknown) => {
    await handle.close();
    throw error;
  });
  if (!stat.isFile()) {
    await handle.close();
    throw new NotContained(`/${relative} is not a regular file; not read`);
  }
  return handle;
}

/** The content of root/relative, or which component of relative is missing. */
export async function readContainedFile(root: string, relative: string, maxBytes: number): Promise<ContainedFile> {
  const components = componentsOf(relative);
  const missingDir = await checkDirectories(root, components, components.length - 1);
  if (missingDir !== undefined) return { found: false, missing: missingDir };
  const handle = await openContainedFile(root, relative);
  if (handle === undefined) return { found: false, missing: relative };
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new NotContained(`/${relative} is ${size} bytes, more than the ${maxBytes} read at most`);
    const bytes = await handle.readFile();
    // A read-only tree does not grow; this is only the guarantee that memory stays bounded.
    if (bytes.length > maxBytes) throw new NotContained(`/${relative} grew past ${maxBytes} bytes while read`);
    return { found: true, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) };
  } finally {
    await handle.close();
  }
}

/** The text of root/relative (UTF-8), undefined when it is missing. */
export async function readContainedText(root: string, relative: string, maxBytes: number): Promise<string | undefined> {
  const file = await readContainedFile(root, relative, maxBytes);
  return file.found ? Buffer.from(file.bytes).toString('utf8') : undefined;
}

/** The names in root/relative, a real directory of the tree; [] when it is missing. */
export async function listContainedDir(root: string, relative: string): Promise<string[]> {
  const components = componentsOf(relative);
  if ((await checkDirectories(root, components, components.length)) !== undefined) return [];
  return readdir(join(root, relative));
}

/**
 * Whether root/relative is a regular file of the tree: false when it, or a directory on
 * the way, is missing, a symbolic link or something else (the upgrade's look for a
 * kernel without its initrd: a link planted there is no kernel of the BE's).
 */
export async function isContainedRegularFile(root: string, relative: string): Promise<boolean> {
  const components = componentsOf(relative);
  try {
    if ((await checkDirectories(root, components, components.length - 1)) !== undefined) return false;
  } catch (error) {
    if (error instanceof NotContained) return false;
    throw error;
  }
  const entry = await lstat(join(root, relative)).catch(orMissing);
  return entry?.isFile() ?? false;
}

/**
 * Replaces root/relative atomically; its directory must exist in the tree. The temp file
 * (relative + tempSuffix) is created exclusively, the rename replaces whatever entry was
 * there (a symlink itself, not its target).
 */
export async function writeContainedFile(root: string, relative: string, text: string, options: { tempSuffix: string; mode?: number }): Promise<void> {
  const components = componentsOf(relative);
  const missingDir = await checkDirectories(root, components, components.length - 1);
  if (missingDir !== undefined) throw new NotContained(`/${missingDir} is missing; /${relative} not written`);
  const bytes = Buffer.from(text);
  await replaceAtomically(
    join(root, relative),
    join(root, `${relative}${options.tempSuffix}`),
    async (handle) => {
      await handle.writeFile(bytes);
      return bytes.length;
    },
    options.mode,
  );
}

/**
 * Creates root/relative with text unless something is at that name already (then false):
 * a file of ours that is removed again later, such as policy-rc.d for a run.
 */
export async function createContainedFile(root: string, relative: string, text: string, mode: number): Promise<boolean> {
  const components = componentsOf(relative);
  const missingDir = await checkDirectories(root, components, components.length - 1);
  if (missingDir !== undefined) throw new NotContained(`/${missingDir} is missing; /${relative} not written`);
  if (await lstat(join(root, relative)).then(() => true, orMissingFalse)) return false;
  const handle = await createExclusive(join(root, relative), mode);
  try {
    await handle.writeFile(text);
    await handle.chmod(mode); // the umask must not take the execute bits of a script
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * Checks that root/relative is a real directory of the tree, creating it (and what is
 * missing on the way) when absent: a mount point we mount something on inside a BE.
 */
export async function ensureContainedDir(root: string, relative: string): Promise<void> {
  const components = componentsOf(relative);
  // Each round creates one missing directory (mkdir does not follow a final symlink), then
  // checks the whole path again; so at most one round per component.
  for (let round = 0; round <= components.length; round++) {
    const missing = await checkDirectories(root, components, components.length);
    if (missing === undefined) return;
    await mkdir(join(root, missing)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  throw new NotContained(`/${relative} keeps changing while it is created`);
}

function orMissing(error: unknown): undefined {
  if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return undefined;
  throw error;
}

function orMissingFalse(error: unknown): false {
  orMissing(error);
  return false;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Removes root/relative, whatever entry it is now (unlink does not follow a link); absent is
 * fine. Throws NotContained when a directory on the way is a link (or another file system):
 * what ran in the BE may have pointed usr/sbin at the host's.
 */
export async function removeContainedFile(root: string, relative: string): Promise<void> {
  const components = componentsOf(relative);
  if ((await checkDirectories(root, components, components.length - 1)) !== undefined) return;
  await rm(join(root, relative), { force: true });
}
