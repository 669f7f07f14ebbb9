// Carries out an ESP plan's actions in their order. Every write goes to a temporary name in
// the same directory, is fsynced, renamed over the target, and the directory fsynced: after
// a crash a file is either the old one, the new one, or a leftover temp that the next sync
// removes. vfat has no atomic rename guarantee on power loss, but the fsyncs bound the window
// to the rename itself, and the plan never lets the default entry point at a missing file.
import { open, rename, unlink, mkdir } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { ENTRIES_DIR, GRUB_MENU, LOADER_CONF, TEMP_PREFIX } from '../../core/esp/layout.js';
import type { EspAction } from '../../core/sync/model.js';

export const tempNameOf = (path: string) => join(dirname(path), `${TEMP_PREFIX}${basename(path)}.tmp`);

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeAtomically(root: string, relPath: string, content: Buffer | { fromFile: string }): Promise<number> {
  const target = join(root, relPath);
  const temp = join(root, tempNameOf(relPath));
  await mkdir(dirname(target), { recursive: true });
  const handle = await open(temp, 'w', 0o644);
  let written = 0;
  try {
    if (Buffer.isBuffer(content)) {
      await handle.writeFile(content);
      written = content.length;
    } else {
      for await (const chunk of createReadStream(content.fromFile)) {
        await handle.write(chunk as Buffer);
        written += (chunk as Buffer).length;
      }
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, target);
  await fsyncDir(dirname(target));
  return written;
}

async function remove(root: string, relPath: string): Promise<void> {
  await unlink(join(root, relPath)).catch((error: NodeJS.ErrnoException) => {
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
      case 'remove-entry':
        await remove(root, `${ENTRIES_DIR}/${action.name}`);
        break;
      case 'write-file':
        bytes += await writeAtomically(root, action.path, { fromFile: action.from.source });
        break;
      case 'write-entry':
        bytes += await writeAtomically(root, `${ENTRIES_DIR}/${action.name}`, Buffer.from(action.text));
        break;
      case 'set-default':
        bytes += await writeAtomically(root, LOADER_CONF, Buffer.from(action.loaderConf));
        break;
      case 'write-grub-menu':
        bytes += await writeAtomically(root, GRUB_MENU, Buffer.from(action.text));
        break;
    }
  }
  return bytes;
}
