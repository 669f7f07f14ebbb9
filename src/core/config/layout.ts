import { trimBlanks } from '../bootfiles/text-lines.js';
import { ConfigError, orList, quote } from './errors.js';
import type { IniLine } from './ini-lines.js';
import { keysOf, SECTION_NAMES, type SectionName } from './schema.js';
import { closest } from './suggest.js';

/** Where each key is set: section, then key, then its 1-based line. */
export type KeyLines = Map<SectionName, Map<string, number>>;

/**
 * Checks that every line of the file is where it belongs: known sections, known keys in
 * the right section, each set once, none before the first section header. Values are not
 * looked at (that is the validators' job). Throws a ConfigError for the first problem.
 */
export function checkLayout(lines: readonly IniLine[]): KeyLines {
  const found: KeyLines = new Map();
  let section: SectionName | undefined;
  for (const line of lines) {
    if (line.kind === 'section') {
      section = knownSection(line.name, line.line);
      continue;
    }
    const where = section === undefined ? '' : `[${section}] `;
    const trimmed = line.text.trim();
    // For messages: JS's trim() would also drop a U+2028 that is the very problem.
    const shown = quote(trimBlanks(line.text));
    if (trimmed.startsWith('[')) {
      // ini reads "[apt] # comment" or an indented "[apt]" as a key, not a section.
      throw new ConfigError(
        `${shown} is not a section header: expected [name] alone on its line, at its start`,
        line.line,
      );
    }
    if (trimmed.startsWith('=')) throw new ConfigError(`${where}${shown} has no key before "="`, line.line);
    if (line.kind === 'unreadable') {
      throw new ConfigError(`${where}${shown} is a line ini cannot read: expected key = value`, line.line);
    }
    if (section === undefined) throw outsideAnySection(line.key, line.line);
    if (!line.hasValue) {
      throw new ConfigError(`${where}${shown} has no "=": expected key = value`, line.line);
    }
    if (!keysOf(section).includes(line.key)) throw unknownKey(section, line.key, line.line);

    const keys = found.get(section) ?? new Map<string, number>();
    found.set(section, keys);
    const earlier = keys.get(line.key);
    if (earlier !== undefined) {
      throw new ConfigError(
        `${where}${line.key} is set twice, on lines ${earlier} and ${line.line}: keep one`,
        line.line,
      );
    }
    keys.set(line.key, line.line);
  }
  return found;
}

function knownSection(name: string, line: number): SectionName {
  const known = SECTION_NAMES.find((section) => section === name);
  if (known !== undefined) return known;
  const suggestion = closest(name, SECTION_NAMES);
  const hint = suggestion === undefined ? `expected ${sectionList()}` : `did you mean [${suggestion}]?`;
  throw new ConfigError(`unknown section [${quote(name).slice(1, -1)}]: ${hint}`, line);
}

function outsideAnySection(key: string, line: number): ConfigError {
  const homes = sectionsOf(key);
  return homes.length === 0
    ? new ConfigError(`${quote(key)} is set before any section header: expected settings under ${sectionList()}`, line)
    : new ConfigError(`${key} is set before any section header: it belongs under ${sectionList(homes)}`, line);
}

function unknownKey(section: SectionName, key: string, line: number): ConfigError {
  const keys = keysOf(section);
  const homes = sectionsOf(key);
  const suggestion = closest(key, keys);
  let hint: string;
  if (homes.length > 0) hint = `it belongs under ${sectionList(homes)}`;
  else if (suggestion !== undefined) hint = `did you mean ${quote(suggestion)}?`;
  else hint = `expected ${orList(keys)}`;
  return new ConfigError(`[${section}] unknown key ${quote(key)}: ${hint}`, line);
}

/** The sections that have the key: on-failure is [apt]'s and [trial]'s. */
function sectionsOf(key: string): SectionName[] {
  return SECTION_NAMES.filter((section) => keysOf(section).includes(key));
}

function sectionList(sections: readonly SectionName[] = SECTION_NAMES): string {
  return orList(sections.map((section) => `[${section}]`));
}
