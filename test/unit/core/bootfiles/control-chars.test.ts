import { describe, expect, test } from '@jest/globals';
import { describeControlChar } from '../../../../src/core/bootfiles/control-chars.js';

describe('describeControlChar', () => {
  test.each([
    ['title Proxmox', undefined],
    ['', undefined],
    ['tabs\tare\tseparators', undefined],
    ['Ünïcödé ✓ is text', undefined],
    ['a\u0000b', 'control character U+0000 at column 2'],
    ['\rx', 'control character U+000D at column 1'],
    ['line\nbreak', 'control character U+000A at column 5'],
    ['esc\u001b[0m', 'control character U+001B at column 4'],
    ['del\u007f', 'control character U+007F at column 4'],
    ['first\u0001then\u0002', 'control character U+0001 at column 6'],
  ])('%j → %s', (text, expected) => {
    expect(describeControlChar(text)).toBe(expected);
  });
});
