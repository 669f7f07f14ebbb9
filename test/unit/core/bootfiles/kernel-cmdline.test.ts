import { describe, expect, test } from '@jest/globals';
import { BootFileError } from '../../../../src/core/bootfiles/errors.js';
import {
  cmdlineLengthProblem,
  MAX_CMDLINE_BYTES,
  parseKernelCmdline,
  renderKernelCmdline,
  withRootDataset,
} from '../../../../src/core/bootfiles/kernel-cmdline.js';
import { seededRandom } from '../seeded-random.js';
import { thrown } from '../../thrown.js';

// The Proxmox installer's /etc/kernel/cmdline on a ZFS root.
const PROXMOX_CMDLINE = 'root=ZFS=rpool/ROOT/pve-1 boot=zfs\n';


describe('parseKernelCmdline', () => {
  test.each<[string, string, string[]]>([
    ['the installer’s file', PROXMOX_CMDLINE, ['root=ZFS=rpool/ROOT/pve-1', 'boot=zfs']],
    ['an empty file', '', []],
    ['an empty first line', '\nroot=ZFS=x\n', []],
    ['a blank first line', ' \t \n', []],
    ['no final newline', 'root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet', ['root=ZFS=rpool/ROOT/pve-1', 'boot=zfs', 'quiet']],
    ['only the first line, as proxmox-boot-tool', 'quiet\nroot=ZFS=ignored\n', ['quiet']],
    ['CRLF', 'root=ZFS=rpool/ROOT/pve-1 quiet\r\n', ['root=ZFS=rpool/ROOT/pve-1', 'quiet']],
    ['runs of spaces and tabs', '  root=ZFS=a \t boot=zfs\t\tquiet  \n', ['root=ZFS=a', 'boot=zfs', 'quiet']],
    [
      'a quoted value with spaces is one parameter',
      'root=ZFS=a dyndbg="file drivers/usb/*  +p" quiet\n',
      ['root=ZFS=a', 'dyndbg="file drivers/usb/*  +p"', 'quiet'],
    ],
    ['a wholly quoted parameter', '"acpi_osi=Windows 2020" quiet', ['"acpi_osi=Windows 2020"', 'quiet']],
    ['adjacent quoted parts', 'a="x y"b"z w"', ['a="x y"b"z w"']],
    ['a control character after the first line is not read', 'quiet\n\u0000\n', ['quiet']],
  ])('%s', (_name, text, tokens) => {
    expect(parseKernelCmdline(text)).toEqual(tokens);
  });

  test.each([
    ['root=ZFS=a dyndbg="file x\n', /line 1: .*unterminated quote at column 19/],
    ['root=ZFS=a\u0000 quiet\n', /line 1: .*control character U\+0000 at column 11/],
    ['root=ZFS=a\rquiet\n', /U\+000D/],
    ['quiet\u001b\n', /U\+001B/],
  ])('refuses %j', (text, message) => {
    expect(thrown(BootFileError, () => parseKernelCmdline(text)).message).toMatch(message);
  });
});

describe('withRootDataset', () => {
  const BE = 'rpool/ROOT/pve-be-upgrade-1';

  test.each<[string, string[], string[]]>([
    [
      'replaces root= in place',
      ['root=ZFS=rpool/ROOT/pve-1', 'boot=zfs', 'quiet'],
      [`root=ZFS=${BE}`, 'boot=zfs', 'quiet'],
    ],
    ['keeps its position', ['quiet', 'root=ZFS=rpool/ROOT/pve-1', 'boot=zfs'], ['quiet', `root=ZFS=${BE}`, 'boot=zfs']],
    ['appends when there is none', ['boot=zfs', 'quiet'], ['boot=zfs', 'quiet', `root=ZFS=${BE}`]],
    ['appends to nothing', [], [`root=ZFS=${BE}`]],
    [
      'collapses several at the first one',
      ['root=/dev/sda1', 'quiet', 'root=ZFS=rpool/ROOT/pve-1', 'boot=zfs', 'root=UUID=x'],
      [`root=ZFS=${BE}`, 'quiet', 'boot=zfs'],
    ],
    ['replaces an empty root=', ['root=', 'quiet'], [`root=ZFS=${BE}`, 'quiet']],
    ['replaces a quoted root=', ['"root=ZFS=rpool/ROOT/pve-1"', 'quiet'], [`root=ZFS=${BE}`, 'quiet']],
    ['replaces root= with a quoted value', ['root="ZFS=rpool/ROOT/pve-1"'], [`root=ZFS=${BE}`]],
    [
      'leaves rootdelay=, rootflags= and friends alone',
      ['rootdelay=10', 'rootflags=x', 'ROOT=x', 'zfs.root=x', 'root=ZFS=a'],
      ['rootdelay=10', 'rootflags=x', 'ROOT=x', 'zfs.root=x', `root=ZFS=${BE}`],
    ],
    [
      'leaves root= inside a quoted value alone',
      ['dyndbg="root=x y"', 'root=ZFS=a'],
      ['dyndbg="root=x y"', `root=ZFS=${BE}`],
    ],
  ])('%s', (_name, tokens, expected) => {
    const input = [...tokens];
    expect(withRootDataset(tokens, BE)).toEqual(expected);
    expect(tokens).toEqual(input);
  });

  test.each(['', 'rpool/ROOT/my be', 'rpool/ROOT/be\t', 'rpool/ROOT/"be"', 'rpool/ROOT/be\n', 'rpool/ROOT/\u0000'])(
    'refuses the dataset %j',
    (dataset) => {
      expect(thrown(BootFileError, () => withRootDataset(['quiet'], dataset)).message).toMatch(/cannot go into root=ZFS=/);
    },
  );

  test('refuses tokens that would not read back as themselves', () => {
    expect(thrown(BootFileError, () => withRootDataset(['a b'], 'rpool/ROOT/x')).message).toMatch(/whitespace outside quotes/);
  });
});

