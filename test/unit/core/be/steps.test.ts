import { describe, expect, test } from '@jest/globals';
import { canmountSteps, describeStep, planActivation, promoteSteps, renameSteps, type ActivationFacts } from '../../../../src/core/be/steps.js';

describe('describeStep', () => {
  test('zfs and zpool steps read as the commands they run', () => {
    expect(describeStep({ op: 'zfs', args: ['promote', 'rpool/ROOT/b'] })).toBe('zfs promote rpool/ROOT/b');
    expect(describeStep({ op: 'zpool', args: ['set', 'bootfs=rpool/ROOT/b', 'rpool'] })).toBe('zpool set bootfs=rpool/ROOT/b rpool');
  });

  test('every other step says what it does', () => {
    expect(describeStep({ op: 'set-cmdline-root', dataset: 'rpool/ROOT/b' })).toBe('set root=ZFS=rpool/ROOT/b in its /etc/kernel/cmdline');
    expect(describeStep({ op: 'sync-esps' })).toMatch(/^sync the ESPs/);
    expect(describeStep({ op: 'set-next-boot', be: 'b' })).toMatch(/^boot b once/);
    expect(describeStep({ op: 'clear-next-boot' })).toMatch(/^clear the next-boot/);
  });
});

describe('canmountSteps', () => {
  test('every BE still at canmount=on gets noauto; the others need nothing', () => {
    expect(
      canmountSteps([
        { dataset: 'rpool/ROOT/pve-1', canmount: 'on' },
        { dataset: 'rpool/ROOT/a', canmount: 'noauto' },
        { dataset: 'rpool/ROOT/b', canmount: 'off' },
      ]),
    ).toEqual([{ op: 'zfs', args: ['set', 'canmount=noauto', 'rpool/ROOT/pve-1'] }]);
  });
});

describe('promoteSteps', () => {
  const R = 'rpool/ROOT';
  const promote = { op: 'zfs', args: ['promote', `${R}/b`] };
  test('no origin: nothing; a clone of the root BE: once', () => {
    expect(promoteSteps({ dataset: `${R}/pve-1` }, [])).toEqual([]);
    expect(promoteSteps({ dataset: `${R}/b`, cloneOf: `${R}/pve-1@x` }, [{ dataset: `${R}/pve-1` }])).toEqual([promote]);
  });
  test('a clone of a clone (pve-1 → a → b): once per link', () => {
    const bes = [{ dataset: `${R}/pve-1` }, { dataset: `${R}/a`, cloneOf: `${R}/pve-1@a` }, { dataset: `${R}/b`, cloneOf: `${R}/a@b` }];
    expect(promoteSteps(bes[2]!, bes)).toEqual([promote, promote]);
    const deeper = [...bes, { dataset: `${R}/c`, cloneOf: `${R}/b@c` }];
    expect(promoteSteps(deeper[3]!, deeper)).toHaveLength(3);
  });
  test('an origin outside the BEs ends the chain; a looping list is not followed twice', () => {
    expect(promoteSteps({ dataset: `${R}/b`, cloneOf: 'rpool/other@s' }, [])).toEqual([promote]);
    const loop = [{ dataset: `${R}/a`, cloneOf: `${R}/b@x` }, { dataset: `${R}/b`, cloneOf: `${R}/a@y` }];
    expect(promoteSteps(loop[1]!, loop)).toEqual([promote, promote]);
  });
});

describe('planActivation', () => {
  const R = 'rpool/ROOT';
  const pve1 = { name: 'pve-1', dataset: `${R}/pve-1`, canmount: 'noauto' };
  const b = { name: 'b', dataset: `${R}/b`, canmount: 'on', cloneOf: `${R}/pve-1@b` };
  const facts = (more: Partial<ActivationFacts> = {}): ActivationFacts => ({
    be: b,
    bes: [pve1, b],
    pool: 'rpool',
    bootfs: `${R}/pve-1`,
    defaultDataset: `${R}/pve-1`,
    oneShotEntry: undefined,
    nextBoot: false,
    booted: `${R}/pve-1`,
    trialDataset: undefined,
    ...more,
  });

  test('as the default: promoted, canmount=noauto for all, bootfs, then the ESPs', () => {
    const plan = planActivation(facts());
    expect(plan).toEqual({
      ok: true,
      zfsSteps: [
        { op: 'zfs', args: ['promote', `${R}/b`] },
        { op: 'zfs', args: ['set', 'canmount=noauto', `${R}/b`] },
        { op: 'zpool', args: ['set', `bootfs=${R}/b`, 'rpool'] },
      ],
      steps: expect.arrayContaining([{ op: 'sync-esps' }]),
      boots: { defaultDataset: `${R}/b`, nextBootDataset: undefined, trialDataset: undefined },
      notes: [],
    });
    expect(plan.ok && plan.steps.at(-1)).toEqual({ op: 'sync-esps' });
  });

  test('a pending next-boot-only choice is cleared after the sync', () => {
    const plan = planActivation(facts({ oneShotEntry: 'pve-bootenv-x-6.8.conf' }));
    expect(plan.ok && plan.steps.slice(-2)).toEqual([{ op: 'sync-esps' }, { op: 'clear-next-boot' }]);
  });

  test('the default already, with nothing to change: only the sync, and a note', () => {
    const done = { ...b, canmount: 'noauto', cloneOf: undefined };
    const plan = planActivation(facts({ be: pve1, bes: [pve1, done] }));
    expect(plan).toEqual({ ok: true, zfsSteps: [], steps: [{ op: 'sync-esps' }], boots: { defaultDataset: `${R}/pve-1`, nextBootDataset: undefined, trialDataset: undefined }, notes: ['pve-1 already boots by default'] });
  });

  test('--next-boot: neither promoted nor bootfs, the default stays, the one-shot choice last', () => {
    const plan = planActivation(facts({ nextBoot: true }));
    expect(plan).toEqual({
      ok: true,
      zfsSteps: [{ op: 'zfs', args: ['set', 'canmount=noauto', `${R}/b`] }],
      steps: [{ op: 'zfs', args: ['set', 'canmount=noauto', `${R}/b`] }, { op: 'sync-esps' }, { op: 'set-next-boot', be: 'b' }],
      boots: { defaultDataset: `${R}/pve-1`, nextBootDataset: `${R}/b`, trialDataset: undefined },
      notes: [],
    });
  });

  test('--next-boot of the default BE is refused', () => {
    expect(planActivation(facts({ be: pve1, nextBoot: true }))).toEqual({
      ok: false,
      refusal: 'pve-1 already boots by default; --next-boot is for trying another boot environment once',
    });
  });
});

