import { describe, expect, test } from '@jest/globals';
import { DEFAULT_CONFIG } from '../../../../src/core/config/config.js';
import { isAutomatic, planPrune } from '../../../../src/core/retention/plan-prune.js';
import { DAY, HOUR, NOW, at, be, input, lines } from './fixtures.js';

describe('planPrune with the shipped defaults', () => {
  // keep-last 5, keep-important 2, daily 3, weekly 2, monthly 1, min-age 1 h, 85 %.
  const bes = [
    be('pve-1', '2026-06-01T10:00:00Z', { madeBy: undefined, booted: true, isDefault: true }),
    be('apt-20261120-143000', '2026-11-20T14:30:00Z'),
    be('apt-20261120-090000', '2026-11-20T09:00:00Z'),
    be('apt-20261118-100000', '2026-11-18T10:00:00Z'),
    be('apt-20261117-100000', '2026-11-17T10:00:00Z', { important: true }),
    be('apt-20261112-100000', '2026-11-12T10:00:00Z'),
    be('apt-20261110-100000', '2026-11-10T10:00:00Z'),
    be('apt-20261102-100000', '2026-11-02T10:00:00Z', { important: true }),
    be('apt-20261020-100000', '2026-10-20T10:00:00Z'),
    be('kernel-20260915-100000', '2026-09-15T10:00:00Z', { madeBy: 'kernel', important: true }),
    be('before-upgrade', '2026-09-01T10:00:00Z', { madeBy: 'manual' }),
    be('apt-20260801-100000', '2026-08-01T10:00:00Z', { held: true }),
  ];
  const policy = DEFAULT_CONFIG.retention;

  test('keeps by every rule that applies and destroys the rest, oldest first', () => {
    const plan = planPrune(input(bes, policy, { pool: { sizeBytes: 1000, usedBytes: 700 } }));
    expect(lines(plan)).toEqual([
      'apt-20261120-143000 keep: younger than 1 h; last 5; daily 2026-11-20; weekly 2026-W47; monthly 2026-11',
      'apt-20261120-090000 keep: last 5',
      'apt-20261118-100000 keep: last 5; daily 2026-11-18',
      'apt-20261117-100000 keep: last 5; important (last 2); daily 2026-11-17',
      'apt-20261112-100000 keep: last 5; weekly 2026-W46',
      'apt-20261110-100000 destroy: beyond every keep rule',
      'apt-20261102-100000 keep: important (last 2)',
      'apt-20261020-100000 destroy: beyond every keep rule',
      'kernel-20260915-100000 destroy: beyond every keep rule',
      'before-upgrade keep: manual (use --include-manual)',
      'apt-20260801-100000 keep: held',
      'pve-1 keep: booted; default; manual (use --include-manual)',
    ]);
    expect(plan.destroy).toEqual(['kernel-20260915-100000', 'apt-20261020-100000', 'apt-20261110-100000']);
    expect(plan.poolUsedPercentBefore).toBe(70);
    expect(plan.poolUsedPercentAfter).toBe(67);
    expect(plan.spaceNote).toBeUndefined();
  });

  test('--include-manual makes manual BEs candidates; the booted one stays', () => {
    const plan = planPrune(input(bes, policy, { includeManual: true }));
    expect(plan.destroy).toEqual(['before-upgrade', 'kernel-20260915-100000', 'apt-20261020-100000', 'apt-20261110-100000']);
    expect(lines(plan)).toContain('pve-1 keep: booted; default');
  });

  test('under space pressure the oldest BEs kept only by keep-last or the grid go too', () => {
    // 30 bytes each: the ordinary pruning frees 90 of 970, leaving the pool at 88 %.
    const heavy = bes.map((b) => ({ ...b, usedBytes: 30 }));
    const plan = planPrune(input(heavy, policy, { pool: { sizeBytes: 1000, usedBytes: 970 } }));
    expect(plan.destroy).toEqual([
      'kernel-20260915-100000',
      'apt-20261020-100000',
      'apt-20261110-100000',
      'apt-20261112-100000',
    ]);
    expect(lines(plan)).toContain(
      'apt-20261112-100000 destroy: space: pool at 88 % > 85 %; overrides last 5; overrides weekly 2026-W46',
    );
    expect(plan.poolUsedPercentBefore).toBe(97);
    expect(plan.poolUsedPercentAfter).toBe(85);
    expect(plan.spaceNote).toBeUndefined();
  });
});

