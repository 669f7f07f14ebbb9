// What the last look at each ESP found of our entries, so that `list` need not mount the
// ESPs again. It is used only while it provably still holds: the same boot (the kernel's
// boot id) and, for every ESP, the same count of writes its partition has seen since boot
// (the block layer's counters, read after the look). Any write to an ESP — ours, p-b-t's,
// an admin's — or a reboot makes it stale, and list reads the ESPs again.
//
// A cache: a file that is missing, corrupt or of another version is no record.
import type { EspEntry } from '../sync/model.js';
import { isObject, parseJsonObject } from '../state-json.js';

export const LISTING_RECORD_VERSION = 1;

export interface EspListing {
  esp: string;
  entries: EspEntry[];
}

export interface RecordedListing extends EspListing {
  /** The partition's write counters when its entries were read (writeCounters() form). */
  writes: string;
}

export interface ListingRecord {
  version: typeof LISTING_RECORD_VERSION;
  bootId: string;
  esps: RecordedListing[];
}

/**
 * The ESPs' entries from the record, in the order of `now`, if the record holds every one
 * of them unwritten since: same boot, same write counters. Undefined when any is unknown.
 */
export function currentListing(record: ListingRecord | undefined, bootId: string, now: Array<{ esp: string; writes: string | undefined }>): EspListing[] | undefined {
  if (record === undefined || record.bootId !== bootId || now.length === 0) return undefined;
  const listings: EspListing[] = [];
  for (const { esp, writes } of now) {
    const recorded = record.esps.find((r) => r.esp === esp);
    if (writes === undefined || recorded === undefined || recorded.writes !== writes) return undefined;
    listings.push({ esp, entries: recorded.entries });
  }
  return listings;
}

/**
 * A partition's write counters from its /sys/class/block/<dev>/stat line: writes completed,
 * sectors written and discards (fields 5, 7 and 12, the last absent before Linux 4.18).
 * Undefined for a line that is not such a stat, or while I/O is in flight (field 9).
 */
export function writeCounters(statLine: string): string | undefined {
  const fields = statLine.trim().split(/\s+/);
  if (fields.length < 11 || !fields.every((f) => /^\d+$/.test(f))) return undefined;
  if (fields[8] !== '0') return undefined;
  return [fields[4], fields[6], fields[11] ?? '-'].join(':');
}

export function serializeListingRecord(record: ListingRecord): string {
  return `${JSON.stringify(record)}\n`;
}

export function parseListingRecord(text: string | undefined): ListingRecord | undefined {
  const parsed = parseJsonObject(text);
  if (parsed === undefined || parsed['version'] !== LISTING_RECORD_VERSION || typeof parsed['bootId'] !== 'string') return undefined;
  const esps = parsed['esps'];
  if (!Array.isArray(esps) || !esps.every(isRecordedListing)) return undefined;
  return { version: LISTING_RECORD_VERSION, bootId: parsed['bootId'], esps };
}

function isRecordedListing(value: unknown): value is RecordedListing {
  if (!isObject(value) || typeof value['esp'] !== 'string' || typeof value['writes'] !== 'string') return false;
  const entries = value['entries'];
  return Array.isArray(entries) && entries.every((e) => isObject(e) && typeof e['name'] === 'string' && typeof e['text'] === 'string');
}
