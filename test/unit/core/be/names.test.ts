import { describe, expect, test } from '@jest/globals';
import { beNameProblem, MAX_BE_NAME_LENGTH } from '../../../../src/core/be/names.js';
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
