// systemd-boot: the boot loader of every ESP no other boot loader claims (registry.ts asks
// it last), as on a stock Proxmox host and a plain Debian one with its ESP at /boot/efi.
import type { Bootloader, EspBootloader } from '../bootloader.js';
import { readSystemdBootFiles } from './esp-files.js';
import { systemdBootFirmwareDefault } from './firmware-default.js';
import { systemdBootOneShot } from './one-shot.js';

/** systemd-boot on the ESP mounted at root. */
export function systemdBootEsp(root: string): EspBootloader {
  return {
    id: 'systemd-boot',
    read: () => readSystemdBootFiles(root),
    // It reads loader/entries/ itself: nothing to hook.
    setupProblems: async () => [],
  };
}

export const systemdBoot: Bootloader = {
  id: 'systemd-boot',
  detect: async (_location, root) => systemdBootEsp(root),
  oneShot: systemdBootOneShot,
  firmwareDefault: systemdBootFirmwareDefault,
};
