import { orList, quote } from './errors.js';

/** A value read, or why it is refused: the part of the error after `key = "value": `. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Reads one setting from its text in the file (as ini hands it over: trimmed, unquoted). */
export type Validator<T> = (text: string) => Checked<T>;

const accept = <T>(value: T): Checked<T> => ({ ok: true, value });
const refuse = <T>(reason: string): Checked<T> => ({ ok: false, reason });

/** A whole number from `min` to `max`, written in decimal digits only. */
export function wholeNumber(min: number, max: number): Validator<number> {
  const expected = `expected a whole number from ${min} to ${max}`;
  return (text) => {
    // Digits only: Number() would also take "", "0x10", "1e2", "5.0" and "-0".
    if (!/^[0-9]+$/.test(text)) return refuse(expected);
    const value = Number(text);
    return value >= min && value <= max ? accept(value) : refuse(expected);
  };
}

const TRUE_WORDS = ['true', 'yes', 'on', '1'];
const FALSE_WORDS = ['false', 'no', 'off', '0'];

/** true/false, yes/no, on/off or 1/0, in any case. */
export const onOff: Validator<boolean> = (text) => {
  const word = text.toLowerCase();
  if (TRUE_WORDS.includes(word)) return accept(true);
  if (FALSE_WORDS.includes(word)) return accept(false);
  return refuse('expected true or false (or yes/no, on/off, 1/0)');
};

/** One of `choices`, in any case; the value is the choice as listed. */
export function oneOf<const T extends string>(choices: readonly T[]): Validator<T> {
  const expected = `expected ${orList(choices.map((choice) => quote(choice)))}`;
  return (text) => {
    const choice = choices.find((candidate) => candidate === text.toLowerCase());
    return choice === undefined ? refuse(expected) : accept(choice);
  };
}

/** strftime escapes a name template may use, and how many characters each becomes. */
const DATE_ESCAPES = new Map([
  ['Y', 4],
  ['m', 2],
  ['d', 2],
  ['H', 2],
  ['M', 2],
  ['S', 2],
]);

// What ZFS accepts in one component of a dataset name (zfs_namecheck.c), minus the space,
// which is legal there but would need quoting in every shell command an admin types.
const NAME_CHAR = /^[A-Za-z0-9_.:-]$/;

// A BE name also ends up in ESP entry file names and boot menu titles; ZFS allows 255
// characters for the whole dataset path, pool and BE root included.
const MAX_NAME_LENGTH = 100;

const TEMPLATE_EXPECTED = 'expected letters, digits, "-", "_", ".", ":" and the date escapes %Y %m %d %H %M %S';

/**
 * A template for the names of the boot environments the apt hook makes: whatever date it
 * is expanded with, the result must be a valid ZFS dataset name component (no "/", "@",
 * "#", blanks…), so a bad template is refused here rather than in the middle of an apt run.
 */
export const nameTemplate: Validator<string> = (text) => {
  if (text === '') return refuse(`the template is empty; ${TEMPLATE_EXPECTED}`);
  if (text === '.' || text === '..') return refuse(`${quote(text)} is not a valid ZFS name; ${TEMPLATE_EXPECTED}`);
  // Code points, so that a character outside the BMP is shown whole in the message.
  const chars = Array.from(text);
  let length = 0;
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] ?? '';
    if (char === '%') {
      const escape = chars[i + 1] ?? '';
      const width = DATE_ESCAPES.get(escape);
      if (width === undefined) {
        const what = escape === '' ? 'a "%" at the end' : quote(`%${escape}`);
        return refuse(`${what} is not a date escape; ${TEMPLATE_EXPECTED}`);
      }
      length += width;
      i++;
    } else if (NAME_CHAR.test(char)) {
      length++;
    } else {
      return refuse(`${quote(char)} is not allowed in a boot environment name; ${TEMPLATE_EXPECTED}`);
    }
  }
  if (length > MAX_NAME_LENGTH) {
    return refuse(`the names it makes have ${length} characters; expected at most ${MAX_NAME_LENGTH}`);
  }
  return accept(text);
};
