import { describe, expect, test } from '@jest/globals';
import type { BootEnvironment } from '../../../../src/core/be/boot-environment.js';
import { emptyBootRecord, parseBootRecord, recordedBoot, serializeBootRecord, type BootRecord, type RecordedBe } from '../../../../src/core/sync/boot-record.js';

const HASH = 'a'.repeat(64);
const recorded: RecordedBe = {
  dataset: 'rpool/ROOT/old',
  referenced: 1000,
  boot: { kvers: ['6.1.0-55-amd64'], cmdline: 'quiet', cmdlineFrom: 'etc/kernel/cmdline', skipped: [], pins: {} },
  files: { 'vmlinuz-6.1.0-55-amd64': { size: 10, sha256: HASH }, 'initrd.img-6.1.0-55-amd64': { size: 20, sha256: HASH } },
};
const record: BootRecord = { version: 1, bes: { '123': recorded } };
const be = (over: Partial<BootEnvironment> = {}): BootEnvironment => ({
  name: 'old',
  dataset: 'rpool/ROOT/old',
  created: 0,
  usedBytes: 0,
  canmount: 'noauto',
  mounted: false,
  held: false,
  guid: '123',
  referencedBytes: 1000,
  writtenSinceSeen: 0,
  ...over,
});

describe('recordedBoot: the record is used only while ZFS shows the BE unchanged', () => {
  test('unmounted, nothing written since the bookmark, same referenced size: the record', () => {
    expect(recordedBoot(record, be(), false)).toBe(recorded);
  });
  test('a rename keeps the guid, and the record with it', () => {
    expect(recordedBoot(record, be({ name: 'new', dataset: 'rpool/ROOT/new' }), false)).toBe(recorded);
  });
  test.each<[string, Partial<BootEnvironment>, boolean]>([
    ['mounted (a write in flight is not in written# yet)', {}, true],
    ['written to since the bookmark', { writtenSinceSeen: 4096 }, false],
    ['no bookmark', { writtenSinceSeen: undefined }, false],
    ['another referenced size (a rollback)', { referencedBytes: 999 }, false],
    ['no referenced size read', { referencedBytes: undefined }, false],
    ['another dataset (other guid)', { guid: '124' }, false],
    ['no guid read', { guid: undefined }, false],
  ])('%s: read again', (_why, over, mounted) => {
    expect(recordedBoot(record, be(over), mounted)).toBeUndefined();
  });
});

describe('parseBootRecord: anything not exactly a record of this version is an empty one', () => {
  test('what serializeBootRecord writes reads back the same', () => {
    expect(parseBootRecord(serializeBootRecord(record))).toEqual(record);
  });
  test.each([
    ['missing', undefined],
    ['not JSON', '{"version":1,'],
    ['another version', JSON.stringify({ ...record, version: 2 })],
    ['an array', '[]'],
    ['bes not an object', JSON.stringify({ version: 1, bes: [] })],
  ])('%s: empty', (_why, text) => {
    expect(parseBootRecord(text)).toEqual(emptyBootRecord());
  });
  const broken = (change: (entry: Record<string, unknown>) => void): string => {
    const entry = JSON.parse(JSON.stringify(recorded)) as Record<string, unknown>;
    change(entry);
    return JSON.stringify({ version: 1, bes: { '123': entry, '456': recorded } });
  };
  test.each<[string, (entry: Record<string, unknown>) => void]>([
    ['a hash that could name a path', (e) => ((e['files'] as Record<string, { sha256: string }>)['vmlinuz-6.1.0-55-amd64']!.sha256 = '../../etc/passwd')],
    ['a negative size', (e) => ((e['files'] as Record<string, { size: number }>)['vmlinuz-6.1.0-55-amd64']!.size = -1)],
    ['kvers not strings', (e) => ((e['boot'] as Record<string, unknown>)['kvers'] = [1])],
    ['an unknown cmdline source', (e) => ((e['boot'] as Record<string, unknown>)['cmdlineFrom'] = 'etc/passwd')],
    ['an unknown pin', (e) => ((e['boot'] as Record<string, unknown>)['pins'] = { other: 'x' })],
    ['no referenced size', (e) => delete e['referenced']],
  ])('an entry with %s is dropped, the others kept', (_why, change) => {
    expect(Object.keys(parseBootRecord(broken(change)).bes)).toEqual(['456']);
  });
  test('a key that is not a guid is dropped', () => {
    expect(parseBootRecord(JSON.stringify({ version: 1, bes: { 'rpool/ROOT/x': recorded } })).bes).toEqual({});
  });
});

test('the same record is the same bytes, whatever order its BEs were added in', () => {
  const a: BootRecord = { version: 1, bes: { '9': recorded, '10': recorded, '18446744073709551615': recorded } };
  const b: BootRecord = { version: 1, bes: { '18446744073709551615': recorded, '10': recorded, '9': recorded } };
  expect(serializeBootRecord(a)).toBe(serializeBootRecord(b));
});
