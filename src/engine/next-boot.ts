// `pve-bootenv activate --clear-next-boot`: forget a next-boot-only choice.
import { clearOneShotEntry, readOneShotEntry } from '../adapters/bootloader/one-shot.js';

/** The entry that was chosen (cleared unless dryRun), or undefined if none was. */
export async function clearNextBoot(dryRun: boolean): Promise<string | undefined> {
  const entry = await readOneShotEntry();
  if (entry !== undefined && !dryRun) await clearOneShotEntry();
  return entry;
}
