// The copy verification of `layout` on real files in a temp directory (no root needed).
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listTree } from '../../../src/adapters/tree-listing.js';
import { firstDifference } from '../../../src/core/layout/tree-compare.js';

let top: string;
beforeEach(() => {
  top = mkdtempSync(join(tmpdir(), 'tree-'));
  mkdirSync(join(top, 'a/b'), { recursive: true });
  writeFileSync(join(top, 'a/b/config.db'), 'SQLite format 3\0');
  writeFileSync(join(top, 'empty'), '');
  // A symlink out of the tree is listed as a link, never followed.
  symlinkSync('/etc/passwd', join(top, 'a/out'));
});
afterEach(() => rmSync(top, { recursive: true, force: true }));

test('every entry, symlinks as links, files hashed', async () => {
  const entries = await listTree(join(top, 'a'));
  expect(entries.map((e) => `${e.kind} ${e.path}`).sort()).toEqual(['dir ', 'dir b', 'file b/config.db', 'symlink out']);
  const link = entries.find((e) => e.path === 'out');
  expect({ target: link?.target, hashed: link?.sha256 !== undefined }).toEqual({ target: '/etc/passwd', hashed: false });
  expect(entries.find((e) => e.path === 'b/config.db')?.sha256).toMatch(/^[0-9a-f]{64}$/);
});

test('a faithful copy verifies; one changed byte or mode does not', async () => {
  const copy = `${top}.copy`;
  try {
    cpSync(top, copy, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    expect(firstDifference(await listTree(top), await listTree(copy))).toBeUndefined();
    writeFileSync(join(copy, 'a/b/config.db'), 'SQLite format 3\x01');
    expect(firstDifference(await listTree(top), await listTree(copy))).toBe('a/b/config.db differs in the copy (sha256)');
    writeFileSync(join(copy, 'a/b/config.db'), 'SQLite format 3\0');
    chmodSync(join(copy, 'empty'), 0o600);
    expect(firstDifference(await listTree(top), await listTree(copy))).toBe('empty differs in the copy (mode)');
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});
