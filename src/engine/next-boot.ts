// `pve-bootenv activate --clear-next-boot`: forget a next-boot-only choice.
import { clearOneShotEntryVariable, readLoaderVariable } from '../adapters/efivars.js';

/** The entry that was chosen (cleared unless dryRun), or undefined if none was. */
export async function clearNextBoot(dryRun: boolean): Promise<string | undefined> {
  const entry = await readLoaderVariable('LoaderEntryOneShot');
  if (entry !== undefined && !dryRun) await clearOneShotEntryVariable();
  return entry;
}
