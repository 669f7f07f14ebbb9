// GRUB's next-boot-only choice: next_entry in the grubenv of every GRUB-mode ESP
// (grub-reboot's mechanism, next-entry.ts), as the menu path of our entry.
import { entryNameOfGrubPath, grubEntryPath } from '../../../core/bootfiles/grub-menu.js';
import type { OneShotChoice } from '../bootloader.js';
import { readGrubNextEntry, setGrubNextEntry } from './next-entry.js';

export const grubOneShot: OneShotChoice = {
  keptIn: 'esps',
  // GRUB sets no variable that tells it booted us.
  bootedUs: async () => false,
  /** Our entry name, or GRUB's raw next_entry when it names someone else's. */
  async read() {
    const next = await readGrubNextEntry();
    return next === undefined ? undefined : (entryNameOfGrubPath(next) ?? next);
  },
  write: (entry) => setGrubNextEntry(entry === undefined ? undefined : grubEntryPath(entry)),
};
