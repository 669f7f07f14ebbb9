// What `pve-bootenv prune` destroys, and why each BE stays or goes. A union of keep rules,
// as zrepl and restic do it: a BE goes only if no rule keeps it, and every rule that keeps
// it is named, so that a dry run explains itself. Snapper's number cleanup gives the
// keep-important count and the minimum age; sanoid's prune_defer the space trigger.
//
// Decisions:
// - Protected BEs (booted, default, next boot, held, and manual ones without
//   --include-manual) are never destroyed and are not candidates: they take no keep-last,
//   keep-important or time-grid slot, so a held BE does not push an automatic one out.
// - BEs younger than min-age-hours are candidates like any other (they are the newest and
//   fill the keep-last slots, as in snapper); being young only keeps them themselves.
// - keep-last and the time grid are soft: while the pool stays fuller than
//   max-pool-used-percent after the ordinary pruning, BEs kept by nothing else go too,
//   oldest first. keep-important, min-age and the protections are firm: the BEs that
//   matter after a bad kernel upgrade outlive any space pressure.
// - "Newest" is by creation time, then by name: of two BEs made in the same second the
//   one whose name sorts later counts as newer (apt-…-143000 before apt-…-143000-2).
import type { Config } from '../config/config.js';
import { formatPercent, relieveSpace, usedPercent } from './space-pressure.js';
import { PERIODS, newestPerBucket, type Period } from './time-buckets.js';

export interface RetentionBe {
  name: string;
  /** Seconds since the epoch. */
  created: number;
  /** How it was made (pve-bootenv:origin): 'apt' and 'kernel' are automatic, the rest manual. */
  madeBy?: string;
  /** Saved before a kernel, bootloader, ZFS or initramfs change (pve-bootenv:important). */
  important: boolean;
  held: boolean;
  booted: boolean;
  isDefault: boolean;
  nextBoot: boolean;
  /** Roughly what destroying it frees (its `used`). */
  usedBytes: number;
}

/** The [retention] settings that decide what goes (`timer` only decides when). */
export type RetentionPolicy = Omit<Config['retention'], 'timer'>;

export interface PruneInput {
  bes: RetentionBe[];
  policy: RetentionPolicy;
  /** Seconds since the epoch. */
  now: number;
  /** --include-manual: manual BEs are candidates too. */
  includeManual: boolean;
  pool: { sizeBytes: number; usedBytes: number };
  /** Local time for the calendar buckets, minutes east of UTC; default 0. */
  utcOffsetMinutes?: number;
}

export type Verdict =
  | { name: string; action: 'keep'; reasons: string[] }
  | { name: string; action: 'destroy'; reasons: string[] };

export interface PrunePlan {
  /** One per input BE, newest first. */
  verdicts: Verdict[];
  /** Names, oldest first: the order to destroy them in. */
  destroy: string[];
  poolUsedPercentBefore: number;
  /** Estimated from the destroyed BEs' usedBytes. */
  poolUsedPercentAfter: number;
  /** Set when the pool stays fuller than max-pool-used-percent: why nothing more may go. */
  spaceNote?: string;
}

/** The BEs the apt hook and the kernel hook make; prune destroys only these by default. */
export const AUTOMATIC_ORIGINS: readonly string[] = ['apt', 'kernel'];

export const REASONS = {
  booted: 'booted',
  default: 'default',
  nextBoot: 'next boot',
  held: 'held',
  manual: 'manual (use --include-manual)',
  beyond: 'beyond every keep rule',
} as const;

/** A reason to keep, and the kind of rule it comes from. */
interface Keep {
  reason: string;
  kind: 'protected' | 'young' | 'important' | 'last' | 'grid';
}

/** Kinds that hold against the space trigger too; 'last' and 'grid' do not. */
const FIRM: readonly Keep['kind'][] = ['protected', 'young', 'important'];
const isFirm = (k: Keep): boolean => FIRM.includes(k.kind);

const PERIOD_POLICY: Record<Period, keyof RetentionPolicy> = {
  hourly: 'keepHourly',
  daily: 'keepDaily',
  weekly: 'keepWeekly',
  monthly: 'keepMonthly',
};

