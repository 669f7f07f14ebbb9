// Which names a boot environment may have. A name is a ZFS dataset name component and
// also part of a loader entry's file name on vfat ESPs (pve-bootenv-<name>-<kver>.conf),
// so it must satisfy both, and stay short enough for the entry name to remain valid.
import { quote } from '../config/errors.js';
import { BeError } from '../errors.js';

export const MAX_BE_NAME_LENGTH = 64;

/** Characters ZFS accepts in a name but that must not reach an ESP or a shell-less argv. */
const NAMED_BAD_CHARACTERS: Array<[string, string]> = [
  ['/', 'a "/" (it would name a child dataset)'],
  ['@', 'an "@" (it separates snapshot names)'],
  ['#', 'a "#" (it separates bookmark names)'],
  ['%', 'a "%" (ZFS reserves it)'],
  [':', 'a ":" (vfat ESPs cannot store it in file names)'],
];

/** Why name cannot be a boot environment's name, or undefined if it can. */
export function beNameProblem(name: string): string | undefined {
  if (name === '') return 'the name is empty';
  if (name === '.' || name === '..') return `"${name}" is not a name`;
  if (/\s/.test(name)) return 'the name contains whitespace';
  for (const [character, what] of NAMED_BAD_CHARACTERS) {
    if (name.includes(character)) return `the name contains ${what}`;
  }
  if (name.startsWith('-')) return 'the name starts with "-" (it would read as an option)';
  if (name.startsWith('.')) return 'the name starts with "." (a hidden file on the ESP)';
  const bad = /[^A-Za-z0-9._+-]/.exec(name);
  if (bad) return `the name contains "${bad[0]}": use letters, digits, ".", "_", "+" and "-"`;
  if (name.length > MAX_BE_NAME_LENGTH) {
    return `the name is ${name.length} characters long; at most ${MAX_BE_NAME_LENGTH} keep entry file names valid on the ESP`;
  }
  return undefined;
}

/** Why a name cannot be given to a new boot environment: not a valid name, or taken. */
export interface NewBeNameProblem {
  kind: 'invalid' | 'taken';
  /** One sentence that quotes the name (escaped: it comes from the command line). */
  message: string;
}

/**
 * Whether name may be a new boot environment's beside existingNames (none given: the
 * syntax alone, as the CLI checks it before anything else). The one rule for create,
 * rename, import and upgrade. Control characters are named, never echoed raw.
 */
export function newBeNameProblem(name: string, existingNames: Iterable<string>): NewBeNameProblem | undefined {
  // eslint-disable-next-line no-control-regex
  const invalid = /[\u0000-\u001f\u007f-\u009f]/.test(name) ? 'the name contains control characters' : beNameProblem(name);
  if (invalid) return { kind: 'invalid', message: `cannot name a boot environment ${quote(name)}: ${invalid}` };
  for (const existing of existingNames) {
    if (existing === name) return { kind: 'taken', message: `a boot environment ${quote(name)} exists already` };
  }
  return undefined;
}

/**
 * Throws a BeError unless name may be a new boot environment's beside existingNames
 * (core/be/names.ts newBeNameProblem; none given: the syntax alone, which is pure, so the
 * CLI checks a name from the command line before anything else). whenTaken is the advice
 * a refusal of a taken name ends with.
 */
export function checkNewBeName(name: string, existingNames: Iterable<string> = [], whenTaken?: string): void {
  const problem = newBeNameProblem(name, existingNames);
  if (problem) throw new BeError(problem.kind === 'taken' && whenTaken ? `${problem.message}; ${whenTaken}` : problem.message);
}
