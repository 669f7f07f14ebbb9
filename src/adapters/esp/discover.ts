// Which ESPs to sync: those proxmox-boot-tool manages, or else the one mounted at
// /boot/efi or /efi on a plain Debian systemd-boot host.
import { readFile } from 'node:fs/promises';
import { parseEspList } from '../../core/bootfiles/esp-list.js';
import { fileSystemMountedAt } from '../mount-table.js';

export const ESP_LISTS = ['/etc/kernel/proxmox-boot-uuids', '/etc/kernel/pve-efiboot-uuids'];

export type EspLocation =
  /**
   * Listed by proxmox-boot-tool: we mount it ourselves (privately) while we work.
   * listedAsGrub: the list's second word is `grub`, which GRUB's detection takes as a sign
   * (adapters/bootloader/registry.ts decides which boot loader boots it, once per ESP).
   */
  | { kind: 'listed'; id: string; device: string; listedAsGrub: boolean }
  /** Mounted by the admin: we use it where it is and leave it mounted. */
  | { kind: 'mounted'; id: string; dir: string };

export interface Discovery {
  esps: EspLocation[];
  /** Lines of the list that were skipped, for a warning each. */
  problems: string[];
  source: string;
}

export async function discoverEsps(): Promise<Discovery> {
  for (const list of ESP_LISTS) {
    let text: string;
    try {
      text = await readFile(list, 'utf8');
    } catch {
      continue;
    }
    const parsed = parseEspList(text);
    return {
      esps: parsed.esps.map((e) => ({ kind: 'listed', id: e.uuid, device: `/dev/disk/by-uuid/${e.uuid}`, listedAsGrub: e.grub })),
      problems: parsed.problems.map((p) => `${list}: ${p}`),
      source: list,
    };
  }
  for (const dir of ['/boot/efi', '/efi']) {
    if ((await fileSystemMountedAt(dir))?.fstype === 'vfat') return { esps: [{ kind: 'mounted', id: dir, dir }], problems: [], source: dir };
  }
  return { esps: [], problems: [], source: 'none' };
}
