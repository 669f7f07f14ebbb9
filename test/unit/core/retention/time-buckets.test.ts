import { describe, expect, test } from '@jest/globals';
import { bucketOf, newestPerBucket, type Period } from '../../../../src/core/retention/time-buckets.js';

/** Epoch seconds of an ISO time. */
const at = (iso: string): number => Date.parse(iso) / 1000;
const label = (period: Period, iso: string, offset = 0): string => bucketOf(period, at(iso), offset).label;
const key = (period: Period, iso: string, offset = 0): number => bucketOf(period, at(iso), offset).key;

describe('bucketOf labels', () => {
  test.each<[Period, string, string]>([
    ['hourly', '2026-11-20T14:59:59Z', '2026-11-20 14:00'],
    ['hourly', '2026-11-20T00:00:00Z', '2026-11-20 00:00'],
    ['daily', '2026-11-20T23:59:59Z', '2026-11-20'],
    ['weekly', '2026-11-20T12:00:00Z', '2026-W47'],
    ['weekly', '2026-11-16T00:00:00Z', '2026-W47'], // Monday opens the week
    ['weekly', '2026-11-22T23:59:59Z', '2026-W47'], // Sunday closes it
    ['weekly', '2026-11-15T23:59:59Z', '2026-W46'],
    ['weekly', '2026-01-01T00:00:00Z', '2026-W01'], // a Thursday: week 1 of its own year
    ['weekly', '2025-12-29T00:00:00Z', '2026-W01'], // ISO week-year differs from the calendar year
    ['weekly', '2026-12-31T00:00:00Z', '2026-W53'],
    ['weekly', '2027-01-03T23:59:59Z', '2026-W53'],
    ['weekly', '2027-01-04T00:00:00Z', '2027-W01'],
    ['weekly', '2024-12-30T00:00:00Z', '2025-W01'],
    ['weekly', '1970-01-01T00:00:00Z', '1970-W01'],
    ['weekly', '1969-12-29T00:00:00Z', '1970-W01'],
    ['monthly', '2026-11-30T23:59:59Z', '2026-11'],
    ['monthly', '2026-12-01T00:00:00Z', '2026-12'],
    ['monthly', '2027-01-01T00:00:00Z', '2027-01'],
  ])('%s %s -> %s', (period, iso, expected) => {
    expect(label(period, iso)).toBe(expected);
  });
});

describe('bucketOf in local time', () => {
  // 23:30 UTC is already tomorrow at UTC+1, and still today at UTC-5.
  test('an offset east moves the late evening into the next day, week and month', () => {
    expect(label('daily', '2026-11-20T23:30:00Z', 60)).toBe('2026-11-21');
    expect(label('hourly', '2026-11-20T23:30:00Z', 60)).toBe('2026-11-21 00:00');
    expect(label('weekly', '2026-11-22T23:30:00Z', 60)).toBe('2026-W48'); // Monday 00:30 local
    expect(label('monthly', '2026-11-30T23:30:00Z', 60)).toBe('2026-12');
    expect(label('monthly', '2026-12-31T23:30:00Z', 60)).toBe('2027-01');
  });

  test('an offset west keeps the early morning in the previous day, week and month', () => {
    expect(label('daily', '2026-11-21T03:00:00Z', -300)).toBe('2026-11-20');
    expect(label('weekly', '2026-11-23T03:00:00Z', -300)).toBe('2026-W47'); // Sunday 22:00 local
    expect(label('monthly', '2026-12-01T03:00:00Z', -300)).toBe('2026-11');
    expect(label('monthly', '2027-01-01T03:00:00Z', -300)).toBe('2026-12');
  });

  test('half-hour offsets shift the hour edges too', () => {
    // 08:29 and 08:31 UTC are 13:59 and 14:01 at UTC+5:30.
    expect(label('hourly', '2026-11-20T08:29:00Z', 330)).toBe('2026-11-20 13:00');
    expect(label('hourly', '2026-11-20T08:31:00Z', 330)).toBe('2026-11-20 14:00');
  });

  test('the edge itself belongs to the bucket it opens', () => {
    // Local midnight at UTC+2 is 22:00 UTC.
    expect(key('daily', '2026-11-20T21:59:59Z', 120)).toBe(key('daily', '2026-11-20T12:00:00Z', 120));
    expect(key('daily', '2026-11-20T22:00:00Z', 120)).toBe(key('daily', '2026-11-20T21:59:59Z', 120) + 1);
  });
});

test('keys grow by one from a bucket to the next', () => {
  expect(key('hourly', '2026-11-20T15:00:00Z') - key('hourly', '2026-11-20T14:59:59Z')).toBe(1);
  expect(key('daily', '2026-11-21T00:00:00Z') - key('daily', '2026-11-20T23:59:59Z')).toBe(1);
  expect(key('weekly', '2026-11-23T00:00:00Z') - key('weekly', '2026-11-22T23:59:59Z')).toBe(1);
  expect(key('monthly', '2027-01-01T00:00:00Z') - key('monthly', '2026-12-31T23:59:59Z')).toBe(1);
});

describe('newestPerBucket', () => {
  const item = (iso: string): { name: string; created: number } => ({ name: iso, created: at(iso) });
  // Newest first; days 20 (twice), 19, 15 and 10: no BE on the days between.
  const items = [
    item('2026-11-20T18:00:00Z'),
    item('2026-11-20T09:00:00Z'),
    item('2026-11-19T12:00:00Z'),
    item('2026-11-15T12:00:00Z'),
    item('2026-11-10T12:00:00Z'),
  ];
  const kept = (count: number, offset = 0): [string, string][] =>
    [...newestPerBucket(items, 'daily', count, offset)].map(([i, l]) => [i.name, l]);

  test('the newest of each of the latest buckets that have one, skipping empty ones', () => {
    expect(kept(3)).toEqual([
      ['2026-11-20T18:00:00Z', '2026-11-20'],
      ['2026-11-19T12:00:00Z', '2026-11-19'],
      ['2026-11-15T12:00:00Z', '2026-11-15'],
    ]);
  });

  test('a count of 0 keeps nothing; a large one keeps one per bucket', () => {
    expect(kept(0)).toEqual([]);
    expect(kept(100).map(([name]) => name)).toEqual([
      '2026-11-20T18:00:00Z',
      '2026-11-19T12:00:00Z',
      '2026-11-15T12:00:00Z',
      '2026-11-10T12:00:00Z',
    ]);
  });

  test('at UTC+8 the 18:00 BE falls on the 21st, so the 09:00 one is the newest of the 20th', () => {
    expect(kept(2, 480)).toEqual([
      ['2026-11-20T18:00:00Z', '2026-11-21'],
      ['2026-11-20T09:00:00Z', '2026-11-20'],
    ]);
  });
});
