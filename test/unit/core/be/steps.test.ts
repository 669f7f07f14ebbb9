import { describe, expect, test } from '@jest/globals';
import { canmountSteps, describeStep } from '../../../../src/core/be/steps.js';

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
