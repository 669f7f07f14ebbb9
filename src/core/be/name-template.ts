// Names for the boot environments the apt hook makes, from the `[apt] name-template`
// setting (strftime-like: `apt-%Y%m%d-%H%M%S`) and the time the hook runs.
import { beNameProblem, MAX_BE_NAME_LENGTH } from './names.js';
import { PveBootenvError } from '../errors.js';

/** The date escapes a name template may use, and how many digits each becomes. */
export const NAME_TEMPLATE_ESCAPES: ReadonlyMap<string, number> = new Map([
  ['Y', 4],
  ['m', 2],
  ['d', 2],
  ['H', 2],
  ['M', 2],
  ['S', 2],
]);

/** A template with an escape expandNameTemplate does not know (or a lone `%` at its end). */
export class NameTemplateError extends PveBootenvError {
  override name = 'NameTemplateError';
}

/** One piece of a template: literal text, or a date escape letter (`%` for `%%`). */
export type TemplatePart = { text: string } | { escape: string };

/** Splits a template into literal text and escapes; throws NameTemplateError on an unknown escape. */
export function templateParts(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  // Code points, so that a character outside the BMP is reported whole.
  const chars = Array.from(template);
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] ?? '';
    if (char !== '%') {
      text += char;
      continue;
    }
    const escape = chars[i + 1];
    if (escape === undefined) throw new NameTemplateError('a "%" at the end is not a date escape');
    if (escape !== '%' && !NAME_TEMPLATE_ESCAPES.has(escape)) {
      throw new NameTemplateError(`${JSON.stringify(`%${escape}`)} is not a date escape`);
    }
    if (text !== '') parts.push({ text });
    text = '';
    parts.push({ escape });
    i++;
  }
  if (text !== '') parts.push({ text });
  return parts;
}

/**
 * The template with its escapes filled in from `date`, in UTC or in the local time zone
 * of the process (the default, as strftime does): %Y year (4 digits for years 1000 to
 * 9999), %m month, %d day, %H hour, %M minute, %S second (2 digits each), %% a "%". The
 * result is NOT checked: the config validator refuses templates that cannot make valid
 * boot environment names (and `%%` never can: "%" is reserved by ZFS).
 */
export function expandNameTemplate(template: string, date: Date, timeZone: 'UTC' | 'local' = 'local'): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('expandNameTemplate needs a valid date');
  const utc = timeZone === 'UTC';
  const fields: Record<string, number> = {
    Y: utc ? date.getUTCFullYear() : date.getFullYear(),
    m: (utc ? date.getUTCMonth() : date.getMonth()) + 1,
    d: utc ? date.getUTCDate() : date.getDate(),
    H: utc ? date.getUTCHours() : date.getHours(),
    M: utc ? date.getUTCMinutes() : date.getMinutes(),
    S: utc ? date.getUTCSeconds() : date.getSeconds(),
  };
  return templateParts(template)
    .map((part) => {
      if ('text' in part) return part.text;
      if (part.escape === '%') return '%';
      return String(fields[part.escape] ?? 0).padStart(NAME_TEMPLATE_ESCAPES.get(part.escape) ?? 0, '0');
    })
    .join('');
}

/**
 * `base`, or the first of `base-2`, `base-3`… that is not in `existing` (two apt runs in
 * the same second, or a name the admin took). Names are compared without regard to case:
 * they end up in entry file names on vfat ESPs, where "Apt-1" and "apt-1" are one file.
 * A suffix that would make the name longer than MAX_BE_NAME_LENGTH replaces the end of
 * `base` instead.
 */
export function uniqueName(base: string, existing: ReadonlySet<string>): string {
  const taken = new Set(Array.from(existing, (name) => name.toLowerCase()));
  if (!taken.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = base.slice(0, Math.max(0, MAX_BE_NAME_LENGTH - suffix.length)) + suffix;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/**
 * The name of a new boot environment: the template expanded with `date`, made unique
 * among `existing`. Throws NameTemplateError when the name cannot name a boot environment
 * (the config validator refuses such templates, so this is a last line of defence).
 */
export function nameFromTemplate(
  template: string,
  date: Date,
  existing: ReadonlySet<string>,
  timeZone: 'UTC' | 'local' = 'local',
): string {
  const name = uniqueName(expandNameTemplate(template, date, timeZone), existing);
  const problem = beNameProblem(name);
  if (problem !== undefined) {
    throw new NameTemplateError(`name template ${JSON.stringify(template)} made ${JSON.stringify(name)}: ${problem}`);
  }
  return name;
}

/** date as YYYYMMDD-HHMMSS in UTC: the part of a snapshot name of ours that makes it unique to the second. */
export function timeStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}
