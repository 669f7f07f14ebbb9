import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { buildConfigTree, ConfigTreeError, DT_DIR, DT_REG, escapeName, MAX_DEPTH, type ConfigTree, type TreeRow } from '../../../../src/core/pve-config/tree.js';
import { thrown } from '../../thrown.js';
import { dirRow, fileRow, rowsOf, versionRow } from './tree-rows.js';

const textOf = (tree: ConfigTree): Record<string, string> => Object.fromEntries([...tree.files].map(([path, data]) => [path, new TextDecoder().decode(data)]));

describe('buildConfigTree', () => {
  test('every file at its path below /etc/pve; the version row and directories are no files', () => {
    const tree = buildConfigTree(
      rowsOf({
        'storage.cfg': 'dir: local\n',
        'nodes/pve/qemu-server/100.conf': 'memory: 2048\n',
        'nodes/pve/lxc/101.conf': 'memory: 512\n',
        'priv/lock/': '',
        'firewall/100.fw': '[OPTIONS]\n',
      }),
    );
    expect(textOf(tree)).toEqual({
      'storage.cfg': 'dir: local\n',
      'nodes/pve/qemu-server/100.conf': 'memory: 2048\n',
      'nodes/pve/lxc/101.conf': 'memory: 512\n',
      'firewall/100.fw': '[OPTIONS]\n',
    });
    expect(tree.hidden).toBe(0);
  });

  test('an empty database (a fresh pmxcfs, or no version row at all) has no files', () => {
    expect(buildConfigTree([versionRow()])).toEqual({ files: new Map(), hidden: 0 });
    expect(buildConfigTree([])).toEqual({ files: new Map(), hidden: 0 });
  });

  test('rows in any order give the same tree (pmxcfs reads them in table order)', () => {
    const rows = rowsOf({ 'a/b/c.cfg': '1', 'a/d.cfg': '2', 'e.cfg': '3', 'a/b/f/': '' });
    const expected = buildConfigTree(rows);
    fc.assert(
      fc.property(fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }), (shuffled) => {
        expect(buildConfigTree(shuffled)).toEqual(expected);
      }),
    );
  });

  describe('what pmxcfs would refuse to load is a ConfigTreeError', () => {
    const refused = (rows: TreeRow[]) => thrown(ConfigTreeError, () => buildConfigTree(rows)).message;

    test('an unknown type, a directory with data, an entry without a name', () => {
      expect(refused([versionRow(), { ...fileRow(1, 0, 'x', ''), type: 10 }])).toBe('inode 1 has unknown type 10');
      expect(refused([versionRow(), { ...dirRow(1, 0, 'd'), data: new Uint8Array([1]) }])).toBe('directory inode 1 contains data');
      expect(refused([versionRow(), fileRow(1, 0, '', 'x')])).toBe('inode 1 has no name');
    });

    test('a root row of another name', () => {
      expect(refused([{ ...versionRow(), name: 'etc' }])).toBe('the root inode has the name "etc", not __version__');
    });

    test('a parent that is missing or not a directory', () => {
      expect(refused([versionRow(), fileRow(2, 7, 'x.cfg', '')])).toBe('the directory inode "7" of "x.cfg" is missing');
      expect(refused([versionRow(), fileRow(1, 0, 'f', ''), fileRow(2, 1, 'x.cfg', '')])).toBe('the parent inode "1" of "x.cfg" is not a directory');
    });

    test('two entries of one name in one directory, or two rows of one inode', () => {
      expect(refused([versionRow(), fileRow(1, 0, 'a', '1'), dirRow(2, 0, 'a')])).toBe('two entries are named "a" in directory inode "0"');
      expect(refused([versionRow(), fileRow(1, 0, 'a', '1'), fileRow(1, 0, 'b', '2')])).toBe('two rows have inode 1');
    });

    test('a hostile name in a message is escaped and cut short', () => {
      const message = refused([versionRow(), fileRow(2, 9, `\x1b[2J${'x'.repeat(100)}`, '')]);
      expect(message).toBe(`the directory inode "9" of "\\u{1b}[2J${'x'.repeat(60)}…" is missing`);
    });
  });

  describe('what no path can name is left out and counted', () => {
    test('names that are not one path component, with everything below them', () => {
      const rows = [
        versionRow(),
        fileRow(1, 0, '..', 'up'),
        fileRow(2, 0, '.', 'here'),
        fileRow(3, 0, 'priv/shadow.cfg', 'slash'),
        fileRow(4, 0, 'a\0b', 'nul'),
        dirRow(5, 0, 'priv/'),
        fileRow(6, 5, 'storage.cfg', 'below a hidden directory'),
        fileRow(7, 0, 'storage.cfg', 'the real one'),
      ];
      const tree = buildConfigTree(rows);
      expect(textOf(tree)).toEqual({ 'storage.cfg': 'the real one' });
      expect(tree.hidden).toBe(6);
    });

    test('entries in a cycle of parents are never reached from the root', () => {
      const tree = buildConfigTree([versionRow(), dirRow(1, 2, 'a'), dirRow(2, 1, 'b'), dirRow(3, 3, 'self'), fileRow(4, 1, 'x', ''), fileRow(5, 0, 'y', '')]);
      expect([...tree.files.keys()]).toEqual(['y']);
      expect(tree.hidden).toBe(4);
    });

    test(`entries deeper than ${MAX_DEPTH} levels, or with names longer than 255`, () => {
      const rows = [versionRow()];
      for (let i = 1; i <= MAX_DEPTH + 2; i++) rows.push(dirRow(i, i - 1, 'd'), fileRow(1000 + i, i - 1, 'f', String(i)));
      rows.push(fileRow(2000, 0, 'n'.repeat(256), ''), fileRow(2001, 0, 'n'.repeat(255), ''));
      const tree = buildConfigTree(rows);
      const deepest = [...tree.files.keys()].filter((p) => p.endsWith('/f') || p === 'f').sort((a, b) => b.length - a.length)[0]!;
      expect(deepest.split('/')).toHaveLength(MAX_DEPTH);
      expect(tree.files.has('n'.repeat(255))).toBe(true);
      expect(tree.files.has('n'.repeat(256))).toBe(false);
      expect(tree.hidden).toBe(2 + 2 + 1);
    });

    test('a long chain of directories costs no more than its first levels (no quadratic paths)', () => {
      const rows = [versionRow()];
      for (let i = 1; i <= 200_000; i++) rows.push(dirRow(i, i - 1, 'x'.repeat(200)));
      const started = Date.now();
      const tree = buildConfigTree(rows);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(tree.hidden).toBe(200_000 - MAX_DEPTH);
    });
  });

  describe('names are escaped so that a path is printable and names one entry', () => {
    test('control and format characters and the backslash become \\u{…}', () => {
      expect(escapeName('a\nb')).toBe('a\\u{a}b');
      expect(escapeName('\x1b[31mred')).toBe('\\u{1b}[31mred');
      expect(escapeName('evil\u202egfc.cfg')).toBe('evil\\u{202e}gfc.cfg');
      expect(escapeName('line\u2028sep')).toBe('line\\u{2028}sep');
      expect(escapeName('back\\slash')).toBe('back\\u{5c}slash');
      expect(escapeName('\x7f\x85')).toBe('\\u{7f}\\u{85}');
      expect(escapeName('storage.cfg')).toBe('storage.cfg');
      expect(escapeName('überall ✓')).toBe('überall ✓');
    });

    test('a name that looks like an escape and the name it looks like stay two paths', () => {
      const tree = buildConfigTree([versionRow(), fileRow(1, 0, 'a\x01', 'control'), fileRow(2, 0, 'a\\u{1}', 'text')]);
      expect(textOf(tree)).toEqual({ 'a\\u{1}': 'control', 'a\\u{5c}u{1}': 'text' });
    });

    test('escaping applies to directory names on the way too', () => {
      const tree = buildConfigTree([versionRow(), dirRow(1, 0, 'no\ndes'), fileRow(2, 1, 'x.cfg', '')]);
      expect([...tree.files.keys()]).toEqual(['no\\u{a}des/x.cfg']);
    });
  });

  test('types are those of dirent.h', () => {
    expect([DT_DIR, DT_REG]).toEqual([4, 8]);
  });
});
