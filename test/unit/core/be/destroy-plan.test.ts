import { describe, expect, test } from '@jest/globals';
import { planDestroy, zfsStepOf, type DestroyInput, type DestroyPlan } from '../../../../src/core/be/destroy-plan.js';
import { seededRandom, type SeededRandom } from '../seeded-random.js';
import { ZfsCloneGraph, ZfsError } from './zfs-clone-graph.js';

const ROOT = 'rpool/ROOT';
const ds = (name: string): string => `${ROOT}/${name}`;

/** A fresh install: rpool/ROOT/pve-1, and rpool/data for guests. */
function install(): ZfsCloneGraph {
  return new ZfsCloneGraph().create('rpool').create(ROOT).create('rpool/data').create(ds('pve-1'));
}

function inputOf(g: ZfsCloneGraph, target: string, more: Partial<DestroyInput> = {}, held: string[] = []): DestroyInput {
  return {
    target,
    beRoot: ROOT,
    bes: g.bootEnvironments(ROOT, held),
    snapshots: g.snapshotFacts(ROOT),
    booted: ds('pve-1'),
    destroyOrigin: false,
    ...more,
  };
}

/** Runs the plan's steps as zfs would; throws what zfs would refuse. */
function apply(g: ZfsCloneGraph, plan: DestroyPlan): void {
  if (!plan.ok) throw new Error(`refused: ${plan.refusal}`);
  for (const step of plan.steps) {
    if (step.op === 'promote') g.promote(step.dataset);
    else if (step.op === 'destroy-dataset') g.destroyRecursive(step.dataset);
    else g.destroySnapshot(step.snapshot);
  }
}

function isBe(dataset: string): boolean {
  return dataset.startsWith(`${ROOT}/`) && !dataset.slice(ROOT.length + 1).includes('/');
}

function within(dataset: string, ancestor: string): boolean {
  return dataset === ancestor || dataset.startsWith(`${ancestor}/`);
}

describe('planDestroy refuses', () => {
  // pve-1 runs, pve-2 boots by default, pve-3 boots next, pve-4 is held, pve-5 is free.
  const g = install();
  for (const n of [2, 3, 4, 5]) g.create(ds(`pve-${n}`));
  const more = { defaultDataset: ds('pve-2'), nextBootDataset: ds('pve-3') };
  const held = [ds('pve-4')];

  test.each([
    ['a BE that does not exist', 'pve-9', 'there is no boot environment "pve-9" under rpool/ROOT; see pve-bootenv list'],
    ['a child dataset of a BE', 'pve-1/var', 'there is no boot environment "pve-1/var" under rpool/ROOT; see pve-bootenv list'],
    ['the running BE', 'pve-1', 'pve-1 is the running boot environment; boot another one before destroying it'],
    ['the default BE', 'pve-2', 'pve-2 boots by default; activate another boot environment first (pve-bootenv activate <name>)'],
    ['the next-boot BE', 'pve-3', 'pve-3 is chosen for the next boot; clear that first (pve-bootenv activate --clear-next-boot)'],
    ['a held BE', 'pve-4', 'pve-4 is held; release it first (pve-bootenv release pve-4)'],
  ])('%s', (_what, target, refusal) => {
    expect(planDestroy(inputOf(g, target, more, held))).toEqual({ ok: false, refusal });
  });

  test('in order: running, default, next boot, held', () => {
    const all = { defaultDataset: ds('pve-5'), nextBootDataset: ds('pve-5') };
    expect(planDestroy(inputOf(g, 'pve-5', { ...all, booted: ds('pve-5') }, [ds('pve-5')]))).toMatchObject({ refusal: expect.stringMatching(/running/) });
    expect(planDestroy(inputOf(g, 'pve-5', all, [ds('pve-5')]))).toMatchObject({ refusal: expect.stringMatching(/by default/) });
    expect(planDestroy(inputOf(g, 'pve-5', { nextBootDataset: ds('pve-5') }, [ds('pve-5')]))).toMatchObject({
      refusal: expect.stringMatching(/next boot/),
    });
  });

  test('a clone outside the BE root', () => {
    const w = install().snapshot(`${ds('pve-1')}@a`).snapshot(`${ds('pve-1')}@b`);
    w.clone(`${ds('pve-1')}@a`, 'rpool/data/copy').clone(`${ds('pve-1')}@b`, ds('pve-2'));
    expect(planDestroy(inputOf(w, 'pve-1', { booted: ds('pve-2') }))).toEqual({
      ok: false,
      refusal: 'rpool/data/copy is a clone of rpool/ROOT/pve-1@a outside rpool/ROOT; promote it (zfs promote rpool/data/copy) or destroy it first',
    });
  });

  test('a clone that is a child dataset of a BE', () => {
    const w = install().create(ds('pve-2')).snapshot(`${ds('pve-1')}@a`).clone(`${ds('pve-1')}@a`, `${ds('pve-2')}/var`);
    expect(planDestroy(inputOf(w, 'pve-1', { booted: ds('pve-2') }))).toMatchObject({
      refusal: expect.stringMatching(/^rpool\/ROOT\/pve-2\/var is a clone of rpool\/ROOT\/pve-1@a outside/),
    });
  });

  test('a clone of a snapshot of the BE’s child dataset', () => {
    const w = install().create(ds('pve-2')).create(`${ds('pve-2')}/var`).snapshot(`${ds('pve-2')}/var@a`);
    w.clone(`${ds('pve-2')}/var@a`, ds('pve-3'));
    expect(planDestroy(inputOf(w, 'pve-2'))).toEqual({
      ok: false,
      refusal: 'rpool/ROOT/pve-3 is a clone of rpool/ROOT/pve-2/var@a, inside pve-2; promote it (zfs promote rpool/ROOT/pve-3) or destroy it first',
    });
  });

  test('a promotion zfs would refuse for a snapshot name both have', () => {
    const w = install().create(ds('pve-0')).snapshot(`${ds('pve-0')}@a`).snapshot(`${ds('pve-0')}@b`);
    w.clone(`${ds('pve-0')}@b`, ds('pve-2')).snapshot(`${ds('pve-2')}@a`);
    const plan = planDestroy(inputOf(w, 'pve-0'));
    expect(plan).toEqual({
      ok: false,
      refusal:
        'promoting rpool/ROOT/pve-2 would move rpool/ROOT/pve-0@a onto it, but rpool/ROOT/pve-2@a exists; rename one of them first (zfs rename rpool/ROOT/pve-0@a rpool/ROOT/pve-0@<new name>)',
    });
    expect(() => w.copy().promote(ds('pve-2'))).toThrow(ZfsError);
  });
});

