// Properties of planPrune over random BE sets, policies and pools (fast-check). The seed is
// fixed so that every run, and every failure, is reproducible; FC_SEED=<n> explores others.
import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import fc from 'fast-check';
import {
  isAutomatic,
  planPrune,
  REASONS,
  type PrunePlan,
  type PruneInput,
  type RetentionBe,
  type RetentionPolicy,
} from '../../../../src/core/retention/plan-prune.js';
import { bucketOf, PERIODS, type Period } from '../../../../src/core/retention/time-buckets.js';
import { DAY, HOUR, NOW } from './fixtures.js';

const PARAMS = { seed: Number(process.env.FC_SEED ?? 20261120), numRuns: 300 };

const rarely = fc.integer({ min: 0, max: 7 }).map((n) => n === 0);

const beFields = fc.record({
  // Spread over a year, bunched into a few days (many BEs per bucket), or tied to the second.
  created: fc.oneof(
    fc.integer({ min: NOW - 400 * DAY, max: NOW + 2 * HOUR }),
    fc.integer({ min: NOW - 3 * DAY, max: NOW }),
    fc.constantFrom(NOW - DAY, NOW - 7 * DAY, NOW - 30 * DAY),
  ),
  madeBy: fc.constantFrom<string | undefined>('apt', 'apt', 'kernel', 'manual', undefined, 'zfs-auto-snapshot'),
  important: fc.boolean(),
  held: rarely,
  booted: rarely,
  isDefault: rarely,
  nextBoot: rarely,
  usedBytes: fc.integer({ min: 0, max: 300 }),
});

const policyArb: fc.Arbitrary<RetentionPolicy> = fc.record({
  keepLast: fc.integer({ min: 0, max: 6 }),
  keepImportant: fc.integer({ min: 0, max: 4 }),
  keepHourly: fc.integer({ min: 0, max: 4 }),
  keepDaily: fc.integer({ min: 0, max: 5 }),
  keepWeekly: fc.integer({ min: 0, max: 4 }),
  keepMonthly: fc.integer({ min: 0, max: 4 }),
  minAgeHours: fc.integer({ min: 0, max: 48 }),
  maxPoolUsedPercent: fc.integer({ min: 10, max: 100 }),
});

const poolArb = fc.oneof(
  fc
    .integer({ min: 1, max: 5000 })
    .chain((sizeBytes) => fc.record({ sizeBytes: fc.constant(sizeBytes), usedBytes: fc.integer({ min: 0, max: sizeBytes }) })),
  fc.constant({ sizeBytes: 0, usedBytes: 0 }),
);

const inputArb: fc.Arbitrary<PruneInput> = fc.record({
  bes: fc.array(beFields, { maxLength: 30, size: 'max' }).map((fields) => fields.map((f, i): RetentionBe => ({ name: `be-${i}`, ...f }))),
  policy: policyArb,
  now: fc.constant(NOW),
  includeManual: fc.boolean(),
  pool: poolArb,
  utcOffsetMinutes: fc.integer({ min: -720, max: 840 }),
});

function check<Ts extends unknown[]>(property: fc.IRawProperty<Ts>): void {
  fc.assert(property, PARAMS);
}

// --- Independent, naive restatements of the rules (quadratic, no shared code) -------------

function isProtected(be: RetentionBe, input: PruneInput): boolean {
  return be.booted || be.isDefault || be.nextBoot || be.held || (!input.includeManual && !isAutomatic(be));
}

function isYoung(be: RetentionBe, input: PruneInput): boolean {
  return input.policy.minAgeHours > 0 && input.now - be.created < input.policy.minAgeHours * HOUR;
}

function newer(a: RetentionBe, b: RetentionBe): boolean {
  return a.created > b.created || (a.created === b.created && a.name > b.name);
}

const GRID_POLICY: Record<Period, keyof RetentionPolicy> = {
  hourly: 'keepHourly',
  daily: 'keepDaily',
  weekly: 'keepWeekly',
  monthly: 'keepMonthly',
};

/** Names kept by a firm rule (protected, young, important) and by a soft one (last, grid). */
function naiveKeeps(input: PruneInput): { firm: Set<string>; soft: Set<string> } {
  const { policy } = input;
  const candidates = input.bes.filter((be) => !isProtected(be, input));
  const rank = (be: RetentionBe, among: RetentionBe[]): number => among.filter((o) => newer(o, be)).length;
  const important = candidates.filter((be) => be.important);
  const keptAsImportant = (be: RetentionBe): boolean => important.includes(be) && rank(be, important) < policy.keepImportant;
  const firm = new Set(
    input.bes.filter((be) => isProtected(be, input) || isYoung(be, input) || keptAsImportant(be)).map((be) => be.name),
  );
  const soft = new Set(candidates.filter((be) => rank(be, candidates) < policy.keepLast).map((be) => be.name));
  for (const period of PERIODS) {
    const key = (be: RetentionBe): number => bucketOf(period, be.created, input.utcOffsetMinutes).key;
    const latest = [...new Set(candidates.map(key))].sort((a, b) => b - a).slice(0, policy[GRID_POLICY[period]]);
    for (const be of candidates) {
      if (latest.includes(key(be)) && !candidates.some((o) => key(o) === key(be) && newer(o, be))) soft.add(be.name);
    }
  }
  return { firm, soft };
}

