import { describe, expect, test } from '@jest/globals';
import { ConfigError, orList, quote } from '../../../../src/core/config/errors.js';

describe('ConfigError', () => {
  test('keeps the message as it is and the line apart', () => {
    const error = new ConfigError('[esp] max-loaded = "lots": expected a whole number from 1 to 64', 12);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConfigError');
    expect(error.message).toBe('[esp] max-loaded = "lots": expected a whole number from 1 to 64');
    expect(error.line).toBe(12);
  });

  test('without a line', () => {
    expect(new ConfigError('x').line).toBeUndefined();
  });
});

describe('quote', () => {
  test.each([
    ['lots', '"lots"'],
    ['', '""'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['tab\there', '"tab\\there"'],
    ['nul\u0000', '"nul\\u0000"'],
    ['del\u007f', '"del\\u007f"'],
    ['nel\u0085', '"nel\\u0085"'],
    ['ls\u2028ps\u2029', '"ls\\u2028ps\\u2029"'],
    ['été', '"été"'],
  ])('%j', (text, quoted) => {
    expect(quote(text)).toBe(quoted);
  });

  test('a quoted string is always one line', () => {
    let all = '';
    for (let code = 0; code < 0x3000; code++) all += String.fromCharCode(code);
    expect(quote(all)).not.toMatch(/[\n\r\u000b\u000c\u0085\u2028\u2029]/);
  });
});

describe('orList', () => {
  test.each([
    [[], ''],
    [['a'], 'a'],
    [['a', 'b'], 'a or b'],
    [['a', 'b', 'c'], 'a, b or c'],
  ])('%j', (items, text) => {
    expect(orList(items)).toBe(text);
  });
});
