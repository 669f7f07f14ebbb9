// `pve-bootenv list`: one `zfs list` for the BEs and, for which of them have entries on
// each ESP (loader entries, or our GRUB menu's), the ESP listing record when it provably
// still holds (core/esp/listing-record.ts); else one look at each ESP, mounted read-only,
// which is recorded for the next list.
import { listView, type ListView } from '../core/be/list-view.js';
import { currentListing, type EspListing } from '../core/esp/listing-record.js';
import { discoverEsps, type EspLocation } from '../adapters/esp/discover.js';
import { mountEsp, unmountEsp } from '../adapters/esp/mount.js';
import { readListingRecord, recordEspListing } from '../adapters/esp/listing-record-file.js';
import { partitionWrites } from '../adapters/esp/partition-writes.js';
import { bootId } from '../adapters/running-boot.js';
import { readOurEntries } from '../adapters/bootloader/registry.js';
import { zfsMounts } from '../adapters/mount-table.js';
import { isPrivateBeMount } from '../adapters/be-mount.js';
import { readHostState, trialOf } from './host-state.js';
import { readVerification } from '../adapters/verification-file.js';
import { messageOf } from '../core/errors.js';

export interface ListResult {
  view: ListView;
  problems: string[];
}

export async function list(): Promise<ListResult> {
  const state = await readHostState();
  const problems: string[] = [];
  const [mountpoints, esps, verification] = await Promise.all([zfsMounts(), readEspEntries(problems), readVerification()]);
  // Our own private read-only mounts are not the admin's business.
  for (const [dataset, dir] of mountpoints) if (isPrivateBeMount(dir)) mountpoints.delete(dataset);
  const view = listView(state.beRoot, {
    bes: state.bes,
    booted: state.booted,
    defaultDataset: state.defaultDataset,
    nextBootDataset: state.nextBootDataset,
    mountpoints,
    esps,
    trialOf: (be) => trialOf(state, be),
  });
  return { view: { ...view, lastVerification: verification ?? null }, problems };
}

async function readEspEntries(problems: string[]): Promise<EspListing[]> {
  const discovery = await discoverEsps();
  problems.push(...discovery.problems);
  const recorded = await recordedListing(discovery.esps);
  if (recorded !== undefined) return recorded;
  const result: EspListing[] = [];
  const read: Array<{ location: EspLocation; entries: EspListing['entries'] }> = [];
  for (const location of discovery.esps) {
    let dir: string;
    try {
      dir = location.kind === 'listed' ? await mountEsp(location.id, location.device, { readOnly: true }) : location.dir;
    } catch (error) {
      problems.push(`ESP ${location.id}: cannot mount it: ${messageOf(error)}`);
      continue;
    }
    try {
      const entries = await readOurEntries(location, dir);
      result.push({ esp: location.id, entries });
      read.push({ location, entries });
    } catch (error) {
      problems.push(`ESP ${location.id}: ${messageOf(error)}`);
    } finally {
      // Mounted read-only in our private namespace: nothing to flush, and the mount ends with
      // the process; the entries read are the list's either way.
      if (location.kind === 'listed') await unmountEsp(dir).catch(() => undefined);
    }
  }
  // Only a complete look is worth keeping; the record is a cache, so failing to write it costs nothing.
  if (read.length === discovery.esps.length) await recordEspListing(read).catch(() => undefined);
  return result;
}

/** The entries the record holds for exactly these ESPs, if none was written to since. */
async function recordedListing(esps: EspLocation[]): Promise<EspListing[] | undefined> {
  const listed = esps.filter((location): location is Extract<EspLocation, { kind: 'listed' }> => location.kind === 'listed');
  if (listed.length !== esps.length) return undefined;
  try {
    const [record, id, writes] = await Promise.all([
      readListingRecord(),
      bootId(),
      Promise.all(listed.map(async (location) => ({ esp: location.id, writes: await partitionWrites(location.device) }))),
    ]);
    return currentListing(record, id, writes);
  } catch {
    return undefined;
  }
}
