import { describe, expect, test } from '@jest/globals';
import { aptConfigValue, parseAptHookInput } from '../../../../src/core/apt/hook-input.js';
import {
  ChangesFormatError,
  decodeChanges,
  describeChange,
  encodeChanges,
  importantCategory,
  importantReasons,
  isImportant,
  isNoOp,
  MAX_ENCODED_CHANGES_BYTES,
  packageChanges,
  summaryLine,
  type PackageChange,
} from '../../../../src/core/apt/transaction.js';
import { thrown } from '../../thrown.js';
import { CONFIGURE_ONLY, INSTALL, KERNEL, MULTIARCH, NOTHING, REINSTALL, REMOVE, UPGRADE } from './samples.js';

/** The changes of a sample, as the hook computes them. */
function changesOf(text: string): PackageChange[] {
  const input = parseAptHookInput(text);
  return packageChanges(input.actions, aptConfigValue(input.config, 'APT::Architecture'));
}

const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

describe('packageChanges', () => {
  test('an upgrade: one change per package, sorted, the configure-only package left out', () => {
    expect(changesOf(UPGRADE)).toStrictEqual([
      { name: 'libpve-common-perl', kind: 'upgrade', oldVersion: '8.2.2', newVersion: '8.2.3' },
      { name: 'proxmox-widget-toolkit', kind: 'upgrade', oldVersion: '4.2.3', newVersion: '4.2.4' },
      { name: 'pve-manager', kind: 'upgrade', oldVersion: '8.2.4', newVersion: '8.2.7' },
    ]);
  });

  test('an install', () => {
    expect(changesOf(INSTALL)).toStrictEqual([
      { name: 'cowsay', kind: 'install', newVersion: '3.03+dfsg2-8' },
      { name: 'libtext-charwidth-perl', kind: 'install', newVersion: '0.04-11' },
      { name: 'sl', kind: 'install', newVersion: '5.02-1+b1' },
    ]);
  });

  test('a removal and a reinstall', () => {
    expect(changesOf(REMOVE)).toStrictEqual([{ name: 'sl', kind: 'remove', oldVersion: '5.02-1+b1' }]);
    expect(changesOf(REINSTALL)).toStrictEqual([
      { name: 'cowsay', kind: 'reinstall', oldVersion: '3.03+dfsg2-8', newVersion: '3.03+dfsg2-8' },
    ]);
  });

  test('a package in two architectures is two changes; the foreign one is shown as name:arch', () => {
    expect(changesOf(MULTIARCH)).toStrictEqual([
      { name: 'libc6', kind: 'upgrade', oldVersion: '2.36-9+deb12u7', newVersion: '2.36-9+deb12u8' },
      { name: 'libc6:i386', kind: 'upgrade', oldVersion: '2.36-9+deb12u7', newVersion: '2.36-9+deb12u8' },
      { name: 'zfsutils-linux', kind: 'downgrade', oldVersion: '2.2.6-pve1', newVersion: '2.2.4-pve1' },
    ]);
    // Without the native architecture, both instances are qualified, and only they are.
    const names = packageChanges(parseAptHookInput(MULTIARCH).actions).map((change) => change.name);
    expect(names).toStrictEqual(['libc6:amd64', 'libc6:i386', 'zfsutils-linux']);
  });

  test('the configure line alone says the same as the unpack line (a package unpacked by an earlier run)', () => {
    const { actions } = parseAptHookInput(UPGRADE);
    const configureLines = actions.filter((action) => action.operation === 'configure');
    expect(packageChanges(configureLines, 'amd64').map((change) => change.name)).toStrictEqual([
      'libpve-common-perl',
      'proxmox-widget-toolkit',
      'pve-manager',
    ]);
  });

  test('a removal and a new unpack of the same package are read together', () => {
    const { actions } = parseAptHookInput(
      [
        'VERSION 3',
        '',
        'foo 1.0 amd64 none < 2.0 amd64 none **REMOVE**',
        'foo 1.0 amd64 none < 2.0 amd64 none /var/cache/apt/archives/foo_2.0_amd64.deb',
        'foo 1.0 amd64 none < 2.0 amd64 none **CONFIGURE**',
      ].join('\n'),
    );
    expect(packageChanges(actions)).toStrictEqual([{ name: 'foo', kind: 'upgrade', oldVersion: '1.0', newVersion: '2.0' }]);
  });

  test('nothing to do', () => {
    expect(changesOf(CONFIGURE_ONLY)).toStrictEqual([]);
    expect(changesOf(NOTHING)).toStrictEqual([]);
  });
});

describe('isNoOp', () => {
  test.each([
    [UPGRADE, false],
    [INSTALL, false],
    [REMOVE, false],
    [REINSTALL, false],
    [CONFIGURE_ONLY, true],
    [NOTHING, true],
  ])('%#', (text, noOp) => {
    expect(isNoOp(changesOf(text))).toBe(noOp);
  });
});

