// Shared pieces of the fuzz suite (test/unit/fuzz): adversarial text generators, and the
// three checks every parser and planner of src/core must pass on any input:
//   (a) it throws nothing but its module's own error classes (a TypeError or RangeError
//       from deep inside is a bug: callers catch the documented class, nothing else);
//   (b) paths and names it plans on an ESP stay inside our directory or entry prefix;
//   (c) no single input takes over BUDGET_MS: regexes that backtrack and expansions that
//       double are what an attacker (or an odd file in an imported BE) would feed it.
// Seeds are fixed, so every run and every failure is reproducible; FC_SEED=<n> explores
// others. Runs are few per property and inputs long only sometimes, to keep the whole
// folder within a few seconds on a 2-core machine.
import fc from 'fast-check';
import { ENTRIES_DIR, ENTRY_PREFIX, OUR_DIR } from '../../../src/core/esp/layout.js';

/** fc.assert's parameters for one property: a fixed seed (or FC_SEED's), and few runs. */
export function params(seed: number, numRuns = 100): fc.Parameters<unknown> {
  return { seed: Number(process.env.FC_SEED ?? seed), numRuns };
}

// ---------------------------------------------------------------------------- text

/** What parsers trip over: separators, quotes, line breaks JS and shells disagree on, NUL, BOM, lone surrogates. */
export const NASTY = [
  ' ', '\t', '  \t ', '\n', '\r', '\r\n', '\0', '\u2028', '\u2029', '\uFEFF', '\u0085', '\u00a0', '\u200b', '\u202e',
  '\x7f', '\x1b', '\x01', '"', "'", '\\', '#', '=', ':', ';', '$', '`', '%', '%2', '%zz', '/', '..', '../', '{', '}',
  '[', ']', '(', ')', '*', '?', '~', '-', '--', '\uD800', '\uDFFF', '😀', 'é', 'ß', 'İ',
] as const;

export const nasty = fc.constantFrom(...NASTY);

/** A short piece of anything: any code points, one nasty string, or a token of the grammar at hand. */
function piece(tokens: readonly string[]): fc.Arbitrary<string> {
  const parts: Array<fc.WeightedArbitrary<string>> = [
    { arbitrary: fc.string({ unit: 'binary', maxLength: 6 }), weight: 2 },
    { arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 6 }), weight: 2 },
    { arbitrary: nasty, weight: 3 },
  ];
  if (tokens.length > 0) parts.push({ arbitrary: fc.constantFrom(...tokens), weight: 6 });
  return fc.oneof(...parts);
}

/** Bytes that are not UTF-8, decoded as Node decodes a file read with 'utf8' (U+FFFD for each bad sequence). */
export const invalidUtf8 = fc
  .uint8Array({ minLength: 1, maxLength: 48 })
  .map((bytes) => Buffer.from([0xc3, ...bytes, 0xe2, 0x82]).toString('utf8'));

/** A long run (1,000 to 40,000 characters) of one piece, between two short ones: what makes regexes backtrack. */
export function longRun(tokens: readonly string[] = [], unit: fc.Arbitrary<string> = fc.constantFrom(' ', '\t', ' \t', 'a', '0', '-', '$A', '"', '\\')): fc.Arbitrary<string> {
  return fc
    .record({ before: shortText(tokens, 4), unit, count: fc.integer({ min: 1_000, max: 40_000 }), after: shortText(tokens, 4) })
    .map(({ before, unit: u, count, after }) => `${before}${u.repeat(Math.max(1, Math.ceil(count / Math.max(1, u.length))))}${after}`);
}

/** A few pieces joined: tokens of the grammar mixed with nasty characters. */
export function shortText(tokens: readonly string[] = [], maxPieces = 12): fc.Arbitrary<string> {
  return fc.array(piece(tokens), { maxLength: maxPieces }).map((parts) => parts.join(''));
}

/**
 * One adversarial string: mostly short texts built from `tokens`, sometimes 40,000
 * characters of one kind (blanks, a token, a "$A" expansion), invalid UTF-8 or anything.
 */
export function adversarial(tokens: readonly string[] = [], options: { longWeight?: number } = {}): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: shortText(tokens), weight: 10 },
    { arbitrary: longRun(tokens), weight: options.longWeight ?? 1 },
    { arbitrary: tokens.length > 0 ? longRun(tokens, fc.constantFrom(...tokens)) : longRun(), weight: options.longWeight ?? 1 },
    { arbitrary: invalidUtf8, weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 },
  );
}

/** The most characters one generated file holds: the budget is for pathological inputs, not for big ones. */
export const MAX_INPUT = 100_000;

/**
 * A file: lines (each from `line`), or a short line repeated up to 3,000 times (the
 * shape of `X="$X$X"` doubling, or of a huge config), joined by "\n", "\r\n" or "\r";
 * cut at MAX_INPUT characters.
 */
