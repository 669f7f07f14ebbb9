// systemd-boot's next-boot-only choice: the LoaderEntryOneShot EFI variable, which it boots
// once and then deletes. A variable any host can hold, so the choice's last resort where no
// boot loader keeps it on an ESP (bootloader/one-shot.ts).
import type { OneShotChoice } from '../bootloader.js';
import { clearOneShotEntryVariable, readLoaderVariable, setOneShotEntryVariable } from './loader-variables.js';

export const systemdBootOneShot: OneShotChoice = {
  keptIn: 'firmware',
  // systemd-boot sets LoaderInfo on every boot.
  bootedUs: async () => (await readLoaderVariable('LoaderInfo')) !== undefined,
  read: () => readLoaderVariable('LoaderEntryOneShot'),
  async write(entry) {
    await (entry === undefined ? clearOneShotEntryVariable() : setOneShotEntryVariable(entry));
    return 1;
  },
};