describe('planActivation --trial', () => {
  const R = 'rpool/ROOT';
  const BOOT = '0f0e0d0c-0b0a-4908-8706-050403020100';
  const pve1 = { name: 'pve-1', dataset: `${R}/pve-1`, canmount: 'noauto' };
  const b = { name: 'b', dataset: `${R}/b`, canmount: 'noauto', cloneOf: `${R}/pve-1@b` };
  const c = { name: 'c', dataset: `${R}/c`, canmount: 'noauto', cloneOf: `${R}/pve-1@c` };
  const facts = (more: Partial<ActivationFacts> = {}): ActivationFacts => ({
    be: b,
    bes: [pve1, b, c],
    pool: 'rpool',
    bootfs: `${R}/pve-1`,
    defaultDataset: `${R}/pve-1`,
    oneShotEntry: undefined,
    nextBoot: true,
    trial: { bootId: BOOT },
    booted: `${R}/pve-1`,
    trialDataset: undefined,
    ...more,
  });

  test('once, through the trial entry, recorded as pending in this boot; the default unchanged', () => {
    const plan = planActivation(facts());
    const record = { op: 'zfs', args: ['set', `pve-bootenv:trial=pending:${BOOT}`, `${R}/b`] };
    expect(plan).toEqual({
      ok: true,
      zfsSteps: [record],
      steps: [record, { op: 'sync-esps' }, { op: 'set-next-boot', be: 'b', trial: true }],
      boots: { defaultDataset: `${R}/pve-1`, nextBootDataset: `${R}/b`, trialDataset: `${R}/b` },
      notes: [],
    });
    expect(describeStep({ op: 'set-next-boot', be: 'b', trial: true })).toContain('trial entry');
  });

  test.each<[string, Partial<ActivationFacts>, RegExp]>([
    ['the booted BE', { booted: `${R}/b` }, /^b is running now;/],
    ['the default BE', { be: pve1, booted: `${R}/c` }, /^pve-1 already boots by default; a trial is for another/],
    ['with another trial pending', { trialDataset: `${R}/c` }, /^c has a trial pending; 'pve-bootenv activate --clear-next-boot' cancels it$/],
  ])('refused: %s', (_, more, refusal) => {
    const plan = planActivation(facts(more));
    expect(plan.ok).toBe(false);
    expect(plan.ok ? '' : plan.refusal).toMatch(refusal);
  });

  test('any other activation cancels a pending trial: its record goes, its entry with the next sync', () => {
    const cancel = { op: 'zfs', args: ['inherit', 'pve-bootenv:trial', `${R}/c`] };
    const asDefault = planActivation(facts({ trial: undefined, nextBoot: false, trialDataset: `${R}/c`, oneShotEntry: 'pve-bootenv-c-6.8.trial.conf' }));
    expect(asDefault.ok && asDefault.zfsSteps[0]).toEqual(cancel);
    expect(asDefault.ok && asDefault.boots.trialDataset).toBeUndefined();
    expect(asDefault.ok && asDefault.notes).toEqual(['the trial of c is cancelled']);
    const once = planActivation(facts({ trial: undefined, trialDataset: `${R}/c` }));
    expect(once.ok && once.zfsSteps).toEqual([cancel]);
  });

  test('the gate making the BE on trial the default: its record is reset, no note (the gate records passed)', () => {
    const plan = planActivation(facts({ trial: undefined, nextBoot: false, booted: `${R}/b`, trialDataset: `${R}/b` }));
    expect(plan.ok && plan.zfsSteps[0]).toEqual({ op: 'zfs', args: ['inherit', 'pve-bootenv:trial', `${R}/b`] });
    expect(plan.ok && plan.notes).toEqual([]);
  });
});

describe('renameSteps', () => {
  const R = 'rpool/ROOT';
  const base = { dataset: `${R}/a`, newName: 'b', newDataset: `${R}/b`, pool: 'rpool', bootfs: `${R}/pve-1`, nextBoot: false };

  test('dataset, its command line, the ESPs', () => {
    expect(renameSteps(base).map(describeStep)).toEqual([
      `zfs rename ${R}/a ${R}/b`,
      `set root=ZFS=${R}/b in its /etc/kernel/cmdline`,
      'sync the ESPs (entries, kernels, default)',
    ]);
  });

  test('the default BE keeps bootfs; the next-boot one keeps the one-shot choice', () => {
    expect(renameSteps({ ...base, bootfs: `${R}/a`, nextBoot: true })).toEqual([
      { op: 'zfs', args: ['rename', `${R}/a`, `${R}/b`] },
      { op: 'set-cmdline-root', dataset: `${R}/b` },
      { op: 'zpool', args: ['set', `bootfs=${R}/b`, 'rpool'] },
      { op: 'sync-esps' },
      { op: 'set-next-boot', be: 'b' },
    ]);
  });
});
