// findmnt's output as util-linux 2.38 (Proxmox VE 8) prints it, captured from real mounts:
// the -P pairs our reader asks for, and the -r escaping other callers knew.
import { describe, expect, test } from '@jest/globals';
import { mountEntries, parseFindmntPairs, unescapeFindmnt } from '../../../src/adapters/mount-table.js';

/** `findmnt -n -P -o SOURCE,TARGET,FSTYPE,OPTIONS`, as printed (backslashes are findmnt's). */
const PAIRS = [
  'SOURCE="rpool/ROOT/pve-1" TARGET="/" FSTYPE="zfs" OPTIONS="rw,relatime,xattr,noacl,casesensitive"',
  'SOURCE="proc" TARGET="/proc" FSTYPE="proc" OPTIONS="rw,nosuid,nodev,noexec,relatime"',
  // A mount point with a blank, ", $, \ and é in it, of a source with a blank.
  String.raw`SOURCE="my src" TARGET="/tmp/fm-test/a b\x22c\x24d\x5ce \xc3\xa9" FSTYPE="tmpfs" OPTIONS="ro,relatime,size=1024k"`,
  String.raw`SOURCE="none" TARGET="/tmp/fm-test/tab\x09x" FSTYPE="tmpfs" OPTIONS="rw,relatime,size=1024k"`,
  'SOURCE="rpool/ROOT/alpha" TARGET="/run/pve-bootenv/be/alpha" FSTYPE="zfs" OPTIONS="ro,relatime,xattr,noacl,casesensitive"',
  '',
].join('\n');

describe('unescapeFindmnt', () => {
  test('-r output: blanks and backslashes as \\xNN, the rest as it is', () => {
    expect(unescapeFindmnt(String.raw`/tmp/fm-test/a\x20b"c$d\x5ce\x20\xc3\xa9`)).toBe('/tmp/fm-test/a b"c$d\\e é');
  });

  test('a run of escaped bytes is UTF-8, one character however many bytes', () => {
    expect(unescapeFindmnt(String.raw`/srv/\xc3\xa9t\xc3\xa9/\xe2\x82\xac`)).toBe('/srv/été/€');
  });

  test('upper-case hex digits too', () => {
    expect(unescapeFindmnt(String.raw`/mnt/a\x5Cb\x2A`)).toBe('/mnt/a\\b*');
  });

  test('an escaped backslash followed by "x20" stays a backslash and "x20"', () => {
    expect(unescapeFindmnt(String.raw`/mnt/odd\x5cx20name`)).toBe('/mnt/odd\\x20name');
  });

  test('nothing to unescape: unchanged', () => {
    expect(unescapeFindmnt('/run/pve-bootenv/run/runner.Ab3dEf/mnt')).toBe('/run/pve-bootenv/run/runner.Ab3dEf/mnt');
  });
});

describe('parseFindmntPairs and mountEntries', () => {
  test('one entry a mount, values whole and unescaped, options split', () => {
    expect(mountEntries(parseFindmntPairs(PAIRS))).toEqual([
      { source: 'rpool/ROOT/pve-1', target: '/', fstype: 'zfs', options: ['rw', 'relatime', 'xattr', 'noacl', 'casesensitive'] },
      { source: 'proc', target: '/proc', fstype: 'proc', options: ['rw', 'nosuid', 'nodev', 'noexec', 'relatime'] },
      { source: 'my src', target: '/tmp/fm-test/a b"c$d\\e é', fstype: 'tmpfs', options: ['ro', 'relatime', 'size=1024k'] },
      { source: 'none', target: '/tmp/fm-test/tab\tx', fstype: 'tmpfs', options: ['rw', 'relatime', 'size=1024k'] },
      { source: 'rpool/ROOT/alpha', target: '/run/pve-bootenv/be/alpha', fstype: 'zfs', options: ['ro', 'relatime', 'xattr', 'noacl', 'casesensitive'] },
    ]);
  });

  test('file systems mounted over each other: listed bottom first, as findmnt --target prints them', () => {
    const stacked = 'SOURCE="first" TARGET="/tmp/fm-test/stack" FSTYPE="tmpfs" OPTIONS="rw"\nSOURCE="second" TARGET="/tmp/fm-test/stack" FSTYPE="tmpfs" OPTIONS="rw"\n';
    expect(mountEntries(parseFindmntPairs(stacked)).map((m) => m.source)).toEqual(['first', 'second']);
  });

  test('a row ends where a column comes again, not at a line break: a value holding a newline stays whole', () => {
    const rows = parseFindmntPairs('SOURCE="a" TARGET="/mnt/two\nlines" FSTYPE="tmpfs" OPTIONS="rw" SOURCE="b" TARGET="/mnt/b" FSTYPE="tmpfs" OPTIONS="rw"');
    expect(mountEntries(rows).map((m) => [m.source, m.target])).toEqual([
      ['a', '/mnt/two\nlines'],
      ['b', '/mnt/b'],
    ]);
  });

  test('no output (findmnt found nothing): no mounts; a row without our columns is dropped', () => {
    expect(parseFindmntPairs('')).toEqual([]);
    expect(mountEntries(parseFindmntPairs('TARGET="/only"\n'))).toEqual([]);
  });

  test('an empty value is a value', () => {
    expect(mountEntries(parseFindmntPairs('SOURCE="" TARGET="/x" FSTYPE="tmpfs" OPTIONS=""'))).toEqual([{ source: '', target: '/x', fstype: 'tmpfs', options: [] }]);
  });
});
