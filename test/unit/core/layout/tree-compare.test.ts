import { expect, test } from '@jest/globals';
import { firstDifference, type TreeEntry } from '../../../../src/core/layout/tree-compare.js';

const dir = (path: string): TreeEntry => ({ path, kind: 'dir', mode: 0o40755, uid: 0, gid: 0, size: 4096 });
const file = (path: string, sha256: string, size = 3): TreeEntry => ({ path, kind: 'file', mode: 0o100644, uid: 0, gid: 0, size, sha256 });

const tree = [dir(''), dir('a'), file('a/x', 'aa'), { ...file('l', ''), kind: 'symlink' as const, sha256: undefined, target: '/etc' }];

test('the same tree (in any order, directory sizes aside) verifies', () => {
  expect(firstDifference(tree, [...tree].reverse().map((e) => (e.kind === 'dir' ? { ...e, size: 3 } : e)))).toBeUndefined();
});

test('each kind of difference is named with the path', () => {
  expect(firstDifference(tree, tree.filter((e) => e.path !== 'a/x'))).toBe('a/x is missing in the copy');
  expect(firstDifference(tree, [...tree, file('new', 'bb')])).toBe('new is in the copy but not in the original');
  expect(firstDifference(tree, tree.map((e) => (e.path === 'a/x' ? { ...e, sha256: 'ab' } : e)))).toBe('a/x differs in the copy (sha256)');
  expect(firstDifference(tree, tree.map((e) => (e.path === 'a/x' ? { ...e, uid: 33 } : e)))).toBe('a/x differs in the copy (uid)');
  expect(firstDifference(tree, tree.map((e) => (e.path === 'l' ? { ...e, target: '/' } : e)))).toBe('l differs in the copy (target)');
  expect(firstDifference(tree, tree.map((e) => (e.path === '' ? { ...e, mode: 0o40700 } : e)))).toBe('the top directory differs in the copy (mode)');
});
