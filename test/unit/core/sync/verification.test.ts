import { describe, expect, test } from '@jest/globals';
import { parseVerification, serializeVerification } from '../../../../src/core/sync/verification.js';
import { describeVerification } from '../../../../src/cli/render/verification.js';

describe('the record of the last sync --verify', () => {
  test('round-trips', () => {
    const record = { at: 1_800_000_000, repaired: 2, failedEsps: 0 };
    expect(parseVerification(serializeVerification(record))).toEqual(record);
  });

  test.each([
    ['missing', undefined],
    ['not JSON', '{"version":1,'],
    ['another version', JSON.stringify({ version: 2, at: 1, repaired: 0, failedEsps: 0 })],
    ['a negative count', JSON.stringify({ version: 1, at: 1, repaired: -1, failedEsps: 0 })],
    ['a count that is text', JSON.stringify({ version: 1, at: 1, repaired: '1', failedEsps: 0 })],
    ['an array', '[1,2,3]'],
    ['null', 'null'],
  ])('%s: no record, never a failure', (_, text) => {
    expect(parseVerification(text)).toBeUndefined();
  });

  test('told in one line: when, and what it found', () => {
    expect(describeVerification({ at: 1_800_000_000, repaired: 0, failedEsps: 0 })).toBe('ESP contents last verified 2027-01-15 08:00 UTC: all intact');
    expect(describeVerification({ at: 1_800_000_000, repaired: 1, failedEsps: 0 })).toBe('ESP contents last verified 2027-01-15 08:00 UTC: 1 file repaired');
    expect(describeVerification({ at: 1_800_000_000, repaired: 3, failedEsps: 2 })).toBe(
      'ESP contents last verified 2027-01-15 08:00 UTC: 3 files repaired, 2 ESPs could not be synced',
    );
    expect(describeVerification(undefined)).toBe('ESP contents not verified yet: sync --verify does it, and pve-bootenv-verify.timer weekly');
  });
});
