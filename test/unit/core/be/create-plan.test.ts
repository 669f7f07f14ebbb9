import { describe, expect, test } from '@jest/globals';
import { planCreate, type CreateFacts } from '../../../../src/core/be/create-plan.js';
import { describeStep } from '../../../../src/core/be/steps.js';
import { ZfsOutputError } from '../../../../src/core/zfs/errors.js';
import { parseZfsGet } from '../../../../src/core/zfs/zfs-get.js';

const R = 'rpool/ROOT';
const PVE_1_GET = parseZfsGet(
  [`${R}/pve-1\tmountpoint\t/\tlocal`, `${R}/pve-1\tcanmount\ton\tlocal`, `${R}/pve-1\tacltype\tposix\tlocal`, `${R}/pve-1\txattr\tsa\tlocal`, `${R}/pve-1\tcompression\ton\tinherited from rpool`, ''].join('\n'),
);
const NOW = new Date('2026-11-22T14:30:05.123Z');

const facts = (more: Partial<CreateFacts> = {}): CreateFacts => ({
  name: 'alpha',
  beRoot: R,
  bes: [{ dataset: `${R}/pve-1`, canmount: 'on' }],
  sourceDataset: `${R}/pve-1`,
  snapshots: new Set(),
  sourceProperties: PVE_1_GET,
  madeBy: 'manual',
  syncEsps: true,
  now: NOW,
  ...more,
});

describe('planCreate', () => {
  test('canmount=noauto for the BE at on, snapshot, clone with placement, local and our properties, cmdline, sync', () => {
    const plan = planCreate(facts({ description: 'before the upgrade', properties: { packages: 'x' } }));
    expect(plan.ok && plan.steps.map(describeStep)).toEqual([
      `zfs set canmount=noauto ${R}/pve-1`,
      `zfs snapshot ${R}/pve-1@alpha`,
      `zfs clone -o canmount=noauto -o mountpoint=/ -o acltype=posix -o xattr=sa -o pve-bootenv:origin=manual -o pve-bootenv:description=before the upgrade -o pve-bootenv:packages=x ${R}/pve-1@alpha ${R}/alpha`,
      `set root=ZFS=${R}/alpha in its /etc/kernel/cmdline`,
      'sync the ESPs (entries, kernels, default)',
    ]);
    expect(plan).toMatchObject({ ok: true, snapshot: `${R}/pve-1@alpha`, makeSnapshot: true, dataset: `${R}/alpha` });
  });

  test('a description with blanks stays one argv element', () => {
    const plan = planCreate(facts({ description: 'a b' }));
    expect(plan.ok && plan.steps.find((s) => s.op === 'zfs' && s.args[0] === 'clone')).toMatchObject({ args: expect.arrayContaining(['pve-bootenv:description=a b']) });
  });

  test('an activation to follow: no sync step (the activation syncs)', () => {
    const plan = planCreate(facts({ syncEsps: false }));
    expect(plan.ok && plan.steps.some((s) => s.op === 'sync-esps')).toBe(false);
  });

  test('an origin snapshot left by a destroyed BE of that name: the snapshot gets a time stamp', () => {
    const plan = planCreate(facts({ snapshots: new Set([`${R}/pve-1@alpha`]) }));
    expect(plan).toMatchObject({ ok: true, snapshot: `${R}/pve-1@alpha-20261122-143005` });
  });

  test('that one taken too: refused, try again', () => {
    const plan = planCreate(facts({ snapshots: new Set([`${R}/pve-1@alpha`, `${R}/pve-1@alpha-20261122-143005`]) }));
    expect(plan).toEqual({ ok: false, refusal: `snapshot ${R}/pve-1@alpha-20261122-143005 exists already; try again in a second` });
  });

  test('a named snapshot is cloned as it is, and not ours to make or undo', () => {
    const plan = planCreate(facts({ snapshotName: 'old', snapshots: new Set([`${R}/pve-1@old`]) }));
    expect(plan).toMatchObject({ ok: true, snapshot: `${R}/pve-1@old`, makeSnapshot: false });
    expect(plan.ok && plan.steps.some((s) => s.op === 'zfs' && s.args[0] === 'snapshot')).toBe(false);
  });

  test('a named snapshot that is not there is refused, saying how to list them', () => {
    expect(planCreate(facts({ snapshotName: 'nosuch' }))).toEqual({ ok: false, refusal: `no snapshot ${R}/pve-1@nosuch; 'zfs list -t snapshot ${R}/pve-1' shows them` });
  });

  test('no properties of the source in the zfs get output: an error, not a clone without acltype', () => {
    expect(() => planCreate(facts({ sourceProperties: new Map() }))).toThrow(ZfsOutputError);
  });
});
