// The apt hook's fast path: a BE just cloned from the booted one boots the booted BE's
// kernel and initrd, which are on every ESP already, so only its entries are written —
// no mounting of every other BE, no full plan. When a file is missing, or an ESP is odd
// (a boot loader whose entries cannot be written alone, little space), the caller falls
// back to a full sync. The full sync after dpkg (Post-Invoke) then applies max-loaded and
// everything else as usual.
import { strategyOf } from '../core/bootloader/strategies.js';
import type { EntryAdder } from '../core/bootloader/strategy.js';
import { beOfEntryName, bootFilePath, pathKey } from '../core/esp/layout.js';
import type { EspAction, WantedEntry } from '../core/sync/model.js';
import { applyEspActions } from '../adapters/esp/apply.js';
import { discoverEsps } from '../adapters/esp/discover.js';
import { mountEsp, unmountEsp } from '../adapters/esp/mount.js';
import { readEspSnapshot } from '../adapters/esp/snapshot.js';
import { bootloaderOf, isUnsupported } from '../adapters/bootloader/registry.js';
import type { EspBootloader } from '../adapters/bootloader/bootloader.js';
import { HashCache } from '../adapters/hash-cache.js';
import { stderrLogger } from '../adapters/log.js';
import { failureOf } from '../core/errors.js';
import { beEntries } from './gather-bes.js';
import { findBe, type HostState } from './host-state.js';
import type { EspSettings } from './sync.js';

/** An entry is one vfat cluster or a few; this leaves room for them above the reserve. */
const ENTRY_ROOM = 256 * 1024;

/** Every ESP has the new BE's entries; pastMaxLoaded: some ESP has more BEs on it than max-loaded now. */
export interface FreshCloneEntries {
  pastMaxLoaded: boolean;
}

/** The new BE's entries on every ESP, or undefined when a full sync is needed instead. */
export async function addEntriesOfFreshClone(state: HostState, name: string, settings: EspSettings): Promise<FreshCloneEntries | undefined> {
  const be = findBe(state, name);
  // A fresh clone's files are the booted BE's files: read them at / (no mount needed).
  const entries = await beEntries({ be, dir: '/', isBooted: false, hashes: await HashCache.load(), policy: settings.kernels, problems: [] });
  if (entries.length === 0) return undefined;
  const discovery = await discoverEsps();
  if (discovery.esps.length === 0) return undefined;
  const beNames = state.bes.map((b) => b.name);
  let pastMaxLoaded = false;

  const mounted: Array<{ dir: string; ours: boolean; actions: EspAction[] }> = [];
  let flushed = true;
  try {
    for (const location of discovery.esps) {
      const dir = location.kind === 'listed' ? await mountEsp(location.id, location.device) : location.dir;
      mounted.push({ dir, ours: location.kind === 'listed', actions: [] });
      const bootloader = await bootloaderOf(location, dir);
      if (isUnsupported(bootloader)) return undefined;
      const addEntries = strategyOf(bootloader.id).addEntries;
      if (addEntries === undefined) return undefined;
      const planned = await entryActions(dir, location.id, bootloader, entries, settings, addEntries);
      if (planned === undefined) return undefined;
      mounted[mounted.length - 1]!.actions = planned.actions;
      const loaded = new Set([name, ...planned.entriesThere.map((entry) => beOfEntryName(entry, beNames))]);
      loaded.delete(undefined);
      if (loaded.size > settings.maxLoaded) pastMaxLoaded = true;
    }
    for (const esp of mounted) if (esp.actions.length > 0) await applyEspActions(esp.dir, esp.actions);
  } finally {
    // The unmount flushes what was written: until it succeeded nothing is claimed. Not the
    // hook's failure either way: the caller falls back to the full sync, which mounts and
    // checks the ESP again.
    for (const esp of mounted) {
      if (!esp.ours) continue;
      const failure = await failureOf(() => unmountEsp(esp.dir));
      if (failure === undefined) continue;
      stderrLogger().warn(`could not unmount the ESP at ${esp.dir}: ${failure}`);
      if (esp.actions.length > 0) flushed = false;
    }
  }
  return flushed ? { pastMaxLoaded } : undefined;
}

/** The entry writes for one ESP and the names of our entries already there, or undefined when its files are not all there. */
async function entryActions(
  dir: string,
  id: string,
  bootloader: EspBootloader,
  entries: WantedEntry[],
  settings: EspSettings,
  addEntries: EntryAdder<EspAction>,
): Promise<{ actions: EspAction[]; entriesThere: string[] } | undefined> {
  const snapshot = await readEspSnapshot(dir, id, bootloader, { verify: false });
  if (snapshot.freeBytes < settings.reserveMiB * 1024 * 1024 + ENTRY_ROOM) return undefined;
  const files = new Map(snapshot.files.map((f) => [pathKey(f.path), f.size]));
  for (const entry of entries) {
    for (const file of [entry.linux, entry.initrd]) {
      if (files.get(pathKey(bootFilePath(file.kind, file.kver, file.sha256))) !== file.size) return undefined;
    }
  }
  const actions = addEntries(new Map(snapshot.entries.map((e) => [pathKey(e.name), e])), entries);
  return actions === undefined ? undefined : { actions, entriesThere: snapshot.entries.map((e) => e.name) };
}
