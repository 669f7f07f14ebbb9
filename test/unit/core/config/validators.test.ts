import { describe, expect, test } from '@jest/globals';
import { expandNameTemplate } from '../../../../src/core/be/name-template.js';
import { beNameProblem, MAX_BE_NAME_LENGTH } from '../../../../src/core/be/names.js';
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
    ['apt_%Y-%m-%d_%H.%M.%S'],
    ['upgrade.%Y%m%d'],
    ['fixed-name'],
    ['%S'],
    ['pve+apt-%Y'],
    ['A_b.c+d-%H'],
    ['a'.repeat(MAX_BE_NAME_LENGTH)],
    [`${'a'.repeat(MAX_BE_NAME_LENGTH - 4)}%Y`],
  ])('accepts %j', (text) => {
    expect(nameTemplate(text)).toStrictEqual({ ok: true, value: text });
  });

  const EXPECTED = 'expected letters, digits, "-", "_", ".", "+" and the date escapes %Y %m %d %H %M %S';

  test.each([
    ['', `the template is empty; ${EXPECTED}`],
    ['apt_%Y-%m-%d_%H:%M:%S', `":" is not allowed in a boot environment name (vfat ESPs cannot store it in file names); ${EXPECTED}`],
    ['apt/%Y', `"/" is not allowed in a boot environment name (it would name a child dataset); ${EXPECTED}`],
    ['apt@%Y', `"@" is not allowed in a boot environment name (it separates snapshot names); ${EXPECTED}`],
    ['apt#%Y', `"#" is not allowed in a boot environment name (it separates bookmark names); ${EXPECTED}`],
    ['apt %Y', `" " is not allowed in a boot environment name; ${EXPECTED}`],
    ['apt\t%Y', `"\\t" is not allowed in a boot environment name; ${EXPECTED}`],
    ['apt\u00a0%Y', `"\u00a0" is not allowed in a boot environment name; ${EXPECTED}`],
    ['apt*', `"*" is not allowed in a boot environment name; ${EXPECTED}`],
    ['été', `"é" is not allowed in a boot environment name; ${EXPECTED}`],
    ['apt-\u{1F600}', `"\u{1F600}" is not allowed in a boot environment name; ${EXPECTED}`],
    ['apt\u0000', `"\\u0000" is not allowed in a boot environment name; ${EXPECTED}`],
    ['apt-%y', `"%y" is not a date escape; ${EXPECTED}`],
    ['apt-%F', `"%F" is not a date escape; ${EXPECTED}`],
    ['apt-%%', `"%%" would put a "%" in the names (ZFS reserves it); ${EXPECTED}`],
    ['apt-%/', `"%/" is not a date escape; ${EXPECTED}`],
    ['apt-%', `a "%" at the end is not a date escape; ${EXPECTED}`],
    ['.', 'it makes names like ".", and "." is not a name'],
    ['..', 'it makes names like "..", and ".." is not a name'],
    ['...', 'it makes names like "...", and the name starts with "." (a hidden file on the ESP)'],
    ['.hidden-%Y', 'it makes names like ".hidden-2031", and the name starts with "." (a hidden file on the ESP)'],
    ['-%Y%m%d', 'it makes names like "-20311229", and the name starts with "-" (it would read as an option)'],
    ['a'.repeat(65), 'the names it makes have 65 characters; expected at most 64'],
    [`${'a'.repeat(61)}%Y`, 'the names it makes have 65 characters; expected at most 64'],
    [`${'a'.repeat(63)}%m`, 'the names it makes have 65 characters; expected at most 64'],
  ])('refuses %j', (text, reason) => {
    expect(nameTemplate(text)).toStrictEqual({ ok: false, reason });
  });

  // The promise the apt hook relies on: a template accepted here makes valid names on any date.
  test.each(['apt-%Y%m%d-%H%M%S', '%S', 'pve+apt-%Y', `${'a'.repeat(MAX_BE_NAME_LENGTH - 14)}%Y%m%d%H%M%S`])(
    'every name %j makes passes beNameProblem',
    (template) => {
      expect(nameTemplate(template).ok).toBe(true);
      for (const time of [Date.UTC(1000, 0, 1), Date.UTC(2000, 1, 29, 12), Date.UTC(9999, 11, 31, 23, 59, 59)]) {
        expect(beNameProblem(expandNameTemplate(template, new Date(time), 'UTC'))).toBeUndefined();
      }
    },
  );
});
