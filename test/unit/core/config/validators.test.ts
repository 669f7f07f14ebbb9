import { describe, expect, test } from '@jest/globals';
import { nameTemplate, oneOf, onOff, wholeNumber } from '../../../../src/core/config/validators.js';

describe('wholeNumber', () => {
  const percent = wholeNumber(10, 100);

  test.each([
    ['10', 10],
    ['85', 85],
    ['100', 100],
    ['085', 85],
  ])('accepts %j', (text, value) => {
    expect(percent(text)).toStrictEqual({ ok: true, value });
  });

  const REFUSED = ['9', '101', '0', '-5', '+5', '5.0', '8.5', '1e2', '0x10', '', '85%', 'eighty', '99999999999999999999'];

  test.each(REFUSED.map((text) => [text]))('refuses %j', (text) => {
    expect(percent(text)).toStrictEqual({ ok: false, reason: 'expected a whole number from 10 to 100' });
  });

  test('0 is accepted where the range starts at 0', () => {
    expect(wholeNumber(0, 1000)('0')).toStrictEqual({ ok: true, value: 0 });
  });
});

describe('onOff', () => {
  test.each([
    ['true', true],
    ['TRUE', true],
    ['yes', true],
    ['Yes', true],
    ['on', true],
    ['ON', true],
    ['1', true],
    ['false', false],
    ['False', false],
    ['no', false],
    ['NO', false],
    ['off', false],
    ['Off', false],
    ['0', false],
  ])('%j is %j', (text, value) => {
    expect(onOff(text)).toStrictEqual({ ok: true, value });
  });

  test.each([['y'], ['n'], ['enabled'], ['2'], ['01'], [''], ['null'], ['true!']])('refuses %j', (text) => {
    expect(onOff(text)).toStrictEqual({ ok: false, reason: 'expected true or false (or yes/no, on/off, 1/0)' });
  });
});

describe('oneOf', () => {
  const kernels = oneOf(['latest', 'latest-and-booted', 'all']);

  test.each([
    ['latest', 'latest'],
    ['latest-and-booted', 'latest-and-booted'],
    ['all', 'all'],
    ['ALL', 'all'],
    ['Latest-And-Booted', 'latest-and-booted'],
  ])('%j is %j', (text, value) => {
    expect(kernels(text)).toStrictEqual({ ok: true, value });
  });

  test.each([['newest'], ['latest and booted'], ['latest,booted'], ['']])('refuses %j', (text) => {
    expect(kernels(text)).toStrictEqual({
      ok: false,
      reason: 'expected "latest", "latest-and-booted" or "all"',
    });
  });

  test('two choices read "a or b"', () => {
    expect(oneOf(['continue', 'abort'])('stop')).toStrictEqual({ ok: false, reason: 'expected "continue" or "abort"' });
  });
});

describe('nameTemplate', () => {
  test.each([
    ['apt-%Y%m%d-%H%M%S'],
    ['apt_%Y-%m-%d_%H:%M:%S'],
    ['upgrade.%Y%m%d'],
    ['fixed-name'],
    ['%S'],
    ['.hidden-%Y'],
    ['...'],
    ['a'.repeat(100)],
    [`${'a'.repeat(96)}%Y`],
  ])('accepts %j', (text) => {
    expect(nameTemplate(text)).toStrictEqual({ ok: true, value: text });
  });

  const EXPECTED = 'expected letters, digits, "-", "_", ".", ":" and the date escapes %Y %m %d %H %M %S';

  test.each([
    ['', `the template is empty; ${EXPECTED}`],
    ['apt/%Y', `"/" is not allowed in a boot environment name; ${EXPECTED}`],
    ['apt@%Y', `"@" is not allowed in a boot environment name; ${EXPECTED}`],
    ['apt#%Y', `"#" is not allowed in a boot environment name; ${EXPECTED}`],
    ['apt %Y', `" " is not allowed in a boot environment name; ${EXPECTED}`],
    ['apt\t%Y', `"\\t" is not allowed in a boot environment name; ${EXPECTED}`],
    ['apt\u00a0%Y', `"\u00a0" is not allowed in a boot environment name; ${EXPECTED}`],
    ['apt+%Y', `"+" is not allowed in a boot environment name; ${EXPECTED}`],
    ['apt*', `"*" is not allowed in a boot environment name; ${EXPECTED}`],
    ['été', `"é" is not allowed in a boot environment name; ${EXPECTED}`],
    ['apt-\u{1F600}', `"\u{1F600}" is not allowed in a boot environment name; ${EXPECTED}`],
    ['apt\u0000', `"\\u0000" is not allowed in a boot environment name; ${EXPECTED}`],
    ['apt-%y', `"%y" is not a date escape; ${EXPECTED}`],
    ['apt-%F', `"%F" is not a date escape; ${EXPECTED}`],
    ['apt-%%', `"%%" is not a date escape; ${EXPECTED}`],
    ['apt-%/', `"%/" is not a date escape; ${EXPECTED}`],
    ['apt-%', `a "%" at the end is not a date escape; ${EXPECTED}`],
    ['.', `"." is not a valid ZFS name; ${EXPECTED}`],
    ['..', `".." is not a valid ZFS name; ${EXPECTED}`],
    ['a'.repeat(101), 'the names it makes have 101 characters; expected at most 100'],
    [`${'a'.repeat(97)}%Y`, 'the names it makes have 101 characters; expected at most 100'],
    [`${'a'.repeat(99)}%m`, 'the names it makes have 101 characters; expected at most 100'],
  ])('refuses %j', (text, reason) => {
    expect(nameTemplate(text)).toStrictEqual({ ok: false, reason });
  });
});
