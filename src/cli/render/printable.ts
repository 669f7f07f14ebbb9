// What reaches the terminal from text we did not write: descriptions and other ZFS user
// properties (an imported stream sets them to anything), file names on an ESP, paths in
// a BE's /etc/pve. A line break there would forge a line or a table row, a tab a column,
// an escape sequence would drive the terminal.

/** C0 controls (tab and line feed too), DEL, C1 controls, and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * text with each control character written as its \uXXXX escape, as JSON writes it: one
 * line, no escape sequences, and the odd character still visible for what it is. --json
 * output needs none of this (JSON.stringify escapes them itself).
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