export function planPrune(input: PruneInput): PrunePlan {
  const { policy, now } = input;
  const offset = input.utcOffsetMinutes ?? 0;
  checkUniqueNames(input.bes);

  const newestFirst = [...input.bes].sort(newerFirst);
  const keeps = new Map<RetentionBe, Keep[]>(newestFirst.map((be) => [be, []]));
  const keep = (be: RetentionBe, reason: string, kind: Keep['kind']): void => {
    keeps.get(be)!.push({ reason, kind });
  };

  const candidates: RetentionBe[] = [];
  for (const be of newestFirst) {
    const protections = protectionsOf(be, input.includeManual);
    for (const reason of protections) keep(be, reason, 'protected');
    if (protections.length === 0) candidates.push(be);
  }
  if (policy.minAgeHours > 0) {
    const youngReason = `younger than ${policy.minAgeHours} h`;
    for (const be of newestFirst) if (now - be.created < policy.minAgeHours * 3600) keep(be, youngReason, 'young');
  }
  for (const be of candidates.slice(0, policy.keepLast)) keep(be, `last ${policy.keepLast}`, 'last');
  for (const be of candidates.filter((b) => b.important).slice(0, policy.keepImportant)) {
    keep(be, `important (last ${policy.keepImportant})`, 'important');
  }
  for (const period of PERIODS) {
    for (const [be, label] of newestPerBucket(candidates, period, policy[PERIOD_POLICY[period]], offset)) {
      keep(be, `${period} ${label}`, 'grid');
    }
  }

  const oldestFirst = [...newestFirst].reverse();
  const destroyed = new Map<RetentionBe, string[]>();
  for (const be of oldestFirst) if (keeps.get(be)!.length === 0) destroyed.set(be, [REASONS.beyond]);

  const freed = sum([...destroyed.keys()].map((be) => be.usedBytes));
  const afterOrdinary = { sizeBytes: input.pool.sizeBytes, usedBytes: Math.max(0, input.pool.usedBytes - freed) };
  const expendable = oldestFirst.filter((be) => !destroyed.has(be) && !keeps.get(be)!.some(isFirm));
  const byName = new Map(expendable.map((be) => [be.name, be]));
  const relief = relieveSpace(afterOrdinary, policy.maxPoolUsedPercent, expendable);
  for (const { name, reason } of relief.taken) {
    const be = byName.get(name)!;
    destroyed.set(be, [reason, ...keeps.get(be)!.map((k) => `overrides ${k.reason}`)]);
  }

  const after = { sizeBytes: input.pool.sizeBytes, usedBytes: relief.usedBytesAfter };
  const plan: PrunePlan = {
    verdicts: newestFirst.map((be): Verdict => {
      const reasons = destroyed.get(be);
      if (reasons !== undefined) return { name: be.name, action: 'destroy', reasons };
      return { name: be.name, action: 'keep', reasons: keeps.get(be)!.map((k) => k.reason) };
    }),
    destroy: oldestFirst.filter((be) => destroyed.has(be)).map((be) => be.name),
    poolUsedPercentBefore: usedPercent(input.pool),
    poolUsedPercentAfter: usedPercent(after),
  };
  if (plan.poolUsedPercentAfter > policy.maxPoolUsedPercent) {
    plan.spaceNote = spaceNote(plan.poolUsedPercentAfter, policy, newestFirst.filter((be) => !destroyed.has(be)), keeps);
  }
  return plan;
}

/** Why be is never a candidate, in the order shown. */
function protectionsOf(be: RetentionBe, includeManual: boolean): string[] {
  const reasons: string[] = [];
  if (be.booted) reasons.push(REASONS.booted);
  if (be.isDefault) reasons.push(REASONS.default);
  if (be.nextBoot) reasons.push(REASONS.nextBoot);
  if (be.held) reasons.push(REASONS.held);
  if (!includeManual && !isAutomatic(be)) reasons.push(REASONS.manual);
  return reasons;
}

export function isAutomatic(be: Pick<RetentionBe, 'madeBy'>): boolean {
  return be.madeBy !== undefined && AUTOMATIC_ORIGINS.includes(be.madeBy);
}

/** e.g. "pool at 91 % > 85 % after pruning; nothing more may go (kept: 2 protected, 1 important)" */
function spaceNote(percent: number, policy: RetentionPolicy, kept: RetentionBe[], keeps: Map<RetentionBe, Keep[]>): string {
  // Every BE left has a firm reason (the others went): count each by the first it has.
  const counts = new Map<Keep['kind'], number>();
  for (const be of kept) {
    const kind = keeps.get(be)!.find(isFirm)!.kind;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const names: Partial<Record<Keep['kind'], string>> = {
    protected: 'protected',
    young: `younger than ${policy.minAgeHours} h`,
    important: 'important',
  };
  const what = FIRM.filter((kind) => counts.has(kind)).map((kind) => `${counts.get(kind)} ${names[kind]}`);
  const limit = policy.maxPoolUsedPercent;
  const left = what.length > 0 ? ` (kept: ${what.join(', ')})` : '';
  return `pool at ${formatPercent(percent, limit)} % > ${formatPercent(limit)} % after pruning; nothing more may go${left}`;
}

/** Newest first: later creation, then the name that sorts later. */
function newerFirst(a: RetentionBe, b: RetentionBe): number {
  return b.created - a.created || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0);
}

function checkUniqueNames(bes: readonly RetentionBe[]): void {
  const seen = new Set<string>();
  for (const be of bes) {
    // Verdicts and the destroy list go by name: two BEs of one name would be guesswork.
    if (seen.has(be.name)) throw new Error(`two boot environments are named ${be.name}`);
    seen.add(be.name);
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
