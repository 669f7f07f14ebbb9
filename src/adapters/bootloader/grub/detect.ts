// Which ESPs GRUB boots. GRUB mode is proxmox-boot-tool's: its grub.cfg is generated on the
// ESP, which our grub.d script hooks into. A GRUB the admin set up some other way (an ESP
// found at /boot/efi) reads its grub.cfg elsewhere: not ours to touch.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GRUB_MARKER } from '../../../core/bootloader/grub.js';
import type { UnsupportedEsp } from '../bootloader.js';
import type { EspLocation } from '../../esp/discover.js';

/** proxmox-boot-tool's test: its GRUB install on the ESP makes it a GRUB-mode ESP. */
async function hasGrubInstall(root: string): Promise<boolean> {
  return stat(join(root, GRUB_MARKER)).then(() => true, () => false);
}

/** Listed as a GRUB ESP by proxmox-boot-tool, or holding its GRUB install. */
export async function isGrubModeEsp(location: EspLocation, root: string): Promise<boolean> {
  return (location.kind === 'listed' && location.listedAsGrub) || (await hasGrubInstall(root));
}

/** Undefined when GRUB does not boot the ESP; UnsupportedEsp when it does, but not under proxmox-boot-tool. */
export async function grubModeOf(location: EspLocation, root: string): Promise<'managed' | UnsupportedEsp | undefined> {
  if (!(await isGrubModeEsp(location, root))) return undefined;
  if (location.kind === 'listed') return 'managed';
  return { unsupported: `GRUB mode (${GRUB_MARKER}) on an ESP proxmox-boot-tool does not list: not handled` };
}
