import { describe, expect, test } from '@jest/globals';
import { beNameProblem, MAX_BE_NAME_LENGTH, newBeNameProblem } from '../../../../src/core/be/names.js';
import { isSafeEspName } from '../../../../src/core/esp/layout.js';

describe('boot environment names', () => {
  test.each(['pve-1', 'apt-20261122-143000', 'before_upgrade', 'pve-8.2.4', 'a', 'A+B', 'x'.repeat(MAX_BE_NAME_LENGTH)])(
    '%s is accepted, and safe on an ESP',
    (name) => {
      expect(beNameProblem(name)).toBeUndefined();
      expect(isSafeEspName(name)).toBe(true);
    },
  );

  test.each([
    ['', /empty/],
    ['.', /not a name/],
    ['..', /not a name/],
    ['my be', /whitespace/],
    ['tab\there', /whitespace/],
    ['a/b', /"\/"/],
    ['a@b', /"@"/],
    ['a#b', /"#"/],
    ['a%b', /"%"/],
    ['a:b', /":".*vfat/],
    ['-x', /starts with "-"/],
    ['.hidden', /starts with "."/],
    ['caf\u00e9', /contains "\u00e9"/],
    ['a*b', /contains "\*"/],
    ['x'.repeat(MAX_BE_NAME_LENGTH + 1), /at most 64/],
  ])('%j is refused, naming the rule', (name, rule) => {
    expect(beNameProblem(name)).toMatch(rule);
  });
});

describe('newBeNameProblem: the one rule for a new BE name (create, rename, import, upgrade)', () => {
  test('a valid, free name has none', () => {
    expect(newBeNameProblem('beta', ['pve-1', 'alpha'])).toBeUndefined();
    expect(newBeNameProblem('beta', [])).toBeUndefined();
  });

  test('an invalid name is refused with the rule, quoted, whatever exists', () => {
    expect(newBeNameProblem('bad name', [])).toEqual({ kind: 'invalid', message: 'cannot name a boot environment "bad name": the name contains whitespace' });
    expect(newBeNameProblem('a/b', ['a/b'])?.kind).toBe('invalid');
  });

  test('a control character is named, never echoed raw', () => {
    const problem = newBeNameProblem('a\u001bb', []);
    expect(problem).toEqual({ kind: 'invalid', message: 'cannot name a boot environment "a\\u001bb": the name contains control characters' });
    expect(newBeNameProblem('a\u0085b', [])?.message).toContain('"a\\u0085b"');
  });

  test('a taken name is refused as taken (existing names from any iterable)', () => {
    expect(newBeNameProblem('alpha', new Set(['pve-1', 'alpha']))).toEqual({ kind: 'taken', message: 'a boot environment "alpha" exists already' });
  });
});
