import { describe, expect, test } from '@jest/globals';
import {
  expandNameTemplate,
  nameFromTemplate,
  NameTemplateError,
  templateParts,
  timeStamp,
  uniqueName,
} from '../../../../src/core/be/name-template.js';
import { beNameProblem, MAX_BE_NAME_LENGTH } from '../../../../src/core/be/names.js';
import { thrown } from '../../thrown.js';

// 2024-03-05 07:08:09 UTC: every field has a leading zero to keep.
const DATE = new Date(Date.UTC(2024, 2, 5, 7, 8, 9));

describe('expandNameTemplate', () => {
  test.each([
    ['apt-%Y%m%d-%H%M%S', 'apt-20240305-070809'],
    ['%Y-%m-%d_%H.%M.%S', '2024-03-05_07.08.09'],
    ['fixed', 'fixed'],
    ['%S%S', '0909'],
    ['100%%', '100%'],
    ['%%Y', '%Y'],
    ['été-%Y', 'été-2024'],
    ['', ''],
  ])('%j in UTC is %j', (template, name) => {
    expect(expandNameTemplate(template, DATE, 'UTC')).toBe(name);
  });

  test('the last second of a year', () => {
    expect(expandNameTemplate('%Y%m%d%H%M%S', new Date(Date.UTC(1999, 11, 31, 23, 59, 59)), 'UTC')).toBe('19991231235959');
  });

  test('local time is the default', () => {
    const two = (n: number): string => String(n).padStart(2, '0');
    const local = `${DATE.getFullYear()}${two(DATE.getMonth() + 1)}${two(DATE.getDate())}-${two(DATE.getHours())}`;
    expect(expandNameTemplate('%Y%m%d-%H', DATE)).toBe(local);
    expect(expandNameTemplate('%Y%m%d-%H', DATE, 'local')).toBe(local);
  });

  test.each([
    ['apt-%y', '"%y" is not a date escape'],
    ['apt-%', 'a "%" at the end is not a date escape'],
    ['%F', '"%F" is not a date escape'],
  ])('%j is refused', (template, message) => {
    expect(thrown(NameTemplateError, () => expandNameTemplate(template, DATE, 'UTC')).message).toBe(message);
  });

  test('an invalid date is refused', () => {
    expect(() => expandNameTemplate('%Y', new Date(Number.NaN), 'UTC')).toThrow(RangeError);
  });

  test('the default template makes valid names', () => {
    expect(beNameProblem(expandNameTemplate('apt-%Y%m%d-%H%M%S', DATE, 'UTC'))).toBeUndefined();
  });
});

describe('templateParts', () => {
  test('text and escapes', () => {
    expect(templateParts('a-%Y%m%%b')).toStrictEqual([{ text: 'a-' }, { escape: 'Y' }, { escape: 'm' }, { escape: '%' }, { text: 'b' }]);
  });
});

describe('uniqueName', () => {
  test('a free name is kept', () => {
    expect(uniqueName('apt-20240305-070809', new Set(['apt-20240305-070808']))).toBe('apt-20240305-070809');
  });

  test('a taken one gets -2, -3…', () => {
    expect(uniqueName('apt-1', new Set(['apt-1']))).toBe('apt-1-2');
    expect(uniqueName('apt-1', new Set(['apt-1', 'apt-1-2', 'apt-1-3']))).toBe('apt-1-4');
    expect(uniqueName('apt-1', new Set(['apt-1', 'apt-1-3']))).toBe('apt-1-2');
  });

  test('case does not make a name unique (vfat ESPs)', () => {
    expect(uniqueName('apt-1', new Set(['APT-1']))).toBe('apt-1-2');
    expect(uniqueName('apt-1', new Set(['APT-1', 'Apt-1-2']))).toBe('apt-1-3');
  });

  test('a suffix never makes the name too long', () => {
    const base = 'a'.repeat(MAX_BE_NAME_LENGTH);
    const taken = new Set([base]);
    const second = uniqueName(base, taken);
    expect(second).toBe(`${'a'.repeat(MAX_BE_NAME_LENGTH - 2)}-2`);
    for (let n = 2; n <= 12; n++) taken.add(`${'a'.repeat(MAX_BE_NAME_LENGTH - String(n).length - 1)}-${n}`);
    const next = uniqueName(base, taken);
    expect(next).toBe(`${'a'.repeat(MAX_BE_NAME_LENGTH - 3)}-13`);
    expect(beNameProblem(next)).toBeUndefined();
  });
});

describe('nameFromTemplate', () => {
  test('expanded and made unique', () => {
    expect(nameFromTemplate('apt-%Y%m%d-%H%M%S', DATE, new Set(['apt-20240305-070809']), 'UTC')).toBe('apt-20240305-070809-2');
  });

  test('a name that cannot be a boot environment is refused', () => {
    expect(thrown(NameTemplateError, () => nameFromTemplate('apt-%H:%M', DATE, new Set(), 'UTC')).message).toBe(
      'name template "apt-%H:%M" made "apt-07:08": the name contains a ":" (vfat ESPs cannot store it in file names)',
    );
  });
});

describe('timeStamp', () => {
  test('YYYYMMDD-HHMMSS in UTC, the fraction dropped', () => {
    expect(timeStamp(new Date('2026-11-22T14:30:05.999Z'))).toBe('20261122-143005');
  });
});
