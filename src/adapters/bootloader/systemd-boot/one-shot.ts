// systemd-boot's next-boot-only choice: the LoaderEntryOneShot EFI variable, which it boots
// once and then deletes. A variable any host can hold, so the choice's last resort where no
// boot loader keeps it on an ESP (bootloader/one-shot.ts).
import type { OneShotChoice } from '../bootloader.js';
import { clearOneShotEntryVariable, loaderThatBootedUs, readLoaderVariable, setOneShotEntryVariable } from './loader-variables.js';

export const systemdBootOneShot: OneShotChoice = {
  keptIn: 'firmware',
  // systemd-boot sets LoaderInfo on every boot; GRUB 2.12 (PVE 9) sets it too, to its own name.
  bootedUs: async () => (await loaderThatBootedUs()) === 'systemd-boot',
  read: () => readLoaderVariable('LoaderEntryOneShot'),
  async write(entry) {
    await (entry === undefined ? clearOneShotEntryVariable() : setOneShotEntryVariable(entry));
    return 1;
  },
};