describe('planDestroy', () => {
  test('a BE nothing was cloned from: destroyed with its snapshots, its origin kept', () => {
    const g = install().snapshot(`${ds('pve-1')}@a`).clone(`${ds('pve-1')}@a`, ds('pve-2'));
    g.snapshot(`${ds('pve-2')}@y`).snapshot(`${ds('pve-2')}@x`);
    const plan = planDestroy(inputOf(g, 'pve-2'));
    expect(plan).toEqual({
      ok: true,
      steps: [{ op: 'destroy-dataset', dataset: ds('pve-2'), snapshots: [`${ds('pve-2')}@y`, `${ds('pve-2')}@x`] }],
      notes: [],
    });
    apply(g, plan);
    expect(g.datasets()).toEqual(['rpool', ROOT, ds('pve-1'), 'rpool/data']);
    expect(g.snapshotsOf(ds('pve-1'))).toEqual([`${ds('pve-1')}@a`]);
  });

  test('one dependent: promoted, it takes the snapshots up to its origin', () => {
    const g = install().create(ds('pve-0'));
    for (const s of ['a', 'b', 'c']) g.snapshot(`${ds('pve-0')}@${s}`);
    g.clone(`${ds('pve-0')}@b`, ds('pve-2'));
    const plan = planDestroy(inputOf(g, 'pve-0'));
    expect(plan).toEqual({
      ok: true,
      steps: [
        { op: 'promote', dataset: ds('pve-2'), why: `${ds('pve-2')} is a clone of ${ds('pve-0')}@b: promoted, it takes over pve-0's snapshots up to @b` },
        { op: 'destroy-dataset', dataset: ds('pve-0'), snapshots: [`${ds('pve-0')}@c`] },
      ],
      notes: [],
    });
    apply(g, plan);
    expect(g.exists(ds('pve-0'))).toBe(false);
    expect(g.snapshotsOf(ds('pve-2'))).toEqual([`${ds('pve-2')}@a`, `${ds('pve-2')}@b`]);
    expect(g.originOf(ds('pve-2'))).toBeUndefined();
  });

  test('dependents on several snapshots: the clone of the newest is promoted, the others follow it', () => {
    const g = install().create(ds('pve-0'));
    for (const s of ['a', 'b', 'c', 'd']) g.snapshot(`${ds('pve-0')}@${s}`);
    g.clone(`${ds('pve-0')}@a`, ds('be-a'));
    g.clone(`${ds('pve-0')}@c`, ds('be-c2'));
    g.clone(`${ds('pve-0')}@c`, ds('be-c1'));
    g.clone(`${ds('pve-0')}@b`, ds('be-b'));
    const input = inputOf(g, 'pve-0', { destroyOrigin: true });
    const plan = planDestroy(input);
    expect(plan).toEqual({
      ok: true,
      steps: [
        { op: 'promote', dataset: ds('be-c1'), why: expect.stringContaining('up to @c') },
        { op: 'destroy-dataset', dataset: ds('pve-0'), snapshots: [`${ds('pve-0')}@d`] },
      ],
      notes: [`keeping ${ds('be-c1')}@c: ${ds('be-c2')} is a clone of it`],
    });
    // The same facts in another order make the same plan.
    const reversed = {
      ...input,
      bes: [...input.bes].reverse(),
      snapshots: [...input.snapshots].reverse().map((s) => ({ ...s, clones: [...s.clones].reverse() })),
    };
    expect(planDestroy(reversed)).toEqual(plan);
    apply(g, plan);
    expect(g.originOf(ds('be-a'))).toBe(`${ds('be-c1')}@a`);
    expect(g.originOf(ds('be-b'))).toBe(`${ds('be-c1')}@b`);
    expect(g.originOf(ds('be-c2'))).toBe(`${ds('be-c1')}@c`);
    expect(g.originOf(ds('be-c1'))).toBeUndefined();
  });

  test('promotes the next clone by name when zfs would refuse the first', () => {
    const g = install().create(ds('pve-0')).snapshot(`${ds('pve-0')}@a`).snapshot(`${ds('pve-0')}@b`);
    g.clone(`${ds('pve-0')}@b`, ds('be-1')).clone(`${ds('pve-0')}@b`, ds('be-2')).snapshot(`${ds('be-1')}@a`);
    const plan = planDestroy(inputOf(g, 'pve-0'));
    expect(plan).toMatchObject({ ok: true, steps: [{ op: 'promote', dataset: ds('be-2') }, { op: 'destroy-dataset' }] });
    apply(g, plan);
    expect(g.originOf(ds('be-1'))).toBe(`${ds('be-2')}@b`);
  });

  describe('-o', () => {
    test('destroys the origin nothing else was cloned from', () => {
      const g = install().snapshot(`${ds('pve-1')}@a`).clone(`${ds('pve-1')}@a`, ds('pve-2'));
      const plan = planDestroy(inputOf(g, 'pve-2', { destroyOrigin: true }));
      expect(plan).toEqual({
        ok: true,
        steps: [
          { op: 'destroy-dataset', dataset: ds('pve-2'), snapshots: [] },
          { op: 'destroy-snapshot', snapshot: `${ds('pve-1')}@a`, why: 'the origin of pve-2, and no other dataset is a clone of it' },
        ],
        notes: [],
      });
      apply(g, plan);
      expect(g.snapshotsOf(ds('pve-1'))).toEqual([]);
    });

    test('keeps an origin others were cloned from', () => {
      const g = install().snapshot(`${ds('pve-1')}@a`);
      for (const n of [2, 4, 3]) g.clone(`${ds('pve-1')}@a`, ds(`pve-${n}`));
      expect(planDestroy(inputOf(g, 'pve-2', { destroyOrigin: true }))).toEqual({
        ok: true,
        steps: [{ op: 'destroy-dataset', dataset: ds('pve-2'), snapshots: [] }],
        notes: [`keeping ${ds('pve-1')}@a: ${ds('pve-3')}, ${ds('pve-4')} are clones of it`],
      });
    });

    test('keeps an origin outside the BE root', () => {
      const g = install().create('rpool/data/base').snapshot('rpool/data/base@a').clone('rpool/data/base@a', ds('pve-2'));
      expect(planDestroy(inputOf(g, 'pve-2', { destroyOrigin: true }))).toEqual({
        ok: true,
        steps: [{ op: 'destroy-dataset', dataset: ds('pve-2'), snapshots: [] }],
        notes: ['keeping rpool/data/base@a: it is outside rpool/ROOT'],
      });
    });

    test('says so when there is no origin', () => {
      const g = install().create(ds('pve-2'));
      expect(planDestroy(inputOf(g, 'pve-2', { destroyOrigin: true }))).toEqual({
        ok: true,
        steps: [{ op: 'destroy-dataset', dataset: ds('pve-2'), snapshots: [] }],
        notes: ['pve-2 is not a clone: there is no origin snapshot to destroy'],
      });
    });
  });

  test('a clone with a dependent: the origin after the promotion is the one -o destroys', () => {
    // pve-2 is a clone of pve-1@a, pve-3 a clone of pve-2@x. Promoted, pve-3 takes @x and
    // becomes the clone of pve-1@a; pve-2 becomes a clone of pve-3@x.
    const g = install().snapshot(`${ds('pve-1')}@a`).clone(`${ds('pve-1')}@a`, ds('pve-2'));
    g.snapshot(`${ds('pve-2')}@x`).snapshot(`${ds('pve-2')}@y`).clone(`${ds('pve-2')}@x`, ds('pve-3'));
    const plan = planDestroy(inputOf(g, 'pve-2', { destroyOrigin: true }));
    expect(plan).toEqual({
      ok: true,
      steps: [
        { op: 'promote', dataset: ds('pve-3'), why: expect.any(String) },
        { op: 'destroy-dataset', dataset: ds('pve-2'), snapshots: [`${ds('pve-2')}@y`] },
        { op: 'destroy-snapshot', snapshot: `${ds('pve-3')}@x`, why: expect.any(String) },
      ],
      notes: [],
    });
    apply(g, plan);
    expect(g.originOf(ds('pve-3'))).toBe(`${ds('pve-1')}@a`);
    expect(g.snapshotsOf(ds('pve-1'))).toEqual([`${ds('pve-1')}@a`]);
    expect(g.snapshotsOf(ds('pve-3'))).toEqual([]);
  });
});

