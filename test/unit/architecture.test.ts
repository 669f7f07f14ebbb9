// The layers' rules, read off the sources (every import, export … from and import() of
// every file, parsed with swc, which the unit tests run on anyway; `import type` included):
//
// - src/core is pure logic: it imports src/core files and a short list of pure modules,
//   nothing else. Allowed: node:path and node:util (string and value helpers, no I/O)
//   and ini (a parser). Not node:crypto (its random numbers would make a result depend on
//   more than the input, and the fuzz suite replays fixed seeds), not node:os (facts of
//   the running host), and no package that reads, writes or runs anything. So a core
//   function can be unit-tested and fuzzed with nothing but its arguments.
// - src/engine decides nothing about programs or files itself: it runs no program and
//   opens no file but through an adapter (src/adapters/zfs.ts for every zfs and zpool
//   call). No node:fs, node:fs/promises or node:child_process, no execa, and neither
//   adapters/run.js (the generic program runner) nor adapters/programs.js (PROGRAMS).
// - Our errors are one family: no class extends Error but PveBootenvError
//   (src/core/errors.ts), and no file spells out messageOf again.
//
// A failure lists each offending file with the import (or line) at fault.
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSync } from '@swc/core';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every .ts file under dir, as a path relative to the repository, sorted. */
function sourcesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(join(ROOT, at), { withFileTypes: true })) {
      const path = posix.join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}

const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The module specifiers a file imports or re-exports, static or dynamic. */
function importsOf(file: string): string[] {
  const specifiers: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const n = node as { type?: string; source?: { value?: unknown }; callee?: { type?: string }; arguments?: Array<{ expression?: { value?: unknown } }> };
    if ((n.type === 'ImportDeclaration' || n.type === 'ExportAllDeclaration' || n.type === 'ExportNamedDeclaration') && typeof n.source?.value === 'string') specifiers.push(n.source.value);
    if (n.type === 'CallExpression' && n.callee?.type === 'Import') specifiers.push(String(n.arguments?.[0]?.expression?.value ?? '<computed>'));
    for (const value of Object.values(node)) visit(value);
  };
  visit(parseSync(text(file), { syntax: 'typescript' }).body);
  return specifiers;
}

/** A relative specifier as a repository path (src/adapters/run.js); others as they are. */
function resolved(file: string, specifier: string): string {
  return specifier.startsWith('.') ? relative(ROOT, join(ROOT, dirname(file), specifier)) : specifier;
}

/** "file imports 'specifier'" for every import of files that rule refuses. */
function offenders(files: readonly string[], refused: (target: string) => boolean): string[] {
  return files.flatMap((file) => importsOf(file).filter((specifier) => refused(resolved(file, specifier))).map((specifier) => `${file} imports '${specifier}'`));
}

const PURE_FOR_CORE = new Set(['node:path', 'node:util', 'ini']);
const FORBIDDEN_IN_ENGINE = new Set(['node:fs', 'node:fs/promises', 'node:child_process', 'fs', 'fs/promises', 'child_process', 'execa', 'src/adapters/run.js', 'src/adapters/programs.js']);

describe('architecture', () => {
  test('src/core imports only src/core and pure modules (node:path, node:util, ini)', () => {
    const refused = (target: string) => (target.startsWith('src/') ? !target.startsWith('src/core/') : !PURE_FOR_CORE.has(target));
    expect(offenders(sourcesUnder('src/core'), refused)).toEqual([]);
  });

  test('src/engine runs programs and touches files only through adapters', () => {
    expect(offenders(sourcesUnder('src/engine'), (target) => FORBIDDEN_IN_ENGINE.has(target))).toEqual([]);
  });

  test('every error class of ours derives from PveBootenvError; messageOf is written once', () => {
    const found = sourcesUnder('src').flatMap((file) =>
      text(file)
        .split('\n')
        .flatMap((line, index) => {
          const own = file === 'src/core/errors.ts';
          const wrong = /\bextends Error\b/.test(line) ? !(own && line.includes('class PveBootenvError')) : /instanceof Error \? \w+\.message : String\(/.test(line) && !own;
          return wrong ? [`${file}:${index + 1}: ${line.trim()}`] : [];
        }),
    );
    expect(found).toEqual([]);
  });

  test('the scanner finds the imports (if it found none, every rule above would pass)', () => {
    expect(importsOf('src/engine/create.ts')).toContain('../core/be/create-plan.js');
    expect(resolved('src/engine/create.ts', '../adapters/run.js')).toBe('src/adapters/run.js');
  });
});
