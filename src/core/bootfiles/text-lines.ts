/** One line of a text file, without its line terminator. */
export interface TextLine {
  /** 1-based, as editors and error messages count. */
  number: number;
  text: string;
  /** Offset of the line's first character in the whole text (for in-place edits). */
  start: number;
}

/**
 * Splits text into lines on "\n", dropping a "\r" right before it, so files saved with
 * CRLF endings (edited on Windows, over a Samba share) read the same. A last line without
 * a terminator is still a line; the empty string after a final terminator is not. A lone
 * "\r" stays in the line: callers reject it as a control character rather than guess.
 */
export function splitLines(text: string): TextLine[] {
  const lines: TextLine[] = [];
  let start = 0;
  let number = 1;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    let end = newline === -1 ? text.length : newline;
    if (newline !== -1 && end > start && text.charAt(end - 1) === '\r') end--;
    lines.push({ number, text: text.slice(start, end), start });
    start = newline === -1 ? text.length : newline + 1;
    number++;
  }
  return lines;
}

/** A space or a tab: what systemd-boot, dpkg (c_isblank) and our config file call blank. */
export function isBlank(c: string): boolean {
  return c === ' ' || c === '\t';
}

/**
 * `text` without the spaces and tabs at its ends (unlike trim(), which also drops line
 * breaks, U+2028 and other Unicode spaces). A loop, not /^[ \t]+|[ \t]+$/g: V8 tries that
 * regex's second half from every blank of a long run, quadratic in the run's length.
 */
export function trimBlanks(text: string): string {
  let first = 0;
  let last = text.length;
  while (first < last && isBlank(text.charAt(first))) first++;
  while (last > first && isBlank(text.charAt(last - 1))) last--;
  return text.slice(first, last);
}