describe('renderKernelCmdline', () => {
  test('one line, one space between parameters', () => {
    expect(renderKernelCmdline(['root=ZFS=rpool/ROOT/pve-1', 'boot=zfs'])).toBe(PROXMOX_CMDLINE);
    expect(renderKernelCmdline(['a="x  y"', 'quiet'])).toBe('a="x  y" quiet\n');
    expect(renderKernelCmdline([])).toBe('\n');
  });

  test.each<[string, string[], RegExp]>([
    ['an empty token', ['quiet', ''], /has no content/],
    ['a token with a space', ['boot=zfs quiet'], /whitespace outside quotes/],
    ['a token with a tab', ['boot=zfs\tquiet'], /whitespace outside quotes/],
    ['a newline', ['quiet\nroot=x'], /control character U\+000A/],
    ['a NUL', ['qu\u0000iet'], /control character U\+0000/],
    ['an unbalanced quote', ['dyndbg="x'], /unterminated quote/],
    ['quotes at both ends of the line', ['"a=b c"', 'quiet', 'd="e"'], /systemd-boot would strip/],
    ['one wholly quoted token', ['"a=b c"'], /systemd-boot would strip/],
  ])('refuses %s', (_name, tokens, message) => {
    expect(thrown(BootFileError, () => renderKernelCmdline(tokens)).message).toMatch(message);
  });

  test('round trip: parse(render(tokens)) equals tokens, for 2000 generated lines', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 2000; i++) {
      const tokens: string[] = [];
      for (let n = random.int(6); n > 0; n--) {
        const plain = random.string('abcz09=._/-:,+*Ü', 1, 10);
        tokens.push(random.chance(0.25) ? `${plain}="${random.string('ab c\t=/', 0, 8)}"` : plain);
      }
      const line = tokens.join(' ');
      if (line.startsWith('"') && line.endsWith('"')) continue;
      expect(parseKernelCmdline(renderKernelCmdline(tokens))).toEqual(tokens);
    }
  });

  test('a BE command line from the installer’s file', () => {
    const tokens = withRootDataset(parseKernelCmdline(PROXMOX_CMDLINE), 'rpool/ROOT/pve-be-1');
    expect(renderKernelCmdline(tokens)).toBe('root=ZFS=rpool/ROOT/pve-be-1 boot=zfs\n');
  });
});

describe('cmdlineLengthProblem', () => {
  test('the first line as proxmox-boot-tool reads it, up to COMMAND_LINE_SIZE - 1 bytes of UTF-8', () => {
    const line = (bytes: number) => `root=ZFS=rpool/ROOT/pve-1 ${'a'.repeat(bytes - 26)}`;
    expect(cmdlineLengthProblem(`${line(MAX_CMDLINE_BYTES)}\n`)).toBeUndefined();
    expect(cmdlineLengthProblem(`${line(MAX_CMDLINE_BYTES)}\r\n${'b'.repeat(10_000)}\n`)).toBeUndefined();
    expect(cmdlineLengthProblem(`${line(MAX_CMDLINE_BYTES + 1)}\n`)).toBe(
      'the kernel command line is 4096 bytes long; the kernel takes at most 4095 (COMMAND_LINE_SIZE 4096, with its NUL) and would cut the rest',
    );
    // Two bytes each in UTF-8: 2048 of them are 4096 bytes.
    expect(cmdlineLengthProblem('é'.repeat(2047))).toBeUndefined();
    expect(cmdlineLengthProblem('é'.repeat(2048))).toMatch(/is 4096 bytes long/);
    expect(cmdlineLengthProblem('')).toBeUndefined();
  });
});
