import ini from 'ini';

/** What ini@5's parser makes of one line that is neither blank nor a comment. */
export type IniLine =
  | { kind: 'section'; name: string; line: number }
  | {
      kind: 'setting';
      key: string;
      /** False for a line without "=", which ini reads as the key set to true. */
      hasValue: boolean;
      line: number;
      text: string;
    }
  /** A line ini skips without a word: one starting with "=", or holding U+2028 or U+2029. */
  | { kind: 'unreadable'; line: number; text: string };

// ini@5's own patterns (lib/ini.js, decode): the lines it skips, then its line grammar.
// Its "." stops at U+2028 and U+2029, so a value holding one does not match at all.
const SKIPPED = /^\s*([;#]|$)/;
const INI_LINE = /^\[([^\]]*)\]\s*$|^([^=]+)(=(.*))?$/i;

/**
 * The lines of `text` as ini.parse will read them, with their line numbers, in file order.
 * ini keeps only the last of two equal keys, skips lines it cannot read and says nothing
 * about a key before any section or a misplaced header: this scan lets the caller see
 * all of those. Names go through ini's own unquoting, so both agree on every key.
 */
export function scanIniLines(text: string): IniLine[] {
  const lines: IniLine[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    if (SKIPPED.test(line)) return;
    const match = INI_LINE.exec(line);
    if (!match) lines.push({ kind: 'unreadable', line: index + 1, text: line });
    else if (match[1] !== undefined) {
      lines.push({ kind: 'section', name: String(ini.unsafe(match[1])), line: index + 1 });
    } else {
      const key = String(ini.unsafe(match[2] ?? ''));
      lines.push({ kind: 'setting', key, hasValue: match[3] !== undefined, line: index + 1, text: line });
    }
  });
  return lines;
}
