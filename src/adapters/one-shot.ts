// The next-boot-only choice, where the boot loader looks for it: systemd-boot's
// LoaderEntryOneShot EFI variable, or, on GRUB-mode ESPs, GRUB's next_entry in grubenv
// (grub-reboot's mechanism). Callers speak of entry names (pve-bootenv-<be>-<kver>.conf).
import { entryNameOfGrubPath, grubEntryPath } from '../core/bootfiles/grub-menu.js';
import { clearOneShotEntryVariable, readLoaderVariable, setOneShotEntryVariable } from './efivars.js';
import { readGrubNextEntry, setGrubNextEntry } from './esp/grubenv.js';

/** systemd-boot sets LoaderInfo on every boot; GRUB sets no variable of its kind. */
async function bootedBySystemdBoot(): Promise<boolean> {
  return (await readLoaderVariable('LoaderInfo')) !== undefined;
}

/** The chosen entry: our entry name, or GRUB's raw next_entry when it names someone else's. */
export async function readOneShotEntry(): Promise<string | undefined> {
  const variable = await readLoaderVariable('LoaderEntryOneShot');
  if (variable !== undefined || (await bootedBySystemdBoot())) return variable;
  const next = await readGrubNextEntry();
  return next === undefined ? undefined : (entryNameOfGrubPath(next) ?? next);
}

/** Where systemd-boot booted us only the EFI variable counts; else every GRUB ESP, or the variable if there is none. */
export async function setOneShotEntry(entry: string): Promise<void> {
  if ((await bootedBySystemdBoot()) || (await setGrubNextEntry(grubEntryPath(entry))) === 0) await setOneShotEntryVariable(entry);
}

export async function clearOneShotEntry(): Promise<void> {
  if (await bootedBySystemdBoot()) return clearOneShotEntryVariable();
  const grubEsps = await setGrubNextEntry(undefined);
  if (grubEsps === 0 || (await readLoaderVariable('LoaderEntryOneShot')) !== undefined) await clearOneShotEntryVariable();
}