// Random clone graphs, built with zfs's own operations, and every plan run against them.
describe('planDestroy against a model of zfs', () => {
  const SNAPSHOT_NAMES = ['a', 'b', 'c', 'apt-1', 'kernel'];

  function randomPool(rng: SeededRandom): ZfsCloneGraph {
    const g = install();
    let n = 1;
    for (let i = 6 + rng.int(24); i > 0; i--) {
      const bes = g.datasets().filter(isBe);
      const filesystems = g.datasets().filter((d) => d.startsWith(`${ROOT}/`) || d.startsWith('rpool/data/'));
      const snapshots = filesystems.flatMap((d) => g.snapshotsOf(d));
      const what = rng.int(100);
      try {
        if (what < 40) {
          g.snapshot(`${rng.pick(filesystems)}@${rng.pick(SNAPSHOT_NAMES)}`);
        } else if (what < 80 && snapshots.length > 0) {
          const where = rng.int(100);
          const name = where < 84 ? ds(`be-${n++}`) : where < 92 ? `rpool/data/vm-${n++}` : `${rng.pick(bes)}/sub-${n++}`;
          g.clone(rng.pick(snapshots), name);
        } else if (what < 90) {
          const clones = filesystems.filter((d) => g.originOf(d) !== undefined);
          if (clones.length > 0) g.promote(rng.pick(clones));
        } else {
          g.create(rng.chance(0.7) ? ds(`be-${n++}`) : `${rng.pick(bes)}/sub-${n++}`);
        }
      } catch (error) {
        if (!(error instanceof ZfsError)) throw error; // a name clash: zfs said no, nothing changed
      }
    }
    return g;
  }

  function shuffled<T>(rng: SeededRandom, items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  function snapshotTxgs(g: ZfsCloneGraph, datasets = g.datasets()): Set<number> {
    return new Set(datasets.flatMap((d) => g.snapshotsOf(d).map((s) => g.txgOf(s))));
  }

  test('every plan runs, keeps every other BE whole and refuses only for a reason', () => {
    const rng = seededRandom(20261122);
    const seen = { missing: 0, protected: 0, outside: 0, clash: 0, plain: 0, promoted: 0, originDestroyed: 0, originKept: 0 };
    for (let round = 0; round < 1500; round++) {
      const g = randomPool(rng);
      const bes = g.datasets().filter(isBe);
      const pick = (p: number): string | undefined => (rng.chance(p) ? rng.pick(bes) : undefined);
      const held = bes.filter(() => rng.chance(0.08));
      const booted = rng.chance(0.7) ? ds('pve-1') : rng.pick(bes);
      const defaultDataset = rng.chance(0.5) ? booted : pick(0.3);
      const nextBootDataset = pick(0.1);
      const target = rng.chance(0.03) ? 'gone' : rng.pick(bes).slice(ROOT.length + 1);
      const more: Partial<DestroyInput> = { booted, destroyOrigin: rng.chance(0.5) };
      if (defaultDataset !== undefined) more.defaultDataset = defaultDataset;
      if (nextBootDataset !== undefined) more.nextBootDataset = nextBootDataset;
      const input = inputOf(g, target, more, held);
      const plan = planDestroy(input);
      // expect() on every round is slow: plain checks, and the whole story when one fails.
      const check = (ok: boolean, what: () => string): void => {
        if (!ok) throw new Error(`round ${round}: ${what()}\ninput: ${JSON.stringify(input)}\nplan: ${JSON.stringify(plan)}`);
      };

      // The facts in any order make the same plan.
      const reordered = {
        ...input,
        bes: shuffled(rng, input.bes),
        snapshots: shuffled(rng, input.snapshots).map((s) => ({ ...s, clones: shuffled(rng, s.clones) })),
      };
      const again = planDestroy(reordered);
      check(JSON.stringify(again) === JSON.stringify(plan), () => `reordered facts, another plan: ${JSON.stringify(again)}`);

      const dataset = ds(target);
      const protectedBy = !g.exists(dataset)
        ? /pve-bootenv list/
        : dataset === booted
          ? /running/
          : dataset === defaultDataset
            ? /by default/
            : dataset === nextBootDataset
              ? /clear-next-boot/
              : held.includes(dataset)
                ? /pve-bootenv release/
                : undefined;
      if (protectedBy) {
        check(!plan.ok && protectedBy.test(plan.refusal), () => `not refused for ${String(protectedBy)}`);
        seen[g.exists(dataset) ? 'protected' : 'missing']++;
        continue;
      }

      const hierarchy = g.datasets().filter((d) => within(d, dataset));
      if (!plan.ok) {
        // Refused for a clone we must not touch, or because zfs would refuse every promotion.
        const foreign = hierarchy.flatMap((d) => g.snapshotsOf(d).flatMap((s) => g.clonesOf(s).filter((c) => d !== dataset || !isBe(c))));
        if (foreign.length > 0) {
          check(foreign.some((c) => plan.refusal.startsWith(`${c} is a clone`)), () => `the refusal names none of ${foreign.join(', ')}`);
          seen.outside++;
        } else {
          const newest = g.snapshotsOf(dataset).filter((s) => g.clonesOf(s).length > 0).at(-1);
          check(newest !== undefined, () => 'refused, but nothing depends on the target');
          for (const clone of g.clonesOf(newest!)) {
            check(thrownByZfs(() => g.copy().promote(clone)), () => `refused, but zfs would promote ${clone}`);
          }
          check(plan.refusal.includes('rename one of them first'), () => 'not a refusal for a snapshot name');
          seen.clash++;
        }
        continue;
      }

      const others = g.datasets().filter((d) => !within(d, dataset));
      const txgsBefore = snapshotTxgs(g);
      const ops = plan.steps.map((s) => s.op).join(' ');
      check(/^(promote )?destroy-dataset( destroy-snapshot)?$/.test(ops), () => `steps out of order: ${ops}`);
      check(input.destroyOrigin || !ops.includes('destroy-snapshot'), () => 'a snapshot destroyed without -o');

      let doomed = new Set<number>();
      let originAtDestroy: string | undefined;
      for (const step of plan.steps) {
        const where = step.op === 'destroy-snapshot' ? step.snapshot.slice(0, step.snapshot.indexOf('@')) : step.dataset;
        check(isBe(where), () => `a step outside the BE root: ${JSON.stringify(step)}`);
        try {
          if (step.op === 'promote') {
            g.promote(step.dataset);
          } else if (step.op === 'destroy-dataset') {
            check(step.dataset === dataset, () => 'destroys another dataset');
            const left = g.snapshotsOf(dataset);
            check(JSON.stringify(step.snapshots) === JSON.stringify(left), () => `the target has ${left.join(' ')} left`);
            originAtDestroy = g.originOf(dataset);
            doomed = snapshotTxgs(g, hierarchy);
            g.destroyRecursive(step.dataset);
          } else {
            check(step.snapshot === originAtDestroy, () => `destroys ${step.snapshot}, not the origin ${String(originAtDestroy)}`);
            doomed.add(g.txgOf(step.snapshot));
            g.destroySnapshot(step.snapshot);
          }
        } catch (error) {
          if (!(error instanceof ZfsError)) throw error;
          check(false, () => `zfs refused ${JSON.stringify(step)}: ${error.message}`);
        }
      }

      // The target and its children are gone, everything else is there, down to the origin
      // of the origin; the only snapshots gone are the target's and the origin -o asked for.
      check(hierarchy.every((d) => !g.exists(d)), () => 'the target is still there');
      check(others.every((d) => g.exists(d)), () => `gone: ${others.filter((d) => !g.exists(d)).join(', ')}`);
      for (const d of others) {
        for (let origin = g.originOf(d); origin !== undefined; origin = g.originOf(origin.slice(0, origin.indexOf('@')))) {
          const o = origin;
          check(g.snapshotExists(o), () => `${d} lost ${o} from its origins`);
        }
      }
      const txgsAfter = snapshotTxgs(g);
      const gone = [...txgsBefore].filter((t) => !txgsAfter.has(t));
      check(gone.length === doomed.size && gone.every((t) => doomed.has(t)), () => 'other snapshots were destroyed');

      // -o destroys the origin unless something still needs it or it is not ours.
      if (originAtDestroy !== undefined && isBe(originAtDestroy.slice(0, originAtDestroy.indexOf('@')))) {
        const o = originAtDestroy;
        const stillCloned = g.clonesOf(o).length > 0;
        check(g.snapshotExists(o) === (!input.destroyOrigin || stillCloned), () => `the origin ${o} is wrongly kept or destroyed`);
        if (input.destroyOrigin) seen[stillCloned ? 'originKept' : 'originDestroyed']++;
      }
      seen[plan.steps[0]!.op === 'promote' ? 'promoted' : 'plain']++;
    }
    // The random pools reach every case.
    for (const [what, count] of Object.entries(seen)) expect({ what, enough: count >= 10 }).toEqual({ what, enough: true });
  });
});

function thrownByZfs(run: () => void): boolean {
  try {
    run();
    return false;
  } catch (error) {
    if (error instanceof ZfsError) return true;
    throw error;
  }
}

describe('input ZFS cannot produce', () => {
  test('a BE said to be a clone of its own snapshot is planned, not a TypeError (found by test/unit/fuzz)', () => {
    const be = { name: 'apt-1', dataset: ds('apt-1'), created: 0, usedBytes: 0, canmount: 'noauto', mounted: false, held: false, cloneOf: `${ds('apt-1')}@b` };
    const plan = planDestroy({ target: 'apt-1', beRoot: ROOT, bes: [be], snapshots: [{ name: `${ds('apt-1')}@b`, createtxg: 1, clones: [] }], booted: ds('pve-1'), destroyOrigin: false });
    expect(plan).toEqual({ ok: true, steps: [{ op: 'destroy-dataset', dataset: ds('apt-1'), snapshots: [`${ds('apt-1')}@b`] }], notes: [] });
  });
});

describe('zfsStepOf', () => {
  test('each step as the zfs command it runs: a dataset with its own snapshots (-r), never -R', () => {
    expect(zfsStepOf({ op: 'promote', dataset: ds('b'), why: 'x' })).toEqual({ op: 'zfs', args: ['promote', ds('b')] });
    expect(zfsStepOf({ op: 'destroy-dataset', dataset: ds('a'), snapshots: [] })).toEqual({ op: 'zfs', args: ['destroy', '-r', ds('a')] });
    expect(zfsStepOf({ op: 'destroy-snapshot', snapshot: `${ds('pve-1')}@a`, why: 'x' })).toEqual({ op: 'zfs', args: ['destroy', `${ds('pve-1')}@a`] });
  });
});
