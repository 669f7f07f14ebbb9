import { describe, expect, test } from '@jest/globals';
import { MAX_CMDLINE_BYTES } from '../../../../src/core/bootfiles/kernel-cmdline.js';
import { bootCommandLine } from '../../../../src/core/sync/be-cmdline.js';

const D = 'rpool/ROOT/pve-2';

describe('bootCommandLine', () => {
  test('/etc/kernel/cmdline is taken as it is, root= forced to the dataset', () => {
    expect(bootCommandLine(['root=ZFS=rpool/ROOT/pve-1', 'quiet'], 'etc/kernel/cmdline', D)).toEqual({ ok: true, tokens: [`root=ZFS=${D}`, 'quiet'] });
  });

  test('a GRUB command line gets boot=zfs (Proxmox keeps it in GRUB_CMDLINE_LINUX), and root= appended', () => {
    expect(bootCommandLine(['quiet'], 'etc/default/grub', D)).toEqual({ ok: true, tokens: ['quiet', 'boot=zfs', `root=ZFS=${D}`] });
  });

  test('boot=zfs is not added twice', () => {
    expect(bootCommandLine(['boot=zfs', 'quiet'], 'etc/default/grub', D)).toEqual({ ok: true, tokens: ['boot=zfs', 'quiet', `root=ZFS=${D}`] });
  });

  test('no command line at all: boot=zfs and root=', () => {
    expect(bootCommandLine([], undefined, D)).toEqual({ ok: true, tokens: ['boot=zfs', `root=ZFS=${D}`] });
  });

  test('a line root= and boot=zfs push over the limit is refused with why', () => {
    const long = 'x'.repeat(MAX_CMDLINE_BYTES - 5);
    const over = bootCommandLine([long], 'etc/kernel/cmdline', 'p');
    expect(over.ok).toBe(false);
    expect(over.ok ? '' : over.tooLong).toMatch(/\S/);
    expect(bootCommandLine([`x=${'y'.repeat(100)}`], 'etc/kernel/cmdline', D).ok).toBe(true);
  });

  test('a dataset that cannot go into root= throws', () => {
    expect(() => bootCommandLine([], undefined, 'rpool/ROOT/a b')).toThrow(/cannot go into root=ZFS=/);
  });
});
