// What systemd-boot has of ours on a mounted ESP: our loader entries under loader/entries/
// (others' are not read), and loader.conf, whose default line the plan sets.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SystemdBootState } from '../../../core/bootloader/systemd-boot.js';
import { ENTRIES_DIR, isOurEntryFile, LOADER_CONF } from '../../../core/esp/layout.js';
import type { EspEntry } from '../../../core/sync/model.js';
import { espDirNames } from '../../esp/snapshot.js';

export async function readSystemdBootFiles(root: string): Promise<{ entries: EspEntry[]; state: SystemdBootState }> {
  const entries: EspEntry[] = [];
  for (const name of (await espDirNames(root, ENTRIES_DIR)).filter(isOurEntryFile)) {
    entries.push({ name, text: await readFile(join(root, ENTRIES_DIR, name), 'utf8') });
  }
  const loaderConf = await readFile(join(root, LOADER_CONF), 'utf8').catch(() => '');
  return { entries, state: { id: 'systemd-boot', loaderConf } };
}
