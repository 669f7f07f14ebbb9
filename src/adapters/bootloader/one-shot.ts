// The next-boot-only choice, wherever the host's boot loaders look for it (each one's
// oneShot: systemd-boot's LoaderEntryOneShot EFI variable, GRUB's next_entry on every
// GRUB-mode ESP). Callers speak of entry names (pve-bootenv-<be>-<kver>.conf).
//
// The boot loader that started the running system, when it can tell, is the only one that
// counts. Otherwise the choice goes onto the ESPs of the boot loaders that keep it there,
// and into firmware only when the host has none of those (the firmware's variable is the
// last resort, which any host can hold); clearing also clears the firmware's when it is
// set. Reading looks in firmware first: that needs no ESP mounted.
import { BOOTLOADERS } from './registry.js';
import type { OneShotChoice } from './bootloader.js';

export interface OneShot {
  read(): Promise<string | undefined>;
  set(entry: string): Promise<void>;
  clear(): Promise<void>;
}

/** The choice over these boot loaders' places (exported for its unit test). */
export function oneShotOver(choices: readonly OneShotChoice[]): OneShot {
  const bootedBy = async (): Promise<OneShotChoice | undefined> => {
    for (const choice of choices) if (await choice.bootedUs()) return choice;
    return undefined;
  };
  const inFirmware = choices.filter((c) => c.keptIn === 'firmware');
  const onEsps = choices.filter((c) => c.keptIn === 'esps');

  const write = async (entry: string | undefined): Promise<void> => {
    const booted = await bootedBy();
    if (booted !== undefined) {
      await booted.write(entry);
      return;
    }
    let places = 0;
    for (const choice of onEsps) places += await choice.write(entry);
    for (const choice of inFirmware) {
      if (places === 0 || (entry === undefined && (await choice.read()) !== undefined)) await choice.write(entry);
    }
  };

  return {
    async read() {
      const booted = await bootedBy();
      if (booted !== undefined) return booted.read();
      for (const choice of [...inFirmware, ...onEsps]) {
        const entry = await choice.read();
        if (entry !== undefined) return entry;
      }
      return undefined;
    },
    set: (entry) => write(entry),
    clear: () => write(undefined),
  };
}

const hostOneShot = oneShotOver(BOOTLOADERS.map((b) => b.oneShot));

/** The chosen entry: our entry name, or a boot loader's raw choice when it names someone else's. */
export const readOneShotEntry = (): Promise<string | undefined> => hostOneShot.read();
export const setOneShotEntry = (entry: string): Promise<void> => hostOneShot.set(entry);
export const clearOneShotEntry = (): Promise<void> => hostOneShot.clear();
