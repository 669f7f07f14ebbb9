import { describe, expect, test } from '@jest/globals';
import { ZfsOutputError } from '../../../../src/core/zfs/errors.js';
import { splitTabularOutput } from '../../../../src/core/zfs/tabular-output.js';

describe('splitTabularOutput', () => {
  test.each<[string, number, string[][]]>([
    ['', 2, []],
    ['a\tb\n', 2, [['a', 'b']]],
    ['a\tb', 2, [['a', 'b']]],
    ['a\tb\nc\td\n', 2, [['a', 'b'], ['c', 'd']]],
    ['a\t\n', 2, [['a', '']]],
    ['with space\tand more space\n', 2, [['with space', 'and more space']]],
    ['one\n', 1, [['one']]],
  ])('%j in %i fields', (text, count, expected) => {
    expect(splitTabularOutput(text, count)).toEqual(expected);
  });

  test.each([
    ['a\tb\nc\n', 2, 2, /expected 2 tab-separated fields, got 1: "c"/],
    ['a\tb\tc\n', 2, 1, /got 3/],
    ['a\tb\n\nc\td\n', 2, 2, /empty line/],
    ['\n', 1, 1, /empty line/],
    ['a\tb\n\n', 2, 2, /empty line/],
    ['a  b\n', 2, 1, /got 1/],
  ])('%j in %i fields: ZfsOutputError on line %i', (text, count, line, message) => {
    let error: unknown;
    try {
      splitTabularOutput(text, count);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ZfsOutputError);
    expect((error as ZfsOutputError).line).toBe(line);
    expect((error as ZfsOutputError).message).toMatch(message);
  });
});