const destroyed = (plan: PrunePlan): Set<string> => new Set(plan.destroy);
const byName = (input: PruneInput): Map<string, RetentionBe> => new Map(input.bes.map((be) => [be.name, be]));
const isSpace = (reasons: string[]): boolean => reasons[0]?.startsWith('space: ') === true;

// --- Properties ---------------------------------------------------------------------------
// node:assert rather than expect inside the loops: fast-check shrinks and reports the input,
// and expect costs more than the planner here.

test('never destroys a booted, default, next-boot, held, young or (without the flag) manual BE', () => {
  check(
    fc.property(inputArb, (input) => {
      const plan = planPrune(input);
      for (const be of input.bes) {
        const verdict = plan.verdicts.find((v) => v.name === be.name)!;
        if (isProtected(be, input) || isYoung(be, input)) assert.equal(verdict.action, 'keep', be.name);
        // ...and the verdict names each protection.
        if (be.booted) assert.ok(verdict.reasons.includes(REASONS.booted));
        if (be.isDefault) assert.ok(verdict.reasons.includes(REASONS.default));
        if (be.nextBoot) assert.ok(verdict.reasons.includes(REASONS.nextBoot));
        if (be.held) assert.ok(verdict.reasons.includes(REASONS.held));
        assert.equal(verdict.reasons.includes(REASONS.manual), !input.includeManual && !isAutomatic(be));
        assert.equal(verdict.reasons.includes(`younger than ${input.policy.minAgeHours} h`), isYoung(be, input));
      }
    }),
  );
});

test('one verdict per BE, newest first; destroy is exactly the destroy verdicts, oldest first', () => {
  check(
    fc.property(inputArb, (input) => {
      const plan = planPrune(input);
      const bes = byName(input);
      assert.deepEqual(plan.verdicts.map((v) => v.name).sort(), [...bes.keys()].sort());
      for (let i = 1; i < plan.verdicts.length; i++) {
        assert.ok(newer(bes.get(plan.verdicts[i - 1]!.name)!, bes.get(plan.verdicts[i]!.name)!));
      }
      // Hence destroy is a subset of the input, without repeats, and no kept BE is in it.
      const destroyVerdicts = plan.verdicts.filter((v) => v.action === 'destroy').map((v) => v.name);
      assert.deepEqual(plan.destroy, destroyVerdicts.reverse());
      for (const v of plan.verdicts) assert.ok(v.reasons.length > 0, `${v.name} has no reason`);
    }),
  );
});

test('the plan does not depend on the order of the BEs', () => {
  check(
    fc.property(
      inputArb.chain((input) =>
        fc.shuffledSubarray(input.bes, { minLength: input.bes.length, maxLength: input.bes.length }).map((bes) => [input, bes] as const),
      ),
      ([input, shuffled]) => {
        assert.deepEqual(planPrune({ ...input, bes: shuffled }), planPrune(input));
      },
    ),
  );
});

// Planning again on what is left, at the same time, with the pool usage the plan estimates
// (used bytes minus the destroyed BEs' usedBytes), destroys nothing and starts where the
// first plan ended. Every rule that kept a BE still keeps it once others are gone, and the
// pool is at or below the limit or nothing soft-kept is left. With the old pool usage the
// space trigger would fire again (see the unit test): the caller must re-read the pool.
test('planning again on the kept BEs with the lowered pool usage destroys nothing', () => {
  check(
    fc.property(inputArb, (input) => {
      const first = planPrune(input);
      const gone = destroyed(first);
      const freed = input.bes.filter((be) => gone.has(be.name)).reduce((sum, be) => sum + be.usedBytes, 0);
      const again = planPrune({
        ...input,
        bes: input.bes.filter((be) => !gone.has(be.name)),
        pool: { sizeBytes: input.pool.sizeBytes, usedBytes: Math.max(0, input.pool.usedBytes - freed) },
      });
      assert.deepEqual(again.destroy, []);
      assert.equal(again.poolUsedPercentBefore, first.poolUsedPercentAfter);
      assert.equal(again.spaceNote, first.spaceNote);
    }),
  );
});

