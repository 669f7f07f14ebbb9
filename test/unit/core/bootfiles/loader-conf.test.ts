import { describe, expect, test } from '@jest/globals';
import { BootFileError } from '../../../../src/core/bootfiles/errors.js';
import { parseLoaderConf, setLoaderDefault } from '../../../../src/core/bootfiles/loader-conf.js';
import { seededRandom, type SeededRandom } from '../seeded-random.js';
import { thrown } from '../../thrown.js';

// What `proxmox-boot-tool init` writes.
const PROXMOX_LOADER_CONF = 'timeout 3\ndefault proxmox-*\n';


describe('parseLoaderConf', () => {
  test("proxmox-boot-tool's loader.conf", () => {
    expect(parseLoaderConf(PROXMOX_LOADER_CONF)).toStrictEqual({ timeout: '3', default: 'proxmox-*', other: [] });
  });

  test('an empty file has no default', () => {
    expect(parseLoaderConf('')).toStrictEqual({ other: [] });
  });

  test('the last default and timeout win; comments, CRLF, tabs, quotes and other settings', () => {
    const text = [
      '# loader.conf',
      'default proxmox-*',
      '#default commented-out.conf',
      '\ttimeout\t5',
      'editor no',
      'console-mode max',
      '  default   "pve-be-upgrade-1-6.8.12-4-pve.conf"  ',
      'timeout menu-force',
    ].join('\r\n');
    expect(parseLoaderConf(text)).toStrictEqual({
      default: 'pve-be-upgrade-1-6.8.12-4-pve.conf',
      timeout: 'menu-force',
      other: [
        ['editor', 'no'],
        ['console-mode', 'max'],
      ],
    });
  });

  test('a key with no value is skipped, as systemd-boot skips it: an earlier default stands', () => {
    expect(parseLoaderConf('default proxmox-*\neditor\ndefault  \t\ntimeout\n')).toStrictEqual({ default: 'proxmox-*', other: [] });
    expect(parseLoaderConf('timeout 3\ndefault\n')).toStrictEqual({ timeout: '3', other: [] });
  });

  test.each([
    ['Default proxmox-*\n', 1, /key "Default"/],
    ['timeout 3\ndefault prox\u0000mox-*\n', 2, /U\+0000/],
    ['timeout 3\rdefault x\n', 1, /U\+000D/],
  ])('malformed %j: BootFileError on line %i', (text, line, message) => {
    const error = thrown(BootFileError, () => parseLoaderConf(text));
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
  });
});

