// Calendar buckets for the keep-hourly/daily/weekly/monthly rules: the hour, day, ISO week
// (Monday to Sunday) or month a moment falls in, in local time. Local time is UTC shifted
// by one fixed offset, the one in force now: a BE made under summer time may land an hour
// off near a bucket edge once winter time has come, which moves it at most to the next
// bucket over; a time-zone database per BE is not worth that.

export type Period = 'hourly' | 'daily' | 'weekly' | 'monthly';

/** Shortest first, the order their reasons are listed in. */
export const PERIODS: readonly Period[] = ['hourly', 'daily', 'weekly', 'monthly'];

export interface Bucket {
  /** Orders the buckets of one period: a later bucket has a larger key. */
  key: number;
  /** e.g. 2026-11-20 14:00, 2026-11-20, 2026-W47, 2026-11 */
  label: string;
}

const HOUR = 3600;
const DAY = 86400;

/** The bucket of `period` that epochSeconds falls in, at utcOffsetMinutes east of UTC. */
export function bucketOf(period: Period, epochSeconds: number, utcOffsetMinutes = 0): Bucket {
  const local = epochSeconds + utcOffsetMinutes * 60;
  const day = Math.floor(local / DAY);
  switch (period) {
    case 'hourly': {
      const hour = Math.floor(local / HOUR);
      return { key: hour, label: `${dateLabel(day)} ${pad(hour - day * 24)}:00` };
    }
    case 'daily':
      return { key: day, label: dateLabel(day) };
    case 'weekly': {
      // Day 0 (1970-01-01) was a Thursday: day + 3 counts from Monday 1969-12-29, and the
      // Thursday of week k is day 7k. The Thursday names the ISO week and its year.
      const week = Math.floor((day + 3) / 7);
      const thursday = new Date(week * 7 * DAY * 1000);
      const year = thursday.getUTCFullYear();
      const dayOfYear = week * 7 - Math.floor(Date.UTC(year, 0, 1) / (DAY * 1000));
      return { key: week, label: `${year}-W${pad(Math.floor(dayOfYear / 7) + 1)}` };
    }
    case 'monthly': {
      const date = new Date(day * DAY * 1000);
      const year = date.getUTCFullYear();
      const month = date.getUTCMonth();
      return { key: year * 12 + month, label: `${year}-${pad(month + 1)}` };
    }
  }
}

/**
 * Restic's and zrepl's grid: for the `count` latest buckets that hold any of `items`, the
 * newest item of each. items must come newest first (as bucket keys never decrease with
 * time, the first item met in a bucket is its newest). Returns item -> bucket label.
 */
export function newestPerBucket<T extends { created: number }>(
  itemsNewestFirst: readonly T[],
  period: Period,
  count: number,
  utcOffsetMinutes = 0,
): Map<T, string> {
  const kept = new Map<T, string>();
  const seen = new Set<number>();
  for (const item of itemsNewestFirst) {
    if (seen.size >= count) break;
    const bucket = bucketOf(period, item.created, utcOffsetMinutes);
    if (seen.has(bucket.key)) continue;
    seen.add(bucket.key);
    kept.set(item, bucket.label);
  }
  return kept;
}

function dateLabel(day: number): string {
  return new Date(day * DAY * 1000).toISOString().slice(0, 10);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
