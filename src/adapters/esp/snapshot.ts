// Reads what an ESP holds of ours: stored files, leftovers of interrupted writes, the free
// space, and (through its boot loader) our entries and the boot loader's own files.
import { readdir, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { ENTRIES_DIR, GRUB_ENV, GRUB_MENU, LOADER_CONF, OUR_DIR, pathKey, TEMP_PREFIX } from '../../core/esp/layout.js';
import type { EspSnapshot } from '../../core/sync/model.js';
import type { EspBootloader } from '../bootloader/bootloader.js';
import { sha256File } from '../sha256-file.js';
import { tempNameOf } from './apply.js';

/** The names in a directory of the ESP; none if it does not exist. */
export async function espDirNames(root: string, dir: string): Promise<string[]> {
  try {
    return await readdir(join(root, dir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export interface SnapshotOptions {
  /** Hash every stored file (check, repair); otherwise sizes only. */
  verify: boolean;
}

/** What the ESP mounted at root holds of ours; bootloader (registry.ts) reads its own part, our entries among it. */
export async function readEspSnapshot(root: string, id: string, bootloader: EspBootloader, options: SnapshotOptions): Promise<EspSnapshot> {
  const files: EspSnapshot['files'] = [];
  const tempFiles: EspSnapshot['tempFiles'] = [];
  for (const name of await espDirNames(root, OUR_DIR)) {
    const path = `${OUR_DIR}/${name}`;
    // Our GRUB menu lives in our directory, but it is no stored kernel or initrd.
    if (pathKey(path) === pathKey(GRUB_MENU)) continue;
    const { size } = await stat(join(root, path));
    if (name.startsWith(TEMP_PREFIX)) tempFiles.push({ path, size });
    else files.push(options.verify ? { path, size, sha256: await sha256File(join(root, path)) } : { path, size });
  }
  for (const name of await espDirNames(root, ENTRIES_DIR)) {
    const path = `${ENTRIES_DIR}/${name}`;
    if (name.startsWith(`${TEMP_PREFIX}pve-bootenv-`)) tempFiles.push({ path, size: (await stat(join(root, path))).size });
  }
  // The single files we replace have their temp next to them: loader.conf, and grubenv
  // (written for the one-shot choice, outside any sync) on a GRUB ESP.
  for (const temp of [LOADER_CONF, GRUB_ENV].map(tempNameOf)) {
    // Absent (the usual case) is no temp file to collect.
    const tempStat = await stat(join(root, temp)).catch(() => undefined);
    if (tempStat) tempFiles.push({ path: temp, size: tempStat.size });
  }
  const { entries, state } = await bootloader.read();
  const fs = await statfs(root);
  return { id, freeBytes: fs.bavail * fs.bsize, files, entries, tempFiles, bootloader: state };
}
