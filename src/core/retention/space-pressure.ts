// The space trigger of `prune`: while the pool is fuller than max-pool-used-percent, BEs that
// only a soft keep rule keeps go too, oldest first. What a BE frees is estimated by its
// `used` bytes; the estimate is what the plan reports, the caller measures the real pool.

export interface PoolUsage {
  sizeBytes: number;
  usedBytes: number;
}

export interface Expendable {
  name: string;
  usedBytes: number;
}

export interface SpaceOutcome {
  /** Names taken, in the order given, each with its reason ('space: pool at 91 % > 85 %'). */
  taken: { name: string; reason: string }[];
  /** Pool used bytes once they are gone (never below 0). */
  usedBytesAfter: number;
}

/** Percent of the pool in use; 0 for a pool of unknown (0) size, which disables the trigger. */
export function usedPercent(pool: PoolUsage): number {
  return pool.sizeBytes > 0 ? (Math.max(0, pool.usedBytes) / pool.sizeBytes) * 100 : 0;
}

/**
 * Takes from `expendableOldestFirst` while the pool is above maxPercent, each BE lowering
 * the pool's usage by its usedBytes. Stops as soon as usage is at or below maxPercent.
 */
export function relieveSpace(pool: PoolUsage, maxPercent: number, expendableOldestFirst: readonly Expendable[]): SpaceOutcome {
  const taken: SpaceOutcome['taken'] = [];
  let used = Math.max(0, pool.usedBytes);
  for (const be of expendableOldestFirst) {
    const percent = usedPercent({ sizeBytes: pool.sizeBytes, usedBytes: used });
    if (percent <= maxPercent) break;
    taken.push({ name: be.name, reason: `space: pool at ${formatPercent(percent, maxPercent)} % > ${formatPercent(maxPercent)} %` });
    used = Math.max(0, used - be.usedBytes);
  }
  return { taken, usedBytesAfter: used };
}

/**
 * A percentage for people: whole numbers as they are, others to one decimal. A usage shown
 * against a limit it exceeds is rounded up, so that 85.02 % over 85 % reads 85.1, not 85.
 */
export function formatPercent(percent: number, exceeds?: number): string {
  const tenths = Math.round(percent * 10);
  const shown = exceeds !== undefined && tenths / 10 <= exceeds ? Math.floor(exceeds * 10 + 1) / 10 : tenths / 10;
  return String(shown);
}
