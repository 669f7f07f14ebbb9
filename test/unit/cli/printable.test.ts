import { describe, expect, test } from '@jest/globals';
import { printable } from '../../../src/cli/render/printable.js';

describe('printable', () => {
  test('text without control characters is unchanged, any language', () => {
    expect(printable('before the 8.3 upgrade — tested, "quoted" \\ ok')).toBe('before the 8.3 upgrade — tested, "quoted" \\ ok');
  });

  test('C0 (tab and line feed too), DEL, C1 and the Unicode line separators become \\uXXXX', () => {
    expect(printable('a\tb\nc\rd\u001b[31me\u007ff\u0085g\u009bh\u2028i\u2029j\u0000')).toBe(
      'a\\u0009b\\u000ac\\u000dd\\u001b[31me\\u007ff\\u0085g\\u009bh\\u2028i\\u2029j\\u0000',
    );
  });
});
