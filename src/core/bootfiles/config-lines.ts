import { describeControlChar } from './control-chars.js';
import { isBlank, splitLines, type TextLine } from './text-lines.js';

/**
 * One line of a systemd-boot configuration file (`loader/loader.conf` or a
 * `loader/entries/*.conf` entry), classified the way systemd-boot reads it.
 *
 * Offsets (`keyEnd`, `valueStart`, `valueEnd`) are into the whole text, so an edit can
 * replace exactly one value and leave every other byte of the file alone.
 */
export type ConfigLine =
  | { kind: 'blank'; line: TextLine }
  | { kind: 'comment'; line: TextLine }
  | {
      kind: 'setting';
      line: TextLine;
      key: string;
      /** The value as systemd-boot sees it: surrounding quotes removed; '' if none. */
      value: string;
      keyEnd: number;
      /** The raw value (quotes included) is text.slice(valueStart, valueEnd). */
      valueStart: number;
      valueEnd: number;
    }
  | { kind: 'invalid'; line: TextLine; problem: string };

/** Every key systemd-boot knows is lower case with dashes; anything else is a typo. */
const KEY = /^[a-z0-9-]+$/;

/**
 * Classifies every line. Mirrors systemd-boot's `line_get_key_value()`: leading and
 * trailing spaces/tabs are ignored, `#` starts a comment only as the first non-blank
 * character, the key ends at the first space or tab, and a value that both starts and
 * ends with `"` loses those two quotes.
 *
 * Never throws: the parsers decide which problems are fatal, and an in-place edit of one
 * line must not be blocked by an odd line elsewhere.
 */
export function lexConfigLines(text: string): ConfigLine[] {
  return splitLines(text).map((line) => lexLine(line));
}

function lexLine(line: TextLine): ConfigLine {
  const control = describeControlChar(line.text);
  if (control !== undefined) return { kind: 'invalid', line, problem: control };

  let first = 0;
  let last = line.text.length;
  while (first < last && isBlank(line.text.charAt(first))) first++;
  while (last > first && isBlank(line.text.charAt(last - 1))) last--;
  if (first === last) return { kind: 'blank', line };
  if (line.text.charAt(first) === '#') return { kind: 'comment', line };

  let keyEnd = first;
  while (keyEnd < last && !isBlank(line.text.charAt(keyEnd))) keyEnd++;
  const key = line.text.slice(first, keyEnd);
  if (!KEY.test(key)) {
    return { kind: 'invalid', line, problem: `key ${JSON.stringify(key)} is not made of a-z, 0-9 and '-'` };
  }

  let valueStart = keyEnd;
  while (valueStart < last && isBlank(line.text.charAt(valueStart))) valueStart++;
  const raw = line.text.slice(valueStart, last);
  return {
    kind: 'setting',
    line,
    key,
    value: unquote(raw),
    keyEnd: line.start + keyEnd,
    valueStart: line.start + valueStart,
    valueEnd: line.start + last,
  };
}

/** systemd-boot strips one pair of quotes around a whole value, and nothing else. */
function unquote(raw: string): string {
  return isQuotedWhole(raw) ? raw.slice(1, -1) : raw;
}

/**
 * True if systemd-boot would take the first and last character of this value for
 * quotes; a writer must not produce such a value unless it means them as quotes.
 */
export function isQuotedWhole(value: string): boolean {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"');
}
