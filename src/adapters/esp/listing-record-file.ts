// The ESP listing record (core/esp/listing-record.ts) in /var/cache/pve-bootenv, and the
// facts it is checked against: the boot id and each ESP partition's write counters.
import { mkdir, readFile, realpath } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { LISTING_RECORD_VERSION, parseListingRecord, serializeListingRecord, writeCounters, type ListingRecord } from '../../core/esp/listing-record.js';
import type { EspEntry } from '../../core/sync/model.js';
import type { EspLocation } from './discover.js';
import { writeFileAtomically } from '../atomic-write.js';
import { ESP_LISTING_FILE } from '../runtime-paths.js';

export async function readListingRecord(file = ESP_LISTING_FILE): Promise<ListingRecord | undefined> {
  return parseListingRecord(await readFile(file, 'utf8').catch(() => undefined));
}

/** Writes the record unless the file holds exactly that; a cache, so a failure is only a later re-read. */
export async function writeListingRecord(record: ListingRecord, file = ESP_LISTING_FILE): Promise<void> {
  const text = serializeListingRecord(record);
  if ((await readFile(file, 'utf8').catch(() => undefined)) === text) return;
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomically(file, text);
}

export async function bootId(): Promise<string> {
  return (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
}

/** The write counters of the partition behind device (a /dev/disk/by-uuid link), or undefined. */
export async function partitionWrites(device: string): Promise<string | undefined> {
  try {
    const name = basename(await realpath(device));
    return writeCounters(await readFile(`/sys/class/block/${name}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Records what was just read of every ESP (after its unmount: the counters then include
 * our own writes). Only ESPs we mount count: one the admin keeps mounted can be written
 * any time, so a host with one is never recorded and list reads it each time.
 */
export async function recordEspListing(listings: Array<{ location: EspLocation; entries: EspEntry[] }>): Promise<void> {
  if (listings.length === 0) return;
  const esps = [];
  for (const { location, entries } of listings) {
    if (location.kind !== 'listed') return;
    const writes = await partitionWrites(location.device);
    if (writes === undefined) return;
    esps.push({ esp: location.id, writes, entries });
  }
  await writeListingRecord({ version: LISTING_RECORD_VERSION, bootId: await bootId(), esps });
}