describe('important changes', () => {
  test('a Proxmox kernel upgrade touches the kernel and the boot loader (proxmox-boot-tool)', () => {
    const changes = changesOf(KERNEL);
    expect(importantReasons(changes)).toStrictEqual(['kernel', 'bootloader']);
    expect(isImportant(changes)).toBe(true);
  });

  test('an ordinary upgrade is not important', () => {
    expect(importantReasons(changesOf(UPGRADE))).toStrictEqual([]);
    expect(isImportant(changesOf(UPGRADE))).toBe(false);
    expect(isImportant([])).toBe(false);
  });

  test('a ZFS downgrade is', () => {
    expect(importantReasons(changesOf(MULTIARCH))).toStrictEqual(['zfs']);
  });

  test.each([
    ['proxmox-kernel-6.8.12-5-pve-signed', 'kernel'],
    ['proxmox-kernel-6.8', 'kernel'],
    ['proxmox-default-kernel', 'kernel'],
    ['pve-kernel-5.15.158-2-pve', 'kernel'],
    ['pve-firmware', 'kernel'],
    ['linux-image-amd64', 'kernel'],
    ['linux-image-6.1.0-26-amd64', 'kernel'],
    ['proxmox-kernel-helper', 'bootloader'],
    ['pve-kernel-helper', 'bootloader'],
    ['grub-efi-amd64', 'bootloader'],
    ['grub-common', 'bootloader'],
    ['grub2-common', 'bootloader'],
    ['grub-efi-amd64-signed', 'bootloader'],
    ['shim-signed', 'bootloader'],
    ['systemd-boot', 'bootloader'],
    ['systemd-boot-efi', 'bootloader'],
    ['zfsutils-linux', 'zfs'],
    ['zfs-initramfs', 'zfs'],
    ['zfs-dkms', 'zfs'],
    ['zfs-zed', 'zfs'],
    ['libzfs4linux', 'zfs'],
    ['libzpool5linux', 'zfs'],
    ['libnvpair3linux', 'zfs'],
    ['libuutil3linux', 'zfs'],
    ['libzfs4linux:i386', 'zfs'],
    ['initramfs-tools', 'initramfs'],
    ['initramfs-tools-core', 'initramfs'],
    ['dracut-core', 'initramfs'],
  ])('%s: %s', (name, category) => {
    expect(importantCategory(name)).toBe(category);
  });

  test.each(['pve-manager', 'proxmox-headers-6.8', 'linux-headers-amd64', 'systemd', 'zfs-auto-snapshot', 'libc6', 'mdadm'])(
    '%s is not important',
    (name) => {
      expect(importantCategory(name)).toBeUndefined();
    },
  );

  test('the categories come in a fixed order, each once', () => {
    const changes: PackageChange[] = [
      { name: 'initramfs-tools', kind: 'upgrade', oldVersion: '1', newVersion: '2' },
      { name: 'zfs-zed', kind: 'upgrade', oldVersion: '1', newVersion: '2' },
      { name: 'zfsutils-linux', kind: 'upgrade', oldVersion: '1', newVersion: '2' },
      { name: 'linux-image-amd64', kind: 'remove', oldVersion: '1' },
    ];
    expect(importantReasons(changes)).toStrictEqual(['kernel', 'zfs', 'initramfs']);
  });
});

describe('summaryLine', () => {
  test('up to max changes, all shown', () => {
    expect(summaryLine(changesOf(UPGRADE))).toBe(
      '3 packages: libpve-common-perl 8.2.2 → 8.2.3, proxmox-widget-toolkit 4.2.3 → 4.2.4, pve-manager 8.2.4 → 8.2.7',
    );
    expect(summaryLine(changesOf(REMOVE))).toBe('1 package: sl (removed)');
  });

  test('more than max: the rest counted', () => {
    expect(summaryLine(changesOf(INSTALL), 2)).toBe('3 packages: cowsay 3.03+dfsg2-8 (new), libtext-charwidth-perl 0.04-11 (new) and 1 more');
    expect(summaryLine(changesOf(INSTALL), 0)).toBe('3 packages');
  });

  test('important packages first', () => {
    expect(summaryLine(changesOf(KERNEL), 2)).toBe(
      '3 packages: proxmox-kernel-6.8 6.8.12-4 → 6.8.12-5, proxmox-kernel-6.8.12-5-pve-signed 6.8.12-5 (new) and 1 more',
    );
    expect(summaryLine(changesOf(MULTIARCH), 1)).toBe('3 packages: zfsutils-linux 2.2.6-pve1 → 2.2.4-pve1 (downgrade) and 2 more');
  });

  test('every kind', () => {
    expect(describeChange({ name: 'a', kind: 'install', newVersion: '1' })).toBe('a 1 (new)');
    expect(describeChange({ name: 'a', kind: 'upgrade', oldVersion: '1', newVersion: '2' })).toBe('a 1 → 2');
    expect(describeChange({ name: 'a', kind: 'downgrade', oldVersion: '2', newVersion: '1' })).toBe('a 2 → 1 (downgrade)');
    expect(describeChange({ name: 'a', kind: 'reinstall', oldVersion: '1', newVersion: '1' })).toBe('a 1 (reinstall)');
    expect(describeChange({ name: 'a:i386', kind: 'remove', oldVersion: '1' })).toBe('a:i386 (removed)');
  });

  test('nothing', () => {
    expect(summaryLine([])).toBe('no package changes');
  });
});

