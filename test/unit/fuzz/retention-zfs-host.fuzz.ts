// Fuzz: retention (src/core/retention: planPrune refuses two BEs of one name with a plain
// Error, its one documented refusal), zfs output (src/core/zfs: ZfsOutputError), the
// container test (src/core/host) and the session mounts (src/core/session).
import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import fc from 'fast-check';
import { containerKind } from '../../../src/core/host/container.js';
import { planPrune, type RetentionBe } from '../../../src/core/retention/plan-prune.js';
import { formatPercent, relieveSpace, usedPercent } from '../../../src/core/retention/space-pressure.js';
import { bucketOf, newestPerBucket, PERIODS } from '../../../src/core/retention/time-buckets.js';
import { leftoverMounts, sessionMounts } from '../../../src/core/session/session-mounts.js';
import { localProperties } from '../../../src/core/zfs/clone-properties.js';
import { ZfsOutputError } from '../../../src/core/zfs/errors.js';
import { splitTabularOutput } from '../../../src/core/zfs/tabular-output.js';
import { parseZfsGet } from '../../../src/core/zfs/zfs-get.js';
import { parseZfsList } from '../../../src/core/zfs/zfs-list.js';
import { adversarial, linesOf, longRun, params, robust, shortText } from './arbitraries.js';

// Seconds since the epoch as ZFS gives them (creation, with -p): up to the year 2242.
const seconds = fc.integer({ min: 0, max: 2 ** 33 });

describe('retention', () => {
  const be: fc.Arbitrary<Omit<RetentionBe, 'name'>> = fc.record({
    created: seconds,
    madeBy: fc.option(fc.constantFrom('apt', 'kernel', 'manual', ''), { nil: undefined }),
    important: fc.boolean(),
    held: fc.boolean(),
    booted: fc.boolean(),
    isDefault: fc.boolean(),
    nextBoot: fc.boolean(),
    usedBytes: fc.nat(),
  }).map(({ madeBy, ...b }) => (madeBy === undefined ? b : { ...b, madeBy }));
  const count = fc.integer({ min: 0, max: 1000 });

  test('planPrune never throws on BEs of distinct names; every BE gets one verdict', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(shortText(['apt-', '1', 'a'], 4), be), { maxLength: 20, selector: ([name]) => name }),
        fc.record({ keepLast: count, keepImportant: count, keepHourly: count, keepDaily: count, keepWeekly: count, keepMonthly: count, minAgeHours: fc.integer({ min: 0, max: 8760 }), maxPoolUsedPercent: fc.integer({ min: 10, max: 100 }) }),
        seconds,
        fc.boolean(),
        fc.record({ sizeBytes: fc.nat(), usedBytes: fc.nat() }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (named, policy, now, includeManual, pool, utcOffsetMinutes) => {
          const bes = named.map(([name, b]) => ({ name, ...b }));
          const plan = robust('planPrune', [], () => planPrune({ bes, policy, now, includeManual, pool, utcOffsetMinutes }));
          assert.ok(!(plan instanceof Error));
          assert.equal(plan.verdicts.length, bes.length);
        },
      ),
      params(2401, 200),
    );
  });

  test('buckets and the space trigger never throw', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ created: seconds }), { maxLength: 10 }), fc.nat(50), fc.double(), fc.double(), (items, n, percent, limit) => {
        for (const period of PERIODS) {
          robust('newestPerBucket', [], () => newestPerBucket(items, period, n));
          for (const item of items) robust('bucketOf', [], () => bucketOf(period, item.created, 60));
        }
        robust('formatPercent', [], () => formatPercent(percent, limit));
        robust('relieveSpace', [], () => relieveSpace({ sizeBytes: n, usedBytes: n * 2 }, 50, items.map((_, i) => ({ name: String(i), usedBytes: i }))));
        robust('usedPercent', [], () => usedPercent({ sizeBytes: n, usedBytes: 3 }));
      }),
      params(2402),
    );
  });
});

describe('zfs output', () => {
  const field = fc.oneof(fc.constantFrom('rpool/ROOT/pve-1', 'acltype', 'posixacl', 'local', 'default', '-', 'inherited from rpool', 'pve-bootenv:origin', 'keylocation'), adversarial(['\t', 'a', ':']));
  const line = (fields: number) => fc.array(field, { minLength: fields - 1, maxLength: fields + 1 }).map((f) => f.join('\t'));

  test('the -H parsers throw only ZfsOutputError; localProperties too', () => {
    fc.assert(
      fc.property(linesOf(fc.oneof(line(4), line(3), longRun(['\t']))), (text) => {
        robust('splitTabularOutput', [ZfsOutputError], () => splitTabularOutput(text, 4));
        robust('parseZfsList', [ZfsOutputError], () => parseZfsList(text, ['name', 'origin', 'used']));
        const got = robust('parseZfsGet', [ZfsOutputError], () => parseZfsGet(text));
        if (got instanceof Error) return;
        robust('localProperties', [ZfsOutputError], () => localProperties(got, 'rpool/ROOT/pve-1'));
      }),
      params(2501, 200),
    );
  });
});

describe('host and session', () => {
  test('containerKind never throws', () => {
    const file = fc.option(adversarial(['lxc', 'docker', '\n', ' ', 'container=', '\0']), { nil: undefined });
    fc.assert(
      fc.property(file, file, file, fc.boolean(), fc.boolean(), (hostContainerManager, systemdContainer, pid1Environ, procVz, procBc) => {
        const facts = { procVz, procBc, ...(hostContainerManager !== undefined ? { hostContainerManager } : {}), ...(systemdContainer !== undefined ? { systemdContainer } : {}), ...(pid1Environ !== undefined ? { pid1Environ } : {}) };
        robust('containerKind', [], () => containerKind(facts));
      }),
      params(2601),
    );
  });

  test('sessionMounts mount under the session dir; leftoverMounts names only mounts under it', () => {
    const dir = fc.oneof(fc.constantFrom('/run/pve-bootenv/be-1', '/run/x'), shortText(['/run/', 'a', '/', '..'], 4));
    fc.assert(
      fc.property(dir, fc.boolean(), fc.array(fc.oneof(fc.constantFrom('/run/x/proc', '/run/x/sys/fs/cgroup', '/run/x', '/run/xy', '/'), adversarial(['/run/x/', 'a'])), { maxLength: 8 }), (d, bindResolvConf, targets) => {
        const mounts = robust('sessionMounts', [], () => sessionMounts('rpool/ROOT/be-1', d, { bindResolvConf })) as ReturnType<typeof sessionMounts>;
        for (const m of mounts) assert.ok(m.target === d || m.target.startsWith(`${d}/`));
        const left = robust('leftoverMounts', [], () => leftoverMounts(targets, d, mounts)) as string[];
        for (const t of left) assert.ok(t === d || t.startsWith(`${d}/`));
      }),
      params(2602),
    );
  });
});
