import { describe, expect, test } from '@jest/globals';
import { keysOf, SCHEMA, SECTION_NAMES, type Setting } from '../../../../src/core/config/schema.js';
import { editDistance } from '../../../../src/core/config/suggest.js';

const ALL = SECTION_NAMES.flatMap((section) =>
  Object.entries<Setting<unknown>>(SCHEMA[section]).map(([field, setting]) => ({ section, field, setting })),
);

describe('SCHEMA', () => {
  test('the sections, in file order', () => {
    expect(SECTION_NAMES).toStrictEqual(['apt', 'esp', 'retention', 'trial']);
  });

  test('keys in file order', () => {
    expect(keysOf('apt')).toStrictEqual(['enabled', 'on-failure', 'min-free-percent', 'name-template']);
    expect(keysOf('esp')).toStrictEqual(['reserve-mib', 'max-loaded', 'kernels']);
    expect(keysOf('retention')).toStrictEqual([
      'keep-last',
      'keep-important',
      'keep-hourly',
      'keep-daily',
      'keep-weekly',
      'keep-monthly',
      'min-age-hours',
      'max-pool-used-percent',
      'timer',
    ]);
    expect(keysOf('trial')).toStrictEqual(['timeout', 'require-units', 'on-failure']);
  });

  test('every key is kebab-case and names its field', () => {
    for (const { field, setting } of ALL) {
      expect(setting.key).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(setting.key.replace(/-/g, '')).toBe(field.toLowerCase());
    }
  });

  test('a key in more than one section means the same there: only on-failure, what to do when that section\'s job fails', () => {
    const keys = ALL.map(({ setting }) => setting.key);
    const repeated = [...new Set(keys.filter((key, i) => keys.indexOf(key) !== i))];
    expect(repeated).toEqual(['on-failure']);
  });

  test('no key is within 2 edits of another, so no valid key is ever "corrected" into another', () => {
    const keys = ALL.map(({ setting }) => setting.key);
    const closePairs = [...new Set(keys)].flatMap((a) => keys.filter((b) => a < b && editDistance(a, b) <= 2).map((b) => `${a}/${b}`));
    expect(closePairs).toStrictEqual([]);
  });

  test('every default is a value its own validator accepts', () => {
    for (const { setting } of ALL) {
      expect(setting.read(String(setting.default))).toStrictEqual({ ok: true, value: setting.default });
    }
  });
});
