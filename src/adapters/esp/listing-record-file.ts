// The ESP listing record (core/esp/listing-record.ts) in /var/cache/pve-bootenv: a cache,
// so a file that cannot be read is no record, and one that cannot be written only costs
// the next list its mounts.
import { readFile } from 'node:fs/promises';
import { LISTING_RECORD_VERSION, parseListingRecord, serializeListingRecord, type ListingRecord } from '../../core/esp/listing-record.js';
import type { EspEntry } from '../../core/sync/model.js';
import type { EspLocation } from './discover.js';
import { partitionWrites } from './partition-writes.js';
import { bootId } from '../running-boot.js';
import { writeFileIfChanged } from '../atomic-write.js';
import { ESP_LISTING_FILE } from '../runtime-paths.js';

export async function readListingRecord(file = ESP_LISTING_FILE): Promise<ListingRecord | undefined> {
  return parseListingRecord(await readFile(file, 'utf8').catch(() => undefined));
}

/**
 * Records what was just read of every ESP (after its unmount: the counters then include
 * our own writes). Only ESPs we mount count: one the admin keeps mounted can be written
 * any time, so a host with one is never recorded and list reads it each time.
 */
export async function recordEspListing(listings: Array<{ location: EspLocation; entries: EspEntry[] }>, file = ESP_LISTING_FILE): Promise<void> {
  if (listings.length === 0) return;
  const esps = [];
  for (const { location, entries } of listings) {
    if (location.kind !== 'listed') return;
    const writes = await partitionWrites(location.device);
    if (writes === undefined) return;
    esps.push({ esp: location.id, writes, entries });
  }
  await writeFileIfChanged(file, serializeListingRecord({ version: LISTING_RECORD_VERSION, bootId: await bootId(), esps }));
}
