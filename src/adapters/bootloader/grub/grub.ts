// GRUB, on proxmox-boot-tool's GRUB-mode ESPs (Secure Boot hosts: shim + GRUB). Its default
// is in our menu file only: no firmware default.
import type { Bootloader, EspBootloader } from '../bootloader.js';
import { grubModeOf } from './detect.js';
import { grubCfgProblems } from './grub-cfg.js';
import { readGrubMenuFile } from './menu-file.js';
import { grubOneShot } from './one-shot.js';

/** GRUB on the ESP mounted at root, whose vfat UUID is fsUuid. */
function grubEsp(root: string, fsUuid: string): EspBootloader {
  return {
    id: 'grub',
    read: () => readGrubMenuFile(root, fsUuid),
    setupProblems: () => grubCfgProblems(root),
  };
}

export const grub: Bootloader = {
  id: 'grub',
  async detect(location, root) {
    const mode = await grubModeOf(location, root);
    // Only a listed ESP is 'managed': its id is its vfat UUID.
    return mode === 'managed' ? grubEsp(root, location.id) : mode;
  },
  oneShot: grubOneShot,
};
