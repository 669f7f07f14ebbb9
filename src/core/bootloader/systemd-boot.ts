// systemd-boot's way (the Boot Loader Specification): one loader entry file per entry under
// loader/entries/, and the default as the `default` line of loader/loader.conf. loader.conf
// belongs to proxmox-boot-tool and the admin: the only line we ever change is `default`.
import { BootFileError } from '../bootfiles/errors.js';
import { parseLoaderConf, setLoaderDefault } from '../bootfiles/loader-conf.js';
import { ENTRIES_DIR, LOADER_CONF, pathKey } from '../esp/layout.js';
import type { EspEntry, WantedEntry } from '../sync/model.js';
import type { BootloaderStrategy } from './strategy.js';

export interface SystemdBootState {
  id: 'systemd-boot';
  /** loader/loader.conf's text ('' if there is none). */
  loaderConf: string;
}

export type SystemdBootAction =
  | { op: 'remove-entry'; name: string }
  | { op: 'write-entry'; name: string; text: string }
  | { op: 'set-default'; entry: string; loaderConf: string };

/** The entries whose text on the ESP is not the wanted one (or that are not there). */
function entryWrites(current: ReadonlyMap<string, EspEntry>, entries: Iterable<WantedEntry>): SystemdBootAction[] {
  const writes: SystemdBootAction[] = [];
  for (const entry of entries) {
    if (current.get(pathKey(entry.name))?.text !== entry.text) writes.push({ op: 'write-entry', name: entry.name, text: entry.text });
  }
  return writes;
}

export const systemdBootStrategy: BootloaderStrategy<SystemdBootState, SystemdBootAction> = {
  id: 'systemd-boot',
  ops: ['remove-entry', 'write-entry', 'set-default'],

  currentDefault({ loaderConf }) {
    try {
      return parseLoaderConf(loaderConf).default;
    } catch {
      return undefined; // someone else's malformed file: setLoaderDefault still edits only its default line
    }
  },

  /**
   * A malformed line is the ESP's finding, not a reason to call the whole ESP unreadable:
   * the sync goes on past it too (it edits only the default line), and systemd-boot skips
   * lines it cannot parse.
   */
  checkedDefault({ loaderConf }) {
    try {
      return { entry: parseLoaderConf(loaderConf).default };
    } catch (error) {
      if (!(error instanceof BootFileError)) throw error;
      return {
        entry: undefined,
        problem: {
          message: `loader/loader.conf cannot be read (${error.message}): systemd-boot skips such a line, and its default is not checked`,
          fix: 'correct that line of loader/loader.conf on the ESP (the sync changes only its default line)',
        },
      };
    }
  },

  planEntries({ state, current, wanted, defaultEntry, currentDefault, defaultNow }) {
    const removals: SystemdBootAction[] = [];
    const removalsAfterDefault: SystemdBootAction[] = [];
    for (const [key, entry] of current) {
      if (wanted.has(key)) continue;
      (entry === defaultNow ? removalsAfterDefault : removals).push({ op: 'remove-entry', name: entry.name });
    }
    const writes = entryWrites(current, wanted.values());
    if (defaultEntry !== undefined && wanted.has(pathKey(defaultEntry)) && currentDefault !== defaultEntry) {
      writes.push({ op: 'set-default', entry: defaultEntry, loaderConf: setLoaderDefault(state.loaderConf, defaultEntry) });
    }
    return { removals, writes, removalsAfterDefault };
  },

  // Each entry is a file of its own: a new BE's entries can go next to the others.
  addEntries(current, entries) {
    return entryWrites(current, entries);
  },

  changeOf(action) {
    switch (action.op) {
      case 'remove-entry':
        return { remove: `${ENTRIES_DIR}/${action.name}` };
      case 'write-entry':
        return { write: `${ENTRIES_DIR}/${action.name}`, text: action.text };
      case 'set-default':
        return { write: LOADER_CONF, text: action.loaderConf };
    }
  },

  wording: { defaultSource: 'loader.conf', name: 'systemd-boot', withoutDefault: 'systemd-boot boots the first entry in its own order' },
};
