// Builders for the retention tests: a synthetic clock and BEs that are automatic, unheld
// and not booted unless a test says otherwise.
import type { PrunePlan, PruneInput, RetentionBe, RetentionPolicy } from '../../../../src/core/retention/plan-prune.js';

/** Epoch seconds of an ISO time. */
export const at = (iso: string): number => Date.parse(iso) / 1000;

export const HOUR = 3600;
export const DAY = 86400;

/** Friday 2026-11-20, 15:00 UTC. */
export const NOW = at('2026-11-20T15:00:00Z');

export function be(name: string, created: number | string, more: Partial<RetentionBe> = {}): RetentionBe {
  return {
    name,
    created: typeof created === 'string' ? at(created) : created,
    madeBy: 'apt',
    important: false,
    held: false,
    booted: false,
    isDefault: false,
    nextBoot: false,
    usedBytes: 10,
    ...more,
  };
}

/** Every rule off and no space pressure: a test turns on what it is about. */
export const NOTHING: RetentionPolicy = {
  keepLast: 0,
  keepImportant: 0,
  keepHourly: 0,
  keepDaily: 0,
  keepWeekly: 0,
  keepMonthly: 0,
  minAgeHours: 0,
  maxPoolUsedPercent: 100,
};

export function input(bes: RetentionBe[], policy: Partial<RetentionPolicy> = {}, more: Partial<PruneInput> = {}): PruneInput {
  return {
    bes,
    policy: { ...NOTHING, ...policy },
    now: NOW,
    includeManual: false,
    pool: { sizeBytes: 1000, usedBytes: 500 },
    ...more,
  };
}

/** The verdicts as lines, newest first: "name keep|destroy: reason; reason". */
export function lines(plan: PrunePlan): string[] {
  return plan.verdicts.map((v) => `${v.name} ${v.action}: ${v.reasons.join('; ')}`);
}
