import { describe, expect, test } from '@jest/globals';
import { parseDpkgStatus, statusChanges } from '../../../../src/core/apt/dpkg-status.js';

/** One stanza of a status file, its fields in dpkg's order. */
function stanza(name: string, version: string, status = 'install ok installed', arch = 'amd64'): string {
  return [
    `Package: ${name}`,
    `Status: ${status}`,
    'Priority: optional',
    'Section: misc',
    `Architecture: ${arch}`,
    `Version: ${version}`,
    `Description: the ${name} package`,
    '',
  ].join('\n');
}

function status(...stanzas: string[]): string {
  return stanzas.join('\n');
}

// Excerpts of a real status file: long Description, Conffiles and Depends continuations.
const REAL = `Package: pve-manager
Status: install ok installed
Priority: optional
Section: admin
Installed-Size: 5120
Maintainer: Proxmox Support Team <support@proxmox.com>
Architecture: amd64
Version: 8.2.7
Depends: apt (>= 1.5~), ceph-fuse,
 cstream, dtach, libapt-pkg-perl,
 libpve-common-perl (>= 8.2.3)
Conffiles:
 /etc/apt/sources.list.d/pve-enterprise.list 3a0b3d5f5b8bbb1e1de3fbb0d4d6df3f
 /etc/vzdump.conf 8e1e6e2d1c5f8b1d9d0c3c7e4f3a2b1c
Description: Proxmox Virtual Environment Management Tools
 This package contains the Proxmox Virtual Environment management tools.
 .
 Version: 9.9 in a description is not a field.
Homepage: https://www.proxmox.com

Package: zfsutils-linux
Status: install ok installed
Priority: optional
Section: contrib/admin
Architecture: amd64
Multi-Arch: foreign
Source: zfs-linux
Version: 2.2.6-pve1
Provides: zfsutils
Conffiles:
 /etc/cron.d/zfsutils-linux 9d8e7f0a1b2c3d4e5f60718293a4b5c6
 /etc/default/zfs 0a1b2c3d4e5f60718293a4b5c6d7e8f9
Description: command-line tools to manage OpenZFS filesystems
 The Z file system is a pooled filesystem designed for maximum data
 integrity.

Package: tzdata
Status: install ok installed
Priority: required
Section: localization
Architecture: all
Multi-Arch: foreign
Version: 2024a-0+deb12u1
Description: time zone and daylight-saving time data
`;

describe('parseDpkgStatus', () => {
  test('several stanzas with continuation lines: name → version', () => {
    expect(parseDpkgStatus(REAL)).toStrictEqual(
      new Map([
        ['pve-manager', '8.2.7'],
        ['zfsutils-linux', '2.2.6-pve1'],
        ['tzdata', '2024a-0+deb12u1'],
      ]),
    );
  });

  test('empty input, and input with only blank lines, is no package', () => {
    expect(parseDpkgStatus('')).toStrictEqual(new Map());
    expect(parseDpkgStatus('\n\n \n\t\n')).toStrictEqual(new Map());
  });

  test('config-files and not-installed packages are not installed', () => {
    const text = status(
      stanza('kept', '1.0'),
      stanza('purged-later', '2.0', 'deinstall ok config-files'),
      stanza('forgotten', '3.0', 'purge ok not-installed'),
      stanza('unknown', '4.0', 'unknown ok not-installed'),
    );
    expect(parseDpkgStatus(text)).toStrictEqual(new Map([['kept', '1.0']]));
  });

  test('the broken and pending states count: their files are on disk', () => {
    const text = status(
      stanza('a-half-configured', '1', 'install ok half-configured'),
      stanza('b-unpacked', '2', 'install ok unpacked'),
      stanza('c-triggers-awaited', '3', 'install ok triggers-awaited'),
      stanza('d-triggers-pending', '4', 'install ok triggers-pending'),
      stanza('e-half-installed', '5', 'install reinstreq half-installed'),
      stanza('f-held', '6', 'hold ok installed'),
      stanza('g-being-removed', '7', 'deinstall ok installed'),
    );
    expect([...parseDpkgStatus(text).keys()]).toStrictEqual([
      'a-half-configured',
      'b-unpacked',
      'c-triggers-awaited',
      'd-triggers-pending',
      'e-half-installed',
      'f-held',
      'g-being-removed',
    ]);
  });

  test('stanzas without a name, a version or a full status are left out', () => {
    const text = [
      'Package: no-version\nStatus: install ok installed\n',
      'Status: install ok installed\nVersion: 1.0\n',
      'Package: short-status\nStatus: install ok\nVersion: 1.0\n',
      'Package: no-status\nVersion: 1.0\n',
      'Package: fine\nStatus: install ok installed\nVersion: 1.0\n',
    ].join('\n');
    expect(parseDpkgStatus(text)).toStrictEqual(new Map([['fine', '1.0']]));
  });

  test('field names in any case, blanks around values, CRLF and blank-only separators', () => {
    const text =
      'package:  foo \r\nSTATUS: install  ok\tinstalled\r\nversion: 1:2.0-1 \r\n \r\n' +
      'Package: bar\nStatus: install ok installed\nVersion: 3\n';
    expect(parseDpkgStatus(text)).toStrictEqual(
      new Map([
        ['foo', '1:2.0-1'],
        ['bar', '3'],
      ]),
    );
  });

  test('a package installed in several architectures is keyed name:arch, each one', () => {
    const text = status(
      stanza('libc6', '2.36-9+deb12u8', 'install ok installed', 'amd64'),
      stanza('libc6', '2.36-9+deb12u7', 'install ok installed', 'i386'),
      stanza('libgcc-s1', '12.2.0-14', 'install ok installed', 'i386'),
      // Only its config files are left in amd64: the i386 one is alone, so bare.
      stanza('libfoo1', '1.0', 'deinstall ok config-files', 'amd64'),
      stanza('libfoo1', '1.1', 'install ok installed', 'i386'),
    );
    expect(parseDpkgStatus(text)).toStrictEqual(
      new Map([
        ['libc6:amd64', '2.36-9+deb12u8'],
        ['libc6:i386', '2.36-9+deb12u7'],
        ['libgcc-s1', '12.2.0-14'],
        ['libfoo1', '1.1'],
      ]),
    );
  });
});

