import { describe, expect, test } from '@jest/globals';
import {
  AptHookInputError,
  aptConfigValue,
  aptDequote,
  parseAptHookInput,
} from '../../../../src/core/apt/hook-input.js';
import { thrown } from '../../thrown.js';
import { CONFIG, INSTALL, KERNEL, NOTHING, REINSTALL, REMOVE, UPGRADE } from './samples.js';

// The first action line of the samples: the header, the config lines and the empty line.
const FIRST = CONFIG.length + 1;
const ARCHIVES = '/var/cache/apt/archives';

describe('parseAptHookInput', () => {
  test('an upgrade of three packages, with their configure lines', () => {
    const input = parseAptHookInput(UPGRADE);
    expect(input.version).toBe(3);
    expect(input.actions).toHaveLength(7);
    expect(input.actions[2]).toStrictEqual({
      name: 'pve-manager',
      arch: 'amd64',
      oldVersion: '8.2.4',
      oldArch: 'amd64',
      newVersion: '8.2.7',
      newArch: 'amd64',
      direction: '<',
      operation: 'unpack',
      kind: 'upgrade',
      file: `${ARCHIVES}/pve-manager_8.2.7_amd64.deb`,
      line: FIRST + 2,
    });
    expect(input.actions[6]).toMatchObject({ name: 'pve-manager', operation: 'configure', kind: 'configure' });
    expect(input.actions[5]).toMatchObject({
      name: 'man-db',
      direction: '=',
      oldVersion: '2.11.2-2',
      newVersion: '2.11.2-2',
      kind: 'configure',
    });
    expect(input.actions.map((action) => action.line)).toStrictEqual([0, 1, 2, 3, 4, 5, 6].map((i) => FIRST + i));
  });

  test('the config, %-decoded, with values holding "="', () => {
    const { config } = parseAptHookInput(UPGRADE);
    expect(config.get('APT::Architecture')).toBe('amd64');
    expect(config.get('CommandLine::AsString')).toBe('apt-get dist-upgrade -y');
    expect(config.get('DPkg::Tools::Options::if::Version')).toBe('3');
    expect(config.get('Unattended-Upgrade::Origins-Pattern::')).toBe(
      'origin=Debian,codename=${distro_codename},label=Debian-Security',
    );
    // A list's items share one tag: the last one is kept.
    expect(config.get('DPkg::Pre-Install-Pkgs::')).toBe(
      'if [ -x /usr/sbin/pve-bootenv ]; then /usr/sbin/pve-bootenv apt-hook; fi',
    );
  });

  test('config tags are looked up without regard to case, as apt does', () => {
    const { config } = parseAptHookInput(UPGRADE);
    expect(aptConfigValue(config, 'Commandline::AsString')).toBe('apt-get dist-upgrade -y');
    expect(aptConfigValue(config, 'apt::architecture')).toBe('amd64');
    expect(aptConfigValue(config, 'APT::Get::Purge')).toBeUndefined();
  });

  test('an install: "- - none <" and the new version, then the configure lines', () => {
    const { actions } = parseAptHookInput(INSTALL);
    expect(actions.map((action) => [action.name, action.kind, action.oldVersion, action.newVersion, action.arch])).toStrictEqual([
      ['libtext-charwidth-perl', 'install', undefined, '0.04-11', 'amd64'],
      ['cowsay', 'install', undefined, '3.03+dfsg2-8', 'all'],
      ['sl', 'install', undefined, '5.02-1+b1', 'amd64'],
      ['libtext-charwidth-perl', 'configure', undefined, '0.04-11', 'amd64'],
      ['cowsay', 'configure', undefined, '3.03+dfsg2-8', 'all'],
      ['sl', 'configure', undefined, '5.02-1+b1', 'amd64'],
    ]);
    expect(actions[0]?.oldArch).toBeUndefined();
  });

  test('a removal: "> - - none **REMOVE**"', () => {
    expect(parseAptHookInput(REMOVE).actions).toStrictEqual([
      {
        name: 'sl',
        arch: 'amd64',
        oldVersion: '5.02-1+b1',
        oldArch: 'amd64',
        direction: '>',
        operation: 'remove',
        kind: 'remove',
        line: FIRST,
      },
    ]);
  });

  test('a reinstall: "="', () => {
    expect(parseAptHookInput(REINSTALL).actions.map((action) => action.kind)).toStrictEqual(['reinstall', 'configure']);
  });

  test('a kernel upgrade', () => {
    const { actions } = parseAptHookInput(KERNEL);
    expect(actions.slice(0, 3).map((action) => [action.name, action.kind])).toStrictEqual([
      ['proxmox-kernel-6.8.12-5-pve-signed', 'install'],
      ['proxmox-kernel-6.8', 'upgrade'],
      ['proxmox-kernel-helper', 'upgrade'],
    ]);
  });

  test('no action at all', () => {
    expect(parseAptHookInput(NOTHING).actions).toStrictEqual([]);
    expect(parseAptHookInput('VERSION 3\n\n')).toStrictEqual({ version: 3, config: new Map(), actions: [] });
  });

  test('a downgrade, a local .deb whose path has spaces, and **ERROR**', () => {
    const { actions } = parseAptHookInput(
      [
        'VERSION 3',
        '',
        'foo 2.0 amd64 none > 1.0 amd64 none /root/my debs/foo_1.0_amd64.deb',
        'bar 1:2.0~rc1-1 arm64 allowed < 1:2.0-1 arm64 allowed **ERROR**',
      ].join('\n'),
    );
    expect(actions[0]).toMatchObject({ kind: 'downgrade', file: '/root/my debs/foo_1.0_amd64.deb', line: 3 });
    expect(actions[1]).toMatchObject({ kind: 'upgrade', operation: 'unpack', oldVersion: '1:2.0~rc1-1', line: 4 });
    expect(actions[1]?.file).toBeUndefined();
  });

  test('protocol version 2 (no arch fields) is read too', () => {
    const input = parseAptHookInput(
      [
        'VERSION 2',
        'APT::Architecture=amd64',
        '',
        'sl - < 5.02-1+b1 /var/cache/apt/archives/sl_5.02-1+b1_amd64.deb',
        'sl - < 5.02-1+b1 **CONFIGURE**',
        'cowsay 3.03+dfsg2-8 > - **REMOVE**',
        '',
      ].join('\n'),
    );
    expect(input.version).toBe(2);
    expect(input.actions.map((action) => [action.name, action.kind, action.arch])).toStrictEqual([
      ['sl', 'install', undefined],
      ['sl', 'configure', undefined],
      ['cowsay', 'remove', undefined],
    ]);
  });

  test.each([
    ['', 1, /the input is empty/],
    ['/var/cache/apt/archives/sl_5.02-1+b1_amd64.deb\n', 1, /protocol version 1; set DPkg::Tools::Options::<hook>::Version "3"/],
    ['VERSION 4\n\n', 1, /protocol version 4 is not supported/],
    ['VERSION 1\n\n', 1, /protocol version 1 is not supported/],
    ['VERSION 3', 1, /ends inside the config/],
    ['VERSION 3\nDir=/\n', 2, /ends inside the config/],
    ['VERSION 3\nDir=/\nno equals sign\n\n', 3, /expected a config line "Tag=value", got "no equals sign"/],
    ['VERSION 3\n=value\n\n', 2, /expected a config line/],
  ])('refuses a bad header or config %j (line %d)', (text, line, message) => {
    const error = thrown(AptHookInputError, () => parseAptHookInput(text));
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(new RegExp(`^apt hook input line ${line}: `));
  });

  test.each([
    ['sl 5.02-1+b1 amd64 none > - - none', /expected 9 fields separated by single spaces, found 8/],
    ['sl  5.02-1+b1 amd64 none > - - none **REMOVE**', /"" is not a package version/],
    ['Sl 5.02-1+b1 amd64 none > - - none **REMOVE**', /"Sl" is not a package name/],
    ['sl 5.02 1+b1 amd64 none > - - none **REMOVE**', /"1\+b1" is not an architecture/],
    ['sl 5.02-1+b1 amd64 none >> - - none **REMOVE**', /expected "<", "=" or ">" between the versions, got ">>"/],
    ['sl 5.02-1+b1 amd64 none ** - - none **REMOVE**', /expected "<", "=" or ">" between the versions, got "\*\*"/],
    ['sl 5.02-1+b1 amd64 none > - amd64 none **REMOVE**', /expected "- - none" for no new version, got "- amd64 none"/],
    ['sl 5.02-1+b1 - none > - - none **REMOVE**', /"-" is not an architecture/],
    ['sl 5.02-1+b1 amd64 NONE > - - none **REMOVE**', /"NONE" is not a Multi-Arch type/],
    ['sl 5.02-1+b1 amd64 none < - - none **REMOVE**', /"<" before no new version/],
    ['sl - - none = 5.0 amd64 none **CONFIGURE**', /"=" after no old version/],
    [
      'sl 5.0 amd64 none = 5.0 amd64 none **PURGE**',
      /expected a .deb's absolute path, \*\*CONFIGURE\*\* or \*\*REMOVE\*\*, got "\*\*PURGE\*\*"/,
    ],
    ['sl 5.0 amd64 none = 5.0 amd64 none sl_5.0_amd64.deb', /absolute path/],
    ['sl 5.0 amd64 none > - - none /var/cache/apt/archives/sl_5.0_amd64.deb', /a package to unpack has no new version/],
    ['sl 5.0\tx amd64 none > - - none **REMOVE**', /"5.0\\tx" is not a package version/],
  ])('refuses the action line %j with its line number', (line, message) => {
    const text = `${CONFIG.join('\n')}\n${INSTALL_LINE}\n${line}\n`;
    const error = thrown(AptHookInputError, () => parseAptHookInput(text));
    expect(error.line).toBe(FIRST + 1);
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/[\n\t]/);
  });

  test('a version 2 line in version 3 input is refused', () => {
    const error = thrown(AptHookInputError, () => parseAptHookInput('VERSION 3\n\nsl 5.02-1+b1 > - **REMOVE**\n'));
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/expected 9 fields/);
  });
});

const INSTALL_LINE = 'sl - - none < 5.02-1+b1 amd64 none **CONFIGURE**';

describe('aptDequote', () => {
  test.each([
    ['plain', 'plain'],
    ['apt-get%20install%20-y', 'apt-get install -y'],
    ['100%25', '100%'],
    ['caf%c3%a9', 'café'],
    ['%e2%86%92', '→'],
    ['%zz and %4', '%zz and %4'],
    ['a%0ab', 'a\nb'],
  ])('%j is %j', (text, expected) => {
    expect(aptDequote(text)).toBe(expected);
  });
});
