import { expandNameTemplate, NAME_TEMPLATE_ESCAPES } from '../be/name-template.js';
import { beNameProblem, MAX_BE_NAME_LENGTH } from '../be/names.js';
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

// A template's names must pass beNameProblem whatever the date: the escapes become digits
// of a fixed width, so checking the characters, the length and one expansion is enough.
const NAME_CHAR = /^[A-Za-z0-9._+-]$/;

const TEMPLATE_EXPECTED = 'expected letters, digits, "-", "_", ".", "+" and the date escapes %Y %m %d %H %M %S';

// Any date would do; this one has no zero to hide a digit in the example shown.
const EXAMPLE_DATE = new Date(Date.UTC(2031, 11, 29, 23, 58, 59));

/** The reason names.ts gives for a character, e.g. "(vfat ESPs cannot store it in file names)". */
function whyNot(char: string): string {
  const reason = / \([^()]*\)$/.exec(beNameProblem(`x${char}`) ?? '');
  return reason ? reason[0] : '';
}

/**
 * A template for the names of the boot environments the apt hook makes: whatever date it
 * is expanded with, the result must be a valid boot environment name (beNameProblem: a
 * ZFS dataset name component that can also appear in entry file names on vfat ESPs, so no
 * "/", "@", "#", "%", ":", blanks…), so a bad template is refused here rather than in the
 * middle of an apt run.
 */
export const nameTemplate: Validator<string> = (text) => {
  if (text === '') return refuse(`the template is empty; ${TEMPLATE_EXPECTED}`);
  // Code points, so that a character outside the BMP is shown whole in the message.
  const chars = Array.from(text);
  let length = 0;
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] ?? '';
    if (char === '%') {
      const escape = chars[i + 1] ?? '';
      const width = NAME_TEMPLATE_ESCAPES.get(escape);
      if (width === undefined) {
        if (escape === '%') return refuse(`"%%" would put a "%" in the names${whyNot('%')}; ${TEMPLATE_EXPECTED}`);
        const what = escape === '' ? 'a "%" at the end' : quote(`%${escape}`);
        return refuse(`${what} is not a date escape; ${TEMPLATE_EXPECTED}`);
      }
      length += width;
      i++;
    } else if (NAME_CHAR.test(char)) {
      length++;
    } else {
      return refuse(`${quote(char)} is not allowed in a boot environment name${whyNot(char)}; ${TEMPLATE_EXPECTED}`);
    }
  }
  if (length > MAX_BE_NAME_LENGTH) {
    return refuse(`the names it makes have ${length} characters; expected at most ${MAX_BE_NAME_LENGTH}`);
  }
  // What is left: where a character may stand ("-" or "." first), "." and "..".
  const example = expandNameTemplate(text, EXAMPLE_DATE, 'UTC');
  const problem = beNameProblem(example);
  if (problem !== undefined) return refuse(`it makes names like ${quote(example)}, and ${problem}`);
  return accept(text);
};

// systemd's unit name characters (unit_name_is_valid): letters, digits, ":-_.\\@".
const UNIT_NAME = /^[A-Za-z0-9:_.\\@-]+\.(service|socket|target|mount|path|timer|device|swap|scope|slice|automount)$/;

/**
 * Units, separated by blanks or commas, each with its type suffix (pveproxy.service):
 * "installed-proxmox" for Proxmox's units that are installed, "none" for no unit.
 */
export const unitList: Validator<string[] | 'installed-proxmox'> = (text) => {
  if (text === 'installed-proxmox') return accept('installed-proxmox');
  if (text === 'none') return accept([]);
  const units = text.split(/[\s,]+/).filter((unit) => unit !== '');
  const bad = units.find((unit) => !UNIT_NAME.test(unit));
  if (units.length === 0 || bad !== undefined) {
    return refuse(`${bad === undefined ? 'no unit' : `${quote(bad)} is not a unit name`}; expected unit names with their type (pveproxy.service), "installed-proxmox" or "none"`);
  }
  return accept(units);
};
