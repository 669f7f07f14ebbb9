// Which boot loader boots an ESP, decided here once per ESP, and every boot loader by its
// id. Adding a boot mode: its folder beside systemd-boot/ and grub/ (and its strategy in
// core/bootloader), and one line in BOOTLOADERS.
import type { BootloaderId } from '../../core/bootloader/strategies.js';
import type { EspEntry } from '../../core/sync/model.js';
import type { EspLocation } from '../esp/discover.js';
import type { Bootloader, EspBootloader, UnsupportedEsp } from './bootloader.js';
import { grub } from './grub/grub.js';
import { systemdBoot, systemdBootEsp } from './systemd-boot/systemd-boot.js';

/** Asked in this order; the first that claims an ESP boots it. systemd-boot, last, claims every ESP. */
export const BOOTLOADERS: readonly Bootloader[] = [grub, systemdBoot];

/** The boot loader of the ESP at location, mounted at root. */
export async function bootloaderOf(location: EspLocation, root: string): Promise<EspBootloader | UnsupportedEsp> {
  for (const bootloader of BOOTLOADERS) {
    const found = await bootloader.detect(location, root);
    if (found !== undefined) return found;
  }
  throw new Error(`ESP ${location.id}: no boot loader claims it`); // systemd-boot claims every ESP
}

export function isUnsupported(found: EspBootloader | UnsupportedEsp): found is UnsupportedEsp {
  return 'unsupported' in found;
}

export function bootloaderWithId(id: BootloaderId): Bootloader {
  const bootloader = BOOTLOADERS.find((b) => b.id === id);
  if (bootloader === undefined) throw new Error(`no boot loader ${JSON.stringify(id)}`);
  return bootloader;
}

/**
 * Our entries on the ESP, for list. One whose boot loader is not ours to touch is read
 * for loader entries all the same, as systemd-boot's: list shows what is there.
 */
export async function readOurEntries(location: EspLocation, root: string): Promise<EspEntry[]> {
  const found = await bootloaderOf(location, root);
  return (await (isUnsupported(found) ? systemdBootEsp(root) : found).read()).entries;
}