describe('encodeChanges and decodeChanges', () => {
  const MIXED: PackageChange[] = [
    { name: 'bar', kind: 'remove', oldVersion: '2.0' },
    { name: 'foo', kind: 'install', newVersion: '1.0' },
    { name: 'libc6:i386', kind: 'downgrade', oldVersion: '2.36-9+deb12u8', newVersion: '2.36-9+deb12u7' },
    { name: 'pve-manager', kind: 'upgrade', oldVersion: '8.2.4', newVersion: '8.2.7' },
    { name: 'sl', kind: 'reinstall', oldVersion: '1:5.02-1+b1', newVersion: '1:5.02-1+b1' },
  ];

  test('a compact, readable line', () => {
    expect(encodeChanges(MIXED)).toBe(
      'remove bar 2.0 -; install foo - 1.0; downgrade libc6:i386 2.36-9+deb12u8 2.36-9+deb12u7; ' +
        'upgrade pve-manager 8.2.4 8.2.7; reinstall sl 1:5.02-1+b1 1:5.02-1+b1',
    );
  });

  test.each([
    ['mixed', MIXED],
    ['none', []],
    ['an upgrade', changesOf(UPGRADE)],
    ['a kernel upgrade', changesOf(KERNEL)],
    [
      'odd characters',
      [
        { name: 'a b;c%d', kind: 'upgrade', oldVersion: '-', newVersion: '' },
        { name: 'tab\there\nnewline', kind: 'install', newVersion: 'é→1' },
        { name: '%', kind: 'remove', oldVersion: '%2d' },
      ] as PackageChange[],
    ],
  ])('round trip: %s', (_, changes) => {
    const text = encodeChanges(changes);
    expect(text).not.toMatch(/[\t\n]/);
    expect(decodeChanges(text)).toStrictEqual({ changes, omitted: 0 });
  });

  test('many packages are cut to the byte limit, with a count of those left out', () => {
    const changes: PackageChange[] = Array.from({ length: 1000 }, (_, i) => ({
      name: `libpaquet-é${String(i).padStart(4, '0')}-→`,
      kind: 'upgrade',
      oldVersion: `1.${i}-ü`,
      newVersion: `2.${i}-ü`,
    }));
    const text = encodeChanges(changes);
    expect(utf8Bytes(text)).toBeLessThanOrEqual(MAX_ENCODED_CHANGES_BYTES);
    const { changes: kept, omitted } = decodeChanges(text);
    expect(kept.length).toBeGreaterThan(50);
    expect(kept.length + omitted).toBe(1000);
    expect(kept).toStrictEqual(changes.slice(0, kept.length));
    expect(text.endsWith(`; … and ${omitted} more`)).toBe(true);
    // As many as fit: one more would not.
    const oneMore = encodeChanges(changes.slice(0, kept.length + 1), Number.MAX_SAFE_INTEGER);
    expect(utf8Bytes(`${oneMore}; … and ${omitted - 1} more`)).toBeGreaterThan(MAX_ENCODED_CHANGES_BYTES);
  });

  test.each([10, 60, 61, 62, 63, 100, 500])('stays within a limit of %d bytes', (limit) => {
    const changes: PackageChange[] = Array.from({ length: 30 }, (_, i) => ({
      name: `pkg${i}`,
      kind: 'install',
      newVersion: `${i}.0-ñ`,
    }));
    const text = encodeChanges(changes, limit);
    const { changes: kept, omitted } = decodeChanges(text);
    expect(kept.length + omitted).toBe(30);
    if (kept.length > 0) expect(utf8Bytes(text)).toBeLessThanOrEqual(limit);
  });

  test('exactly at the limit, nothing is cut', () => {
    const text = encodeChanges(MIXED);
    expect(encodeChanges(MIXED, utf8Bytes(text))).toBe(text);
    expect(decodeChanges(encodeChanges(MIXED, utf8Bytes(text) - 1)).omitted).toBeGreaterThan(0);
  });

  test.each([
    'upgrade foo 1.0',
    'upgrade foo 1.0 2.0 extra',
    'update foo 1.0 2.0',
    'upgrade - 1.0 2.0',
    '… and 3 more; install foo - 1.0',
    'install foo - 1.0;install bar - 1.0',
  ])('refuses %j', (text) => {
    expect(thrown(ChangesFormatError, () => decodeChanges(text))).toBeInstanceOf(ChangesFormatError);
  });
});
