import { describe, expect, test } from '@jest/globals';
import { currentListing, LISTING_RECORD_VERSION, parseListingRecord, serializeListingRecord, writeCounters, type ListingRecord } from '../../../../src/core/esp/listing-record.js';

const ENTRY = { name: 'pve-bootenv-pve-1-6.12.41-amd64.conf', text: 'title pve-1\nlinux /EFI/pve-bootenv/vmlinuz\n' };
const record: ListingRecord = {
  version: LISTING_RECORD_VERSION,
  bootId: 'b-1',
  esps: [
    { esp: 'AAAA-0001', writes: '10:80:0', entries: [ENTRY] },
    { esp: 'AAAA-0002', writes: '12:96:0', entries: [] },
  ],
};
const now = [
  { esp: 'AAAA-0002', writes: '12:96:0' },
  { esp: 'AAAA-0001', writes: '10:80:0' },
];

describe('the ESP listing record', () => {
  test('holds while the boot and every ESP partition\'s write counters are the same, in the order asked', () => {
    expect(currentListing(record, 'b-1', now)).toEqual([
      { esp: 'AAAA-0002', entries: [] },
      { esp: 'AAAA-0001', entries: [ENTRY] },
    ]);
  });

  test('any write to any ESP, another boot, an ESP it does not know or unknown counters make it stale', () => {
    expect(currentListing(record, 'b-1', [{ esp: 'AAAA-0001', writes: '11:88:0' }, now[0]!])).toBeUndefined();
    expect(currentListing(record, 'b-2', now)).toBeUndefined();
    expect(currentListing(record, 'b-1', [...now, { esp: 'AAAA-0003', writes: '1:8:0' }])).toBeUndefined();
    expect(currentListing(record, 'b-1', [{ esp: 'AAAA-0001', writes: undefined }])).toBeUndefined();
    expect(currentListing(undefined, 'b-1', now)).toBeUndefined();
    expect(currentListing(record, 'b-1', [])).toBeUndefined();
  });

  test('a subset of the recorded ESPs is answered (an ESP taken off the list is not shown)', () => {
    expect(currentListing(record, 'b-1', [now[1]!])).toEqual([{ esp: 'AAAA-0001', entries: [ENTRY] }]);
  });

  test('reads back what it wrote; anything else is no record', () => {
    expect(parseListingRecord(serializeListingRecord(record))).toEqual(record);
    for (const text of [undefined, '', 'not json', '[]', '{"version":2,"bootId":"b","esps":[]}', '{"version":1,"esps":[]}', '{"version":1,"bootId":"b","esps":[{"esp":"A","writes":"1","entries":[{"name":1}]}]}']) {
      expect(parseListingRecord(text)).toBeUndefined();
    }
  });
});

describe('write counters of a partition', () => {
  test('writes completed, sectors written and discards, from /sys/class/block/<dev>/stat', () => {
    const line = '     431        0    25290      120       37       12      496       40        0      216      166        3        0       24        1        2        5\n';
    expect(writeCounters(line)).toBe('37:496:3');
    // Linux before 4.18: no discard fields.
    expect(writeCounters('431 0 25290 120 37 12 496 40 0 216 166')).toBe('37:496:-');
  });

  test('none while I/O is in flight, or for a line that is not such a stat', () => {
    expect(writeCounters('431 0 25290 120 37 12 496 40 1 216 166 3 0 24 1 2 5')).toBeUndefined();
    expect(writeCounters('')).toBeUndefined();
    expect(writeCounters('431 0 x 120 37 12 496 40 0 216 166')).toBeUndefined();
  });
});
