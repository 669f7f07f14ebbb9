// Reads what an ESP holds of ours, plus loader.conf and the free space.
import { readdir, readFile, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { ENTRIES_DIR, isOurEntryFile, LOADER_CONF, OUR_DIR, TEMP_PREFIX } from '../../core/esp/layout.js';
import type { EspSnapshot } from '../../core/sync/model.js';
import { sha256File } from '../sha256-file.js';
import { tempNameOf } from './apply.js';

/** Files named by proxmox-boot-tool's GRUB mode: such an ESP is not ours to manage (yet). */
export const GRUB_MARKER = 'EFI/proxmox/grubx64.efi';

async function names(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export async function isGrubEsp(root: string): Promise<boolean> {
  return stat(join(root, GRUB_MARKER)).then(() => true, () => false);
}

/** verify: hash every stored file (check, repair); otherwise sizes only. */
export async function readEspSnapshot(root: string, id: string, options: { verify: boolean }): Promise<EspSnapshot> {
  const snapshot: EspSnapshot = { id, freeBytes: 0, files: [], entries: [], tempFiles: [], loaderConf: '' };
  for (const name of await names(join(root, OUR_DIR))) {
    const path = `${OUR_DIR}/${name}`;
    const { size } = await stat(join(root, path));
    if (name.startsWith(TEMP_PREFIX)) snapshot.tempFiles.push({ path, size });
    else snapshot.files.push(options.verify ? { path, size, sha256: await sha256File(join(root, path)) } : { path, size });
  }
  for (const name of await names(join(root, ENTRIES_DIR))) {
    const path = `${ENTRIES_DIR}/${name}`;
    if (name.startsWith(`${TEMP_PREFIX}pve-bootenv-`)) snapshot.tempFiles.push({ path, size: (await stat(join(root, path))).size });
    else if (isOurEntryFile(name)) snapshot.entries.push({ name, text: await readFile(join(root, path), 'utf8') });
  }
  const loaderTemp = tempNameOf(LOADER_CONF);
  const tempStat = await stat(join(root, loaderTemp)).catch(() => undefined);
  if (tempStat) snapshot.tempFiles.push({ path: loaderTemp, size: tempStat.size });
  snapshot.loaderConf = await readFile(join(root, LOADER_CONF), 'utf8').catch(() => '');
  const fs = await statfs(root);
  snapshot.freeBytes = fs.bavail * fs.bsize;
  return snapshot;
}
