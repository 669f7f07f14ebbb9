// GRUB's next-boot-only choice: next_entry in the grubenv of every GRUB-mode ESP
// (grub-reboot's mechanism, next-entry.ts), as the menu path of our entry.
import { entryNameOfGrubPath, grubEntryPath } from '../../../core/bootfiles/grub-menu.js';
import type { OneShotChoice } from '../bootloader.js';
import { loaderThatBootedUs } from '../systemd-boot/loader-variables.js';
import { readGrubNextEntry, setGrubNextEntry } from './next-entry.js';

export const grubOneShot: OneShotChoice = {
  keptIn: 'esps',
  // GRUB 2.12 with its bli module (Debian 13's 25_bli) says so in LoaderInfo; older GRUB says nothing.
  bootedUs: async () => (await loaderThatBootedUs()) === 'grub',
  /** Our entry name, or GRUB's raw next_entry when it names someone else's. */
  async read() {
    const next = await readGrubNextEntry();
    return next === undefined ? undefined : (entryNameOfGrubPath(next) ?? next);
  },
  write: (entry) => setGrubNextEntry(entry === undefined ? undefined : grubEntryPath(entry)),
};