export function linesOf(line: fc.Arbitrary<string>, maxLines = 12, repeated: fc.Arbitrary<string> = line.filter((l) => l.length <= 60)): fc.Arbitrary<string> {
  const separator = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');
  const lines = fc.oneof(
    { arbitrary: fc.array(line, { maxLength: maxLines }), weight: 6 },
    {
      arbitrary: fc.tuple(fc.array(line, { maxLength: 3 }), repeated, fc.integer({ min: 20, max: 3_000 })).map(([head, again, count]) => [
        ...head,
        ...Array<string>(count).fill(again),
      ]),
      weight: 1,
    },
  );
  return fc.tuple(lines, separator, fc.boolean()).map(([ls, sep, final]) => (ls.join(sep) + (final && ls.length > 0 ? sep : '')).slice(0, MAX_INPUT));
}

/** Lowercase hex of exactly 64 digits: a SHA-256 as we name files by it. */
export const sha256Hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });

/** Mostly valid SHA-256s, sometimes anything a buggy adapter could pass on (a path, upper case, a short one). */
export const sha256Like = fc.oneof(
  { arbitrary: sha256Hex, weight: 6 },
  { arbitrary: sha256Hex.map((h) => h.toUpperCase()), weight: 1 },
  { arbitrary: fc.constantFrom('../../EFI/BOOT/BOOTX64.EFI', '', 'a/b', `${'a'.repeat(64)}/..`, `${'0'.repeat(63)}g`, '..'), weight: 1 },
  { arbitrary: shortText(['/', '..', 'a', '0']), weight: 1 },
);

/** A kernel version: mostly real-looking, sometimes with what a file name in /boot can hold. */
export const kverLike = fc.oneof(
  { arbitrary: fc.constantFrom('6.8.12-4-pve', '6.1.0-56-amd64', '6.5.13-6-pve', '6.8.12-4-pve', '5.15.0-1-pve', '6.2.16-20-pve'), weight: 6 },
  { arbitrary: fc.tuple(fc.nat(9), fc.nat(20), fc.nat(40), fc.nat(9)).map(([a, b, c, d]) => `${a}.${b}.${c}-${d}-pve`), weight: 3 },
  { arbitrary: shortText(['6.8', '-', '.', '/', '..', 'pve', '0'], 6), weight: 2 },
);

/** A name as readdir gives it on vfat: not empty, no "/", backslash or NUL, never "." or "..". */
export const dirEntryName = shortText(['vmlinuz-', 'initrd.img-', '6.8.12-4-pve', '-', '.', '.tmp-', 'pve-bootenv-', '.conf', 'a'], 6)
  .map((name) => name.replace(/[/\\\0]/g, '_'))
  .filter((name) => name !== '' && name !== '.' && name !== '..');

// ------------------------------------------------------------------------- checks

/** An error class a module documents. */
export type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * (a): runs fn and returns what it returns, or the error it threw if that is one of the
 * allowed classes; anything else fails the property, with the error as the cause.
 */
export function only<T>(allowed: readonly ErrorClass[], fn: () => T): T | Error {
  try {
    return fn();
  } catch (error) {
    if (allowed.some((errorClass) => error instanceof errorClass)) return error as Error;
    throw error;
  }
}

/** (c): the longest one input may take. Linear code on 40,000 characters takes a few milliseconds. */
export const BUDGET_MS = 100;

/**
 * (c): runs fn and fails if it took more than BUDGET_MS every time of up to five runs. A
 * garbage collection, a JIT pause or a busy machine (the VM tests run beside the unit
 * tests, two TCG guests on two cores) does not come back on demand; a quadratic regex
 * takes seconds on such inputs, each time.
 */
export function timed<T>(label: string, fn: () => T): T {
  let fastest = Infinity;
  let result!: T;
  for (let attempt = 0; attempt < 5 && fastest > BUDGET_MS; attempt++) {
    const started = performance.now();
    result = fn();
    fastest = Math.min(fastest, performance.now() - started);
  }
  if (fastest > BUDGET_MS) throw new Error(`${label} took ${fastest.toFixed(0)} ms at best of 5 runs (budget ${BUDGET_MS} ms)`);
  return result;
}

/** (a) and (c) together: the usual check of one call. */
export function robust<T>(label: string, allowed: readonly ErrorClass[], fn: () => T): T | Error {
  return timed(label, () => only(allowed, fn));
}

/** (b): why a path planned on the ESP could leave `dir` (relative to the ESP's root), or undefined if it cannot. */
export function escapesDir(path: string, dir: string = OUR_DIR): string | undefined {
  if (path.startsWith('/') || path.includes('\\')) return `${JSON.stringify(path)} is absolute or has a backslash`;
  if (path.includes('\0')) return `${JSON.stringify(path)} has a NUL`;
  if (!path.startsWith(`${dir}/`)) return `${JSON.stringify(path)} is not under ${dir}/`;
  const rest = path.slice(dir.length + 1).split('/');
  if (rest.some((part) => part === '' || part === '.' || part === '..')) return `${JSON.stringify(path)} has an empty, "." or ".." component`;
  if (rest.length !== 1) return `${JSON.stringify(path)} is not directly in ${dir}/`;
  return undefined;
}

/** (b) for entries: why an entry name (a file name under loader/entries/) is not one of ours, or undefined. */
export function badEntryName(name: string): string | undefined {
  if (!name.startsWith(ENTRY_PREFIX) || !name.endsWith('.conf')) return `entry ${JSON.stringify(name)} lacks our prefix or .conf`;
  return escapesDir(`${ENTRIES_DIR}/${name}`, ENTRIES_DIR);
}
