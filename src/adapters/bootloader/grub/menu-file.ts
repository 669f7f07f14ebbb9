// What GRUB has of ours on a mounted ESP: our menu file, whose entries the planner and
// check compare as loader entries.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GrubState } from '../../../core/bootloader/grub.js';
import { parseGrubMenu } from '../../../core/bootfiles/grub-menu.js';
import { renderLoaderEntry } from '../../../core/bootfiles/loader-entry.js';
import { GRUB_MENU } from '../../../core/esp/layout.js';
import type { EspEntry } from '../../../core/sync/model.js';

/** fsUuid: the ESP's vfat UUID, by which the menu's entries find their files. */
export async function readGrubMenuFile(root: string, fsUuid: string): Promise<{ entries: EspEntry[]; state: GrubState }> {
  const menu = await readFile(join(root, GRUB_MENU), 'utf8').catch(() => '');
  return { entries: grubMenuEntries(menu), state: { id: 'grub', fsUuid, menu } };
}

/** The menu's entries in the loader entry form the planner and check compare; none if the menu is unreadable (the sync rewrites it whole). */
function grubMenuEntries(menu: string): EspEntry[] {
  try {
    return parseGrubMenu(menu).entries.map(({ name, entry }) => ({ name, text: renderLoaderEntry(entry) }));
  } catch {
    return [];
  }
}
