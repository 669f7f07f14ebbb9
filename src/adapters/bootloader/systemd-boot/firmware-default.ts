// systemd-boot's LoaderEntryDefault EFI variable (bootctl set-default), which it honours
// over loader.conf. The sync sets it once the default entry is on some systemd-boot ESP;
// where the firmware refuses, loader.conf's default line still selects the entry.
import type { FirmwareDefault } from '../bootloader.js';
import { readLoaderVariable, setDefaultEntryVariable } from './loader-variables.js';

export const systemdBootFirmwareDefault: FirmwareDefault = {
  read: () => readLoaderVariable('LoaderEntryDefault'),
  set: setDefaultEntryVariable,
  refused: (reason) => `could not set the LoaderEntryDefault EFI variable (${reason}); loader.conf's default line still selects the entry`,
};
