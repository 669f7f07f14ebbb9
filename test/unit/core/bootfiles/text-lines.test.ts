import { describe, expect, test } from '@jest/globals';
import { splitLines } from '../../../../src/core/bootfiles/text-lines.js';

const texts = (text: string): string[] => splitLines(text).map((line) => line.text);

describe('splitLines', () => {
  test.each([
    ['', []],
    ['\n', ['']],
    ['a', ['a']],
    ['a\n', ['a']],
    ['a\nb', ['a', 'b']],
    ['a\n\nb\n', ['a', '', 'b']],
    ['a\r\nb\r\n', ['a', 'b']],
    ['a\r\nb', ['a', 'b']],
    ['mixed\r\nends\n', ['mixed', 'ends']],
    // A lone CR is kept for the caller to reject, not taken as a line break.
    ['a\rb\n', ['a\rb']],
    ['a\r', ['a\r']],
    ['\r\n', ['']],
  ])('%j → %j', (text, expected) => {
    expect(texts(text)).toEqual(expected);
  });

  test('numbers lines from 1 and records where each starts', () => {
    const text = 'one\r\ntwo\n\nfour';
    expect(splitLines(text)).toEqual([
      { number: 1, text: 'one', start: 0 },
      { number: 2, text: 'two', start: 5 },
      { number: 3, text: '', start: 9 },
      { number: 4, text: 'four', start: 10 },
    ]);
    for (const line of splitLines(text)) {
      expect(text.slice(line.start, line.start + line.text.length)).toBe(line.text);
    }
  });
});