describe('setLoaderDefault', () => {
  test.each([
    ['replaces the value of the default line', PROXMOX_LOADER_CONF, 'pve-be-x.conf', 'timeout 3\ndefault pve-be-x.conf\n'],
    [
      'replaces only the last of several default lines',
      'default a\ntimeout 3\ndefault b\neditor no\n',
      'c',
      'default a\ntimeout 3\ndefault c\neditor no\n',
    ],
    [
      'keeps comments, including a commented-out default',
      '# keep me\n#default old\ndefault proxmox-*\n# and me\n',
      'pve-be-*',
      '# keep me\n#default old\ndefault pve-be-*\n# and me\n',
    ],
    ['keeps CRLF line endings', 'timeout 3\r\ndefault proxmox-*\r\n', 'x.conf', 'timeout 3\r\ndefault x.conf\r\n'],
    ['keeps a missing final newline', 'timeout 3\ndefault proxmox-*', 'x.conf', 'timeout 3\ndefault x.conf'],
    [
      'keeps the separator, indentation and trailing whitespace',
      '  default\t\tproxmox-*  \t\ntimeout 3\n',
      'x.conf',
      '  default\t\tx.conf  \t\ntimeout 3\n',
    ],
    ['replaces a quoted value, quotes and all', 'default "proxmox-*"\n', 'x.conf', 'default x.conf\n'],
    ['gives a value to a default line without one', 'timeout 3\ndefault\n', 'x.conf', 'timeout 3\ndefault x.conf\n'],
    ['… keeping what followed the key', 'default  \r\n', 'x.conf', 'default x.conf  \r\n'],
    ['appends when there is no default line', 'timeout 3\n', 'x.conf', 'timeout 3\ndefault x.conf\n'],
    ['appends after a newline it adds', 'timeout 3', 'x.conf', 'timeout 3\ndefault x.conf\n'],
    ['appends with the file’s CRLF', 'timeout 3\r\neditor no\r\n', 'x.conf', 'timeout 3\r\neditor no\r\ndefault x.conf\r\n'],
    ['appends to a CRLF file without a final newline', 'timeout 3\r\neditor no', 'x', 'timeout 3\r\neditor no\r\ndefault x\r\n'],
    ['writes a default into an empty file', '', 'proxmox-*', 'default proxmox-*\n'],
    ['appends after a blank last line', 'timeout 3\n\n', 'x', 'timeout 3\n\ndefault x\n'],
    ['does not take a commented default for one', '#default proxmox-*\n', 'x', '#default proxmox-*\ndefault x\n'],
    ['does not take another key for default', 'defaults a\ndefault-entry b\n', 'x', 'defaults a\ndefault-entry b\ndefault x\n'],
    [
      'leaves unrelated malformed lines alone',
      'Timeout 3\nbogus\u0000line\ndefault proxmox-*\n',
      'x',
      'Timeout 3\nbogus\u0000line\ndefault x\n',
    ],
    [
      'appends after a default line systemd-boot would not read the same',
      'default proxmox-*\u0001\n',
      'x',
      'default proxmox-*\u0001\ndefault x\n',
    ],
  ])('%s', (_name, text, pattern, expected) => {
    expect(setLoaderDefault(text, pattern)).toBe(expected);
    expect(setLoaderDefault(expected, pattern)).toBe(expected);
  });

  test.each([
    ['the same value', PROXMOX_LOADER_CONF, 'proxmox-*'],
    ['the same value, quoted', 'default "proxmox-*"\n', 'proxmox-*'],
    ['the same last value, with an older default before it', 'default a\r\n# x\r\ndefault b  ', 'b'],
  ])('returns the text untouched when it already has %s', (_name, text, pattern) => {
    expect(setLoaderDefault(text, pattern)).toBe(text);
  });

  test.each([
    ['', /is empty/],
    ['pve be', /contains whitespace/],
    ['pve\tbe', /contains whitespace/],
    ['pve\nbe', /contains whitespace/],
    ['pve-be\r', /contains whitespace/],
    ['pve\u0000be', /control character U\+0000/],
    ['"pve-be"', /wrapped in quotes/],
  ])('refuses the pattern %j', (pattern, message) => {
    expect(thrown(BootFileError, () => setLoaderDefault(PROXMOX_LOADER_CONF, pattern)).message).toMatch(message);
  });

  describe('property: only the default line changes, and it then reads as the pattern', () => {
    const OTHER_LINES = ['timeout 3', '# comment', '#default old', '', '  ', 'editor no', 'console-mode max', 'beep\ton'];

    function defaultLine(random: SeededRandom): string {
      const pad = (): string => random.string(' \t', 0, 2);
      const sep = random.string(' \t', 1, 3);
      const value = random.pick(['proxmox-*', 'proxmox-6.8.12-4-pve.conf', '"quoted-*"', 'pve-be-a.conf']);
      return `${pad()}default${sep}${value}${pad()}`;
    }

    function randomFile(random: SeededRandom): { lines: string[]; eol: string; finalNewline: boolean } {
      const lines: string[] = [];
      for (let n = random.int(8); n > 0; n--) {
        lines.push(random.chance(0.3) ? defaultLine(random) : random.pick(OTHER_LINES));
      }
      return { lines, eol: random.pick(['\n', '\r\n']), finalNewline: random.chance(0.7) };
    }

    test('for 2000 generated files', () => {
      const random = seededRandom(42);
      for (let i = 0; i < 2000; i++) {
        const { lines, eol, finalNewline } = randomFile(random);
        const text = lines.join(eol) + (finalNewline && lines.length > 0 ? eol : '');
        const pattern = random.pick(['proxmox-*', 'pve-be-b.conf', 'quoted-*', 'pve-be-*']);
        const result = setLoaderDefault(text, pattern);

        expect(parseLoaderConf(result).default).toBe(pattern);
        const last = lines.map((line) => /^[ \t]*default[ \t]/.test(line)).lastIndexOf(true);
        const after = result.split(eol);
        const before = text.split(eol);
        if (last === -1) {
          expect(result.startsWith(text)).toBe(true);
          // A file with no line break yet has no convention to follow: "\n".
          const appendedEol = text.includes('\r\n') ? '\r\n' : '\n';
          expect(result.endsWith(`default ${pattern}${appendedEol}`)).toBe(true);
        } else {
          expect(after).toHaveLength(before.length);
          after.forEach((line, n) => {
            if (n !== last) expect(line).toBe(before[n]);
          });
        }
      }
    });
  });
});