describe('statusChanges', () => {
  const before = new Map([
    ['pve-manager', '8.2.4'],
    ['zfsutils-linux', '2.2.6-pve1'],
    ['sl', '5.02-1+b1'],
    ['bash', '5.2.15-2+b7'],
  ]);

  test('install, upgrade, downgrade and remove, sorted by name; unchanged packages left out', () => {
    const after = new Map([
      ['pve-manager', '8.2.7'],
      ['zfsutils-linux', '2.2.4-pve1'],
      ['cowsay', '3.03+dfsg2-8'],
      ['bash', '5.2.15-2+b7'],
    ]);
    expect(statusChanges(before, after)).toStrictEqual([
      { name: 'cowsay', kind: 'install', newVersion: '3.03+dfsg2-8' },
      { name: 'pve-manager', kind: 'upgrade', oldVersion: '8.2.4', newVersion: '8.2.7' },
      { name: 'sl', kind: 'remove', oldVersion: '5.02-1+b1' },
      { name: 'zfsutils-linux', kind: 'downgrade', oldVersion: '2.2.6-pve1', newVersion: '2.2.4-pve1' },
    ]);
  });

  test('the same snapshot twice, and two empty ones, change nothing', () => {
    expect(statusChanges(before, new Map(before))).toStrictEqual([]);
    expect(statusChanges(new Map(), new Map())).toStrictEqual([]);
  });

  test('from nothing everything is installed, to nothing everything removed', () => {
    const one = new Map([['foo', '1.0']]);
    expect(statusChanges(new Map(), one)).toStrictEqual([{ name: 'foo', kind: 'install', newVersion: '1.0' }]);
    expect(statusChanges(one, new Map())).toStrictEqual([{ name: 'foo', kind: 'remove', oldVersion: '1.0' }]);
  });

  test('Debian version order: epochs, tildes, numeric runs', () => {
    const changes = statusChanges(
      new Map([
        ['epoch-up', '9.9-1'],
        ['epoch-down', '1:1.0-1'],
        ['tilde-release', '2.0~rc1-1'],
        ['tilde-backport', '2.0-1'],
        ['numeric', '1.9'],
        ['revision', '1.0-1'],
      ]),
      new Map([
        ['epoch-up', '1:1.0-1'],
        ['epoch-down', '9.9-1'],
        ['tilde-release', '2.0-1'],
        ['tilde-backport', '2.0-1~bpo12+1'],
        ['numeric', '1.10'],
        ['revision', '1.0-1+deb12u1'],
      ]),
    );
    expect(changes.map(({ name, kind }) => [name, kind])).toStrictEqual([
      ['epoch-down', 'downgrade'],
      ['epoch-up', 'upgrade'],
      ['numeric', 'upgrade'],
      ['revision', 'upgrade'],
      ['tilde-backport', 'downgrade'],
      ['tilde-release', 'upgrade'],
    ]);
  });

  test('versions spelt differently but equal for dpkg are no change', () => {
    expect(statusChanges(new Map([['foo', '1.0']]), new Map([['foo', '0:1.0']]))).toStrictEqual([]);
    expect(statusChanges(new Map([['foo', '1.0']]), new Map([['foo', '1.0-0']]))).toStrictEqual([]);
  });

  test('multi-arch instances change each on its own', () => {
    const text = (amd64: string, i386: string): string =>
      status(
        stanza('libc6', amd64, 'install ok installed', 'amd64'),
        stanza('libc6', i386, 'install ok installed', 'i386'),
      );
    const before = parseDpkgStatus(text('2.36-9+deb12u7', '2.36-9+deb12u7'));
    const after = parseDpkgStatus(text('2.36-9+deb12u8', '2.36-9+deb12u7'));
    expect(statusChanges(before, after)).toStrictEqual([
      { name: 'libc6:amd64', kind: 'upgrade', oldVersion: '2.36-9+deb12u7', newVersion: '2.36-9+deb12u8' },
    ]);
  });

  test('from two status files: a failed configure still shows the upgrade, config-files a removal', () => {
    const beforeText = status(stanza('pve-manager', '8.2.4'), stanza('sl', '5.02-1+b1'));
    const afterText = status(
      stanza('pve-manager', '8.2.7', 'install ok half-configured'),
      stanza('sl', '5.02-1+b1', 'deinstall ok config-files'),
    );
    expect(statusChanges(parseDpkgStatus(beforeText), parseDpkgStatus(afterText))).toStrictEqual([
      { name: 'pve-manager', kind: 'upgrade', oldVersion: '8.2.4', newVersion: '8.2.7' },
      { name: 'sl', kind: 'remove', oldVersion: '5.02-1+b1' },
    ]);
  });
});