test('each grid period keeps at most N BEs, at most one per bucket, labelled with its bucket', () => {
  check(
    fc.property(inputArb, (input) => {
      const plan = planPrune(input);
      const bes = byName(input);
      for (const period of PERIODS) {
        // Kept by the period, or kept by it until the space trigger overrode it.
        const labels = plan.verdicts.flatMap((v) =>
          v.reasons
            .map((r) => r.replace(/^overrides /, ''))
            .filter((r) => r.startsWith(`${period} `))
            .map((r) => ({ name: v.name, label: r.slice(period.length + 1) })),
        );
        assert.ok(labels.length <= input.policy[GRID_POLICY[period]]);
        assert.equal(new Set(labels.map((l) => l.label)).size, labels.length);
        for (const { name, label } of labels) {
          assert.equal(bucketOf(period, bes.get(name)!.created, input.utcOffsetMinutes).label, label);
        }
        // So among the BEs kept by this period alone, too, at most one per bucket.
        const only = plan.verdicts.filter((v) => v.action === 'keep' && v.reasons.length === 1 && v.reasons[0]!.startsWith(`${period} `));
        assert.equal(new Set(only.map((v) => v.reasons[0])).size, only.length);
      }
    }),
  );
});

test('the ordinary pruning destroys exactly what no rule keeps (checked against a naive restatement)', () => {
  check(
    fc.property(inputArb, (input) => {
      const plan = planPrune(input);
      const { firm, soft } = naiveKeeps(input);
      const beyond = plan.verdicts.filter((v) => v.action === 'destroy' && !isSpace(v.reasons));
      const expected = input.bes.map((be) => be.name).filter((n) => !firm.has(n) && !soft.has(n));
      assert.deepEqual(beyond.map((v) => v.name).sort(), expected.sort());
      for (const v of beyond) assert.deepEqual(v.reasons, [REASONS.beyond]);
      for (const v of plan.verdicts.filter((v) => v.action === 'destroy' && isSpace(v.reasons))) {
        assert.ok(!firm.has(v.name) && soft.has(v.name), `${v.name} is not soft-kept only`);
      }
    }),
  );
});

test('the space trigger takes the oldest soft-kept BEs, only while the pool is over the limit', () => {
  check(
    fc.property(inputArb, (input) => {
      const plan = planPrune(input);
      const bes = byName(input);
      const { firm } = naiveKeeps(input);
      const limit = input.policy.maxPoolUsedPercent;
      const taken = plan.verdicts.filter((v) => v.action === 'destroy' && isSpace(v.reasons));
      const softOnly = plan.verdicts.filter((v) => v.action === 'keep' && !firm.has(v.name));
      for (const v of taken) {
        for (const r of v.reasons.slice(1)) assert.match(r, /^overrides (last|hourly|daily|weekly|monthly) /);
        // Oldest first: every soft-kept BE left is newer than every one taken.
        for (const k of softOnly) assert.ok(newer(bes.get(k.name)!, bes.get(v.name)!));
      }
      assert.ok(plan.poolUsedPercentAfter <= plan.poolUsedPercentBefore);
      if (taken.length > 0) assert.ok(plan.poolUsedPercentBefore > limit);
      // Over the limit at the end: then it took every soft-kept BE, and says so.
      assert.equal(plan.spaceNote !== undefined, plan.poolUsedPercentAfter > limit);
      if (plan.spaceNote !== undefined) assert.deepEqual(softOnly, []);
      // Under it: the last BE taken was needed (the pool was over the limit before it went).
      if (taken.length > 0 && plan.spaceNote === undefined) {
        const last = bes.get(taken[0]!.name)!;
        assert.ok(plan.poolUsedPercentAfter + (last.usedBytes / input.pool.sizeBytes) * 100 > limit - 1e-9);
      }
    }),
  );
});

test('without space pressure, keeping more never destroys more', () => {
  const more = fc.record({
    keepLast: fc.integer({ min: 0, max: 3 }),
    keepImportant: fc.integer({ min: 0, max: 3 }),
    keepHourly: fc.integer({ min: 0, max: 3 }),
    keepDaily: fc.integer({ min: 0, max: 3 }),
    keepWeekly: fc.integer({ min: 0, max: 3 }),
    keepMonthly: fc.integer({ min: 0, max: 3 }),
    minAgeHours: fc.integer({ min: 0, max: 24 }),
  });
  check(
    fc.property(inputArb, more, (input, extra) => {
      const relaxed = { ...input, pool: { sizeBytes: 1000, usedBytes: 0 } };
      const policy = { ...input.policy };
      for (const key of Object.keys(extra) as (keyof typeof extra)[]) policy[key] += extra[key];
      const before = destroyed(planPrune(relaxed));
      for (const name of planPrune({ ...relaxed, policy }).destroy) assert.ok(before.has(name), name);
    }),
  );
});
