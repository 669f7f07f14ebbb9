// dpkg's verrevcmp (lib/dpkg/version.c), which GNU's filevercmp (`sort -V`) copies with a
// different weight for the end of a string: dpkg weighs it 0 (as a digit) with "~" at -1,
// gnulib -1 with "~" at -2. Both put the end after "~" and before every other non-digit,
// and the loop never weighs the end against a digit, so the sign of every result is the
// same: one function serves both.

const ZERO = 0x30;
const NINE = 0x39;
const TILDE = 0x7e;

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * Weight of the character at `pos` in the non-digit part: "~" before everything, even the
 * end of the string; then the end; then letters; then every other character. Characters
 * are UTF-16 code units rather than dpkg's bytes; both orders agree on everything a
 * version can hold (ASCII).
 */
function order(text: string, pos: number): number {
  if (pos >= text.length) return 0;
  const code = text.charCodeAt(pos);
  if (isDigit(code)) return 0;
  if (isAsciiLetter(code)) return code;
  if (code === TILDE) return -1;
  return code + 256;
}

/**
 * Compares two version parts (an upstream version or a Debian revision) as dpkg does:
 * alternately a run of non-digits, compared character by character by weight (see
 * `order`), and a run of digits, compared as a number (leading zeros do not count, and
 * an absent run counts as 0). Returns -1, 0 or 1.
 */
export function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const difference = order(a, i) - order(b, j);
      if (difference !== 0) return Math.sign(difference);
      i++;
      j++;
    }
    while (a.charCodeAt(i) === ZERO) i++;
    while (b.charCodeAt(j) === ZERO) j++;
    // Same number of significant digits: the first different digit decides. More digits:
    // the longer run is the larger number, whatever its first digit.
    let firstDifference = 0;
    while (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (firstDifference === 0) firstDifference = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a.charCodeAt(i))) return 1;
    if (isDigit(b.charCodeAt(j))) return -1;
    if (firstDifference !== 0) return Math.sign(firstDifference);
  }
  return 0;
}
