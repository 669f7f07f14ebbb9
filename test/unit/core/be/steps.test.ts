import { describe, expect, test } from '@jest/globals';
import { canmountSteps, describeStep, promoteSteps } from '../../../../src/core/be/steps.js';

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
