// Carries out an ESP plan's actions in their order. Every write goes to a temporary name in
// the same directory, is fsynced, renamed over the target, and the directory fsynced
// (atomic-write.ts): after a crash a file is either the old one, the new one, or a leftover
// temp that the next sync removes. vfat has no atomic rename guarantee on power loss, but
// the fsyncs bound the window to the rename itself, and the plan never lets the default
// entry point at a missing file.
//
// What reaches the ESP is checked here once more, whatever the plan says: a path is one of
// ours (our directory, a boot file named by a 64-hex-digit hash, an entry with our prefix),
// and a kernel or initrd is copied from a regular file opened without following a link,
// its bytes hashed on the way and the copy refused unless they are the ones its name promises.
import { constants } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, basename, join } from 'node:path';
import { ENTRIES_DIR, GRUB_ENV, GRUB_MENU, isOurEntryFile, isSha256Hex, LOADER_CONF, OUR_DIR, pathKey, sha256OfBootFile, TEMP_PREFIX } from '../../core/esp/layout.js';
import { espChangeOf } from '../../core/bootloader/strategies.js';
import type { EspAction, SourceFile } from '../../core/sync/model.js';
import { fsyncDir, mkdirDurably, replaceAtomically } from '../atomic-write.js';
import { PveBootenvError } from '../../core/errors.js';

export const tempNameOf = (path: string) => join(dirname(path), `${TEMP_PREFIX}${basename(path)}.tmp`);

/** A plan that names anything else is a bug (or a hostile input that got through): nothing is written. */
export class EspPathRefused extends PveBootenvError {
  override name = 'EspPathRefused';
}

const SINGLE_FILES = [LOADER_CONF, GRUB_MENU, GRUB_ENV].map(pathKey);

function ourPath(relPath: string): string {
  const parts = relPath.split('/');
  const plain = !parts.some((p) => p === '' || p === '.' || p === '..');
  const inOurDir = plain && parts.length === 3 && `${parts[0]}/${parts[1]}` === OUR_DIR;
  const entry = plain && parts.length === 3 && `${parts[0]}/${parts[1]}` === ENTRIES_DIR && (isOurEntryFile(parts[2]!) || parts[2]!.startsWith(`${TEMP_PREFIX}pve-bootenv-`));
  if (inOurDir || entry || (plain && SINGLE_FILES.includes(pathKey(relPath))) || (plain && SINGLE_FILES.includes(pathKey(tempTarget(relPath))))) return relPath;
  throw new EspPathRefused(`refusing to write ${JSON.stringify(relPath)} on an ESP: not a path of ours`);
}

/** The file a temp name of ours stands for ("" when it is not one). */
function tempTarget(relPath: string): string {
  const name = basename(relPath);
  return name.startsWith(TEMP_PREFIX) && name.endsWith('.tmp') ? join(dirname(relPath), name.slice(TEMP_PREFIX.length, -'.tmp'.length)) : '';
}

export async function writeAtomically(root: string, relPath: string, content: Buffer): Promise<number> {
  ourPath(relPath);
  await mkdirDurably(root, dirname(relPath));
  return replaceAtomically(join(root, relPath), join(root, tempNameOf(relPath)), async (handle) => {
    await handle.writeFile(content);
    return content.length;
  });
}

/** Copies a BE's kernel or initrd to its content-named path; its bytes must hash to what the name says. */
async function copyBootFile(root: string, relPath: string, from: SourceFile): Promise<number> {
  if (!isSha256Hex(from.sha256) || sha256OfBootFile(ourPath(relPath)) !== from.sha256) {
    throw new EspPathRefused(`refusing to write ${JSON.stringify(relPath)}: not named by the SHA-256 of ${from.source}`);
  }
  const source = await openSourceFile(from.source);
  try {
    await mkdirDurably(root, dirname(relPath));
    return await replaceAtomically(join(root, relPath), join(root, tempNameOf(relPath)), async (target) => {
      const hash = createHash('sha256');
      const buffer = Buffer.alloc(1 << 20);
      let written = 0;
      for (;;) {
        const { bytesRead } = await source.read(buffer, 0, buffer.length, written);
        if (bytesRead === 0) break;
        const chunk = buffer.subarray(0, bytesRead);
        hash.update(chunk);
        await target.write(chunk);
        written += bytesRead;
      }
      if (hash.digest('hex') !== from.sha256) throw new Error(`${from.source} changed while it was copied to the ESP; run the sync again`);
      return written;
    });
  } finally {
    await source.close();
  }
}

/** The BE's file, only as the regular file it was when it was hashed (boot-dir.ts read it inside the BE). */
async function openSourceFile(path: string): Promise<FileHandle> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ELOOP') throw new EspPathRefused(`${path} is a symbolic link now; not copied to the ESP`);
    throw error;
  });
  if (!(await handle.stat()).isFile()) {
    await handle.close();
    throw new EspPathRefused(`${path} is not a regular file now; not copied to the ESP`);
  }
  return handle;
}

async function remove(root: string, relPath: string): Promise<void> {
  await unlink(join(root, ourPath(relPath))).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await fsyncDir(dirname(join(root, relPath)));
}

/** Applies the actions; returns the bytes written. Stops at the first error (the plan's order keeps it safe). */
export async function applyEspActions(root: string, actions: readonly EspAction[]): Promise<number> {
  let bytes = 0;
  for (const action of actions) {
    switch (action.op) {
      case 'remove-temp':
      case 'remove-file':
        await remove(root, action.path);
        break;
      case 'write-file':
        bytes += await copyBootFile(root, action.path, action.from);
        break;
      default: {
        // Entries and the default: the one file each writes or removes is its boot loader's to say.
        const change = espChangeOf(action);
        if ('remove' in change) await remove(root, change.remove);
        else bytes += await writeAtomically(root, change.write, Buffer.from(change.text));
      }
    }
  }
  return bytes;
}