describe('protections', () => {
  const bes = [
    be('booted', NOW - 10 * DAY, { booted: true }),
    be('default', NOW - 11 * DAY, { isDefault: true }),
    be('next', NOW - 12 * DAY, { nextBoot: true }),
    be('held', NOW - 13 * DAY, { held: true }),
    be('manual', NOW - 14 * DAY, { madeBy: 'manual' }),
    be('unknown', NOW - 15 * DAY, { madeBy: undefined }),
    be('other-tool', NOW - 16 * DAY, { madeBy: 'zfs-auto-snapshot' }),
    be('apt', NOW - 17 * DAY),
    be('kernel', NOW - 18 * DAY, { madeBy: 'kernel' }),
  ];

  test('with every rule off, only the unprotected automatic BEs go', () => {
    const plan = planPrune(input(bes));
    expect(lines(plan)).toEqual([
      'booted keep: booted',
      'default keep: default',
      'next keep: next boot',
      'held keep: held',
      'manual keep: manual (use --include-manual)',
      'unknown keep: manual (use --include-manual)',
      'other-tool keep: manual (use --include-manual)',
      'apt destroy: beyond every keep rule',
      'kernel destroy: beyond every keep rule',
    ]);
    expect(plan.destroy).toEqual(['kernel', 'apt']);
  });

  test('--include-manual lifts only the manual protection', () => {
    expect(planPrune(input(bes, {}, { includeManual: true })).destroy).toEqual(['kernel', 'apt', 'other-tool', 'unknown', 'manual']);
  });

  test('a BE gets every protection that applies', () => {
    const all = be('all', NOW - DAY, { booted: true, isDefault: true, nextBoot: true, held: true, madeBy: undefined });
    expect(lines(planPrune(input([all])))).toEqual(['all keep: booted; default; next boot; held; manual (use --include-manual)']);
  });

  test('apt and kernel are the automatic origins, spelled exactly', () => {
    expect([undefined, 'apt', 'kernel', 'manual', 'APT', ''].map((madeBy) => isAutomatic({ madeBy }))).toEqual([
      false,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  test('protected BEs take no keep-last, keep-important or grid slot', () => {
    const plan = planPrune(
      input(
        [
          be('held-new', NOW - 1 * DAY, { held: true, important: true }),
          be('manual-new', NOW - 2 * DAY, { madeBy: 'manual', important: true }),
          be('apt-a', NOW - 3 * DAY, { important: true }),
          be('apt-b', NOW - 4 * DAY),
        ],
        { keepLast: 1, keepImportant: 1, keepDaily: 1 },
      ),
    );
    expect(lines(plan)).toEqual([
      'held-new keep: held',
      'manual-new keep: manual (use --include-manual)',
      'apt-a keep: last 1; important (last 1); daily 2026-11-17',
      'apt-b destroy: beyond every keep rule',
    ]);
  });
});

describe('min-age', () => {
  const ages = [0, HOUR - 1, HOUR, 2 * HOUR];
  const bes = ages.map((age) => be(`age-${age}`, NOW - age));

  test('keeps BEs made less than min-age-hours ago, not those exactly that old', () => {
    expect(lines(planPrune(input(bes, { minAgeHours: 1 })))).toEqual([
      'age-0 keep: younger than 1 h',
      'age-3599 keep: younger than 1 h',
      'age-3600 destroy: beyond every keep rule',
      'age-7200 destroy: beyond every keep rule',
    ]);
  });

  test('0 turns it off', () => {
    expect(planPrune(input(bes)).destroy).toHaveLength(4);
  });

  test('a BE dated in the future (the clock went back) counts as young', () => {
    expect(lines(planPrune(input([be('future', NOW + DAY)], { minAgeHours: 1 })))).toEqual(['future keep: younger than 1 h']);
  });

  test('young BEs fill keep-last slots like any candidate', () => {
    expect(lines(planPrune(input(bes, { minAgeHours: 1, keepLast: 3 })))).toEqual([
      'age-0 keep: younger than 1 h; last 3',
      'age-3599 keep: younger than 1 h; last 3',
      'age-3600 keep: last 3',
      'age-7200 destroy: beyond every keep rule',
    ]);
  });

  test('applies to protected BEs too, as a further reason', () => {
    expect(lines(planPrune(input([be('b', NOW, { booted: true })], { minAgeHours: 24 })))).toEqual(['b keep: booted; younger than 24 h']);
  });
});

describe('keep-last and keep-important', () => {
  const bes = [
    be('a', NOW - 1 * DAY),
    be('b', NOW - 2 * DAY, { important: true }),
    be('c', NOW - 3 * DAY),
    be('d', NOW - 4 * DAY, { important: true }),
    be('e', NOW - 5 * DAY, { important: true }),
    be('f', NOW - 6 * DAY),
  ];

  test('keep-last keeps the N newest, however old', () => {
    expect(planPrune(input(bes, { keepLast: 2 })).destroy).toEqual(['f', 'e', 'd', 'c']);
    expect(planPrune(input(bes, { keepLast: 100 })).destroy).toEqual([]);
  });

  test('keep-important keeps the N newest important ones', () => {
    expect(lines(planPrune(input(bes, { keepImportant: 2 })))).toEqual([
      'a destroy: beyond every keep rule',
      'b keep: important (last 2)',
      'c destroy: beyond every keep rule',
      'd keep: important (last 2)',
      'e destroy: beyond every keep rule',
      'f destroy: beyond every keep rule',
    ]);
  });

  test('BEs made in the same second: the name that sorts later is the newer', () => {
    const same = [be('apt-20261120-100000', NOW - DAY), be('apt-20261120-100000-2', NOW - DAY)];
    const plan = planPrune(input(same, { keepLast: 1 }));
    expect(plan.destroy).toEqual(['apt-20261120-100000']);
    expect(plan.verdicts.map((v) => v.name)).toEqual(['apt-20261120-100000-2', 'apt-20261120-100000']);
  });
});

describe('the time grid', () => {
  test('the newest BE of each of the N latest days that have one; empty days do not count', () => {
    const bes = [
      be('d20-late', '2026-11-20T12:00:00Z'),
      be('d20-early', '2026-11-20T06:00:00Z'),
      be('d14', '2026-11-14T06:00:00Z'),
      be('d02', '2026-11-02T06:00:00Z'),
      be('d01', '2026-11-01T06:00:00Z'),
    ];
    expect(lines(planPrune(input(bes, { keepDaily: 3 })))).toEqual([
      'd20-late keep: daily 2026-11-20',
      'd20-early destroy: beyond every keep rule',
      'd14 keep: daily 2026-11-14',
      'd02 keep: daily 2026-11-02',
      'd01 destroy: beyond every keep rule',
    ]);
  });

  test('the periods are independent, and hourly labels name the hour', () => {
    const bes = [
      be('h14b', '2026-11-20T14:50:00Z'),
      be('h14a', '2026-11-20T14:10:00Z'),
      be('h13', '2026-11-20T13:10:00Z'),
      be('oct', '2026-10-31T13:10:00Z'),
    ];
    expect(lines(planPrune(input(bes, { keepHourly: 2, keepMonthly: 2 })))).toEqual([
      'h14b keep: hourly 2026-11-20 14:00; monthly 2026-11',
      'h14a destroy: beyond every keep rule',
      'h13 keep: hourly 2026-11-20 13:00',
      'oct keep: monthly 2026-10',
    ]);
  });

  test('local midnight decides the day: the same BEs at UTC, UTC+2 and UTC-5', () => {
    const bes = [
      be('sat-0030', '2026-11-21T00:30:00Z'),
      be('fri-2330', '2026-11-20T23:30:00Z'),
      be('fri-2130', '2026-11-20T21:30:00Z'),
      be('fri-0300', '2026-11-20T03:00:00Z'),
    ];
    const kept = (utcOffsetMinutes: number): string[] =>
      planPrune(input(bes, { keepDaily: 10 }, { now: at('2026-11-22T00:00:00Z'), utcOffsetMinutes }))
        .verdicts.filter((v) => v.action === 'keep')
        .map((v) => `${v.name} ${v.reasons.join('; ')}`);
    expect(kept(0)).toEqual(['sat-0030 daily 2026-11-21', 'fri-2330 daily 2026-11-20']);
    // At UTC+2, 22:00 UTC is midnight: fri-2330 is Saturday 01:30, fri-2130 Friday 23:30.
    expect(kept(120)).toEqual(['sat-0030 daily 2026-11-21', 'fri-2130 daily 2026-11-20']);
    // At UTC-5, sat-0030 is Friday 19:30 and fri-0300 Thursday 22:00.
    expect(kept(-300)).toEqual(['sat-0030 daily 2026-11-20', 'fri-0300 daily 2026-11-19']);
  });

  test('weeks run Monday to Sunday in local time', () => {
    const bes = [
      be('mon-0030-local', '2026-11-22T23:30:00Z'), // Monday 00:30 at UTC+1
      be('sun-2300-local', '2026-11-22T22:00:00Z'), // Sunday 23:00 at UTC+1
      be('mon-0100-local', '2026-11-16T00:00:00Z'), // Monday 01:00 at UTC+1: same week
    ];
    expect(lines(planPrune(input(bes, { keepWeekly: 5 }, { now: at('2026-11-25T00:00:00Z'), utcOffsetMinutes: 60 })))).toEqual([
      'mon-0030-local keep: weekly 2026-W48',
      'sun-2300-local keep: weekly 2026-W47',
      'mon-0100-local destroy: beyond every keep rule',
    ]);
  });

  test('months turn at local midnight, across the year too', () => {
    const bes = [
      be('jan-local', '2026-12-31T23:30:00Z'), // 2027-01-01 00:30 at UTC+1
      be('dec-last', '2026-12-31T22:30:00Z'), // 2026-12-31 23:30 local
      be('dec-first', '2026-11-30T23:30:00Z'), // 2026-12-01 00:30 local
      be('nov-last', '2026-11-30T22:30:00Z'), // 2026-11-30 23:30 local
    ];
    expect(lines(planPrune(input(bes, { keepMonthly: 12 }, { now: at('2027-01-05T00:00:00Z'), utcOffsetMinutes: 60 })))).toEqual([
      'jan-local keep: monthly 2027-01',
      'dec-last keep: monthly 2026-12',
      'dec-first destroy: beyond every keep rule',
      'nov-last keep: monthly 2026-11',
    ]);
  });
});

describe('the space trigger', () => {
  // Ten daily BEs, 50 bytes each, the newest a day old; keep-last 10 keeps them all.
  const daily = Array.from({ length: 10 }, (_, i) => be(`apt-${i}`, NOW - (10 - i) * DAY, { usedBytes: 50 }));

  test('does nothing while the pool is at or below the limit', () => {
    const plan = planPrune(input(daily, { keepLast: 10, maxPoolUsedPercent: 85 }, { pool: { sizeBytes: 1000, usedBytes: 850 } }));
    expect(plan.destroy).toEqual([]);
    expect(plan.poolUsedPercentAfter).toBe(85);
  });

  test('takes the oldest soft-kept BEs until the pool is at or below the limit', () => {
    const plan = planPrune(input(daily, { keepLast: 10, maxPoolUsedPercent: 85 }, { pool: { sizeBytes: 1000, usedBytes: 951 } }));
    expect(plan.destroy).toEqual(['apt-0', 'apt-1', 'apt-2']);
    expect(plan.verdicts.filter((v) => v.action === 'destroy').map((v) => v.reasons)).toEqual([
      ['space: pool at 85.1 % > 85 %', 'overrides last 10'],
      ['space: pool at 90.1 % > 85 %', 'overrides last 10'],
      ['space: pool at 95.1 % > 85 %', 'overrides last 10'],
    ]);
    expect(plan.poolUsedPercentAfter).toBeCloseTo(80.1);
    expect(plan.spaceNote).toBeUndefined();
  });

  test('counts what the ordinary pruning freed first', () => {
    // keep-last 8 lets apt-0 and apt-1 go anyway: 951 - 100 = 851, still over 85 %.
    const plan = planPrune(input(daily, { keepLast: 8, maxPoolUsedPercent: 85 }, { pool: { sizeBytes: 1000, usedBytes: 951 } }));
    expect(lines(plan).slice(-3)).toEqual([
      'apt-2 destroy: space: pool at 85.1 % > 85 %; overrides last 8',
      'apt-1 destroy: beyond every keep rule',
      'apt-0 destroy: beyond every keep rule',
    ]);
    expect(plan.destroy).toEqual(['apt-0', 'apt-1', 'apt-2']);
  });

  test('never takes protected, young or important BEs, and says so when the pool stays full', () => {
    const bes = [
      be('young', NOW - 60, { usedBytes: 50 }),
      be('important', NOW - 2 * DAY, { important: true, usedBytes: 50 }),
      be('grid', NOW - 3 * DAY, { usedBytes: 50 }),
      be('held', NOW - 4 * DAY, { held: true, usedBytes: 50 }),
      be('manual', NOW - 5 * DAY, { madeBy: 'manual', usedBytes: 50 }),
      be('booted', NOW - 6 * DAY, { booted: true, usedBytes: 50 }),
    ];
    const policy = { keepLast: 10, keepImportant: 10, keepDaily: 10, minAgeHours: 1, maxPoolUsedPercent: 50 };
    const plan = planPrune(input(bes, policy, { pool: { sizeBytes: 1000, usedBytes: 900 } }));
    expect(lines(plan)).toEqual([
      'young keep: younger than 1 h; last 10; daily 2026-11-20',
      'important keep: last 10; important (last 10); daily 2026-11-18',
      'grid destroy: space: pool at 90 % > 50 %; overrides last 10; overrides daily 2026-11-17',
      'held keep: held',
      'manual keep: manual (use --include-manual)',
      'booted keep: booted',
    ]);
    expect(plan.poolUsedPercentAfter).toBe(85);
    expect(plan.spaceNote).toBe(
      'pool at 85 % > 50 % after pruning; nothing more may go (kept: 3 protected, 1 younger than 1 h, 1 important)',
    );
  });

  test('a pool of unknown size never triggers it', () => {
    const plan = planPrune(input(daily, { keepLast: 10, maxPoolUsedPercent: 10 }, { pool: { sizeBytes: 0, usedBytes: 0 } }));
    expect(plan.destroy).toEqual([]);
    expect(plan.spaceNote).toBeUndefined();
  });

  test('planning again without lowering the pool usage would take more: the caller re-reads it', () => {
    const first = planPrune(input(daily, { keepLast: 10, maxPoolUsedPercent: 85 }, { pool: { sizeBytes: 1000, usedBytes: 951 } }));
    const kept = daily.filter((b) => !first.destroy.includes(b.name));
    const stale = planPrune(input(kept, { keepLast: 10, maxPoolUsedPercent: 85 }, { pool: { sizeBytes: 1000, usedBytes: 951 } }));
    expect(stale.destroy).toEqual(['apt-3', 'apt-4', 'apt-5']);
    const fresh = planPrune(input(kept, { keepLast: 10, maxPoolUsedPercent: 85 }, { pool: { sizeBytes: 1000, usedBytes: 801 } }));
    expect(fresh.destroy).toEqual([]);
  });
});

describe('determinism', () => {
  test('the plan does not depend on the order of the input', () => {
    const bes = [
      be('x', NOW - DAY),
      be('y', NOW - DAY),
      be('z', NOW - 2 * DAY, { important: true }),
      be('w', NOW - 40 * DAY, { held: true }),
      be('v', NOW - 41 * DAY),
    ];
    const policy = { keepLast: 1, keepImportant: 1, keepWeekly: 3 };
    const plan = planPrune(input(bes, policy));
    expect(planPrune(input([...bes].reverse(), policy))).toEqual(plan);
    expect(planPrune(input([bes[2]!, bes[0]!, bes[4]!, bes[1]!, bes[3]!], policy))).toEqual(plan);
  });

  test('two BEs of one name are refused rather than guessed at', () => {
    expect(() => planPrune(input([be('a', NOW), be('a', NOW - DAY)]))).toThrow('two boot environments are named a');
  });

  test('no BEs, no plan', () => {
    expect(planPrune(input([], { maxPoolUsedPercent: 85 }, { pool: { sizeBytes: 1000, usedBytes: 990 } }))).toEqual({
      verdicts: [],
      destroy: [],
      poolUsedPercentBefore: 99,
      poolUsedPercentAfter: 99,
      spaceNote: 'pool at 99 % > 85 % after pruning; nothing more may go',
    });
  });
});
