import { describe, expect, test } from '@jest/globals';
import { formatPercent, relieveSpace, usedPercent } from '../../../../src/core/retention/space-pressure.js';

test('usedPercent', () => {
  expect(usedPercent({ sizeBytes: 200, usedBytes: 50 })).toBe(25);
  expect(usedPercent({ sizeBytes: 0, usedBytes: 50 })).toBe(0);
  expect(usedPercent({ sizeBytes: 100, usedBytes: -5 })).toBe(0);
});

describe('formatPercent', () => {
  test.each<[number, number | undefined, string]>([
    [91, undefined, '91'],
    [91.04, undefined, '91'],
    [91.06, undefined, '91.1'],
    [85.02, 85, '85.1'], // above the limit, so never shown as equal to it
    [85.0000001, 85, '85.1'],
    [86, 85, '86'],
    [85, undefined, '85'],
  ])('%d (over %s) -> %s', (percent, over, shown) => {
    expect(formatPercent(percent, over)).toBe(shown);
  });
});

describe('relieveSpace', () => {
  const pool = { sizeBytes: 1000, usedBytes: 920 };
  const bes = [
    { name: 'a', usedBytes: 30 },
    { name: 'b', usedBytes: 40 },
    { name: 'c', usedBytes: 50 },
  ];

  test('takes in the order given until the pool is at or below the limit', () => {
    expect(relieveSpace(pool, 85, bes)).toEqual({
      taken: [
        { name: 'a', reason: 'space: pool at 92 % > 85 %' },
        { name: 'b', reason: 'space: pool at 89 % > 85 %' },
      ],
      usedBytesAfter: 850,
    });
  });

  test('takes nothing while the pool is at or below the limit', () => {
    expect(relieveSpace({ sizeBytes: 1000, usedBytes: 850 }, 85, bes)).toEqual({ taken: [], usedBytesAfter: 850 });
  });

  test('takes everything and says how full the pool stays', () => {
    expect(relieveSpace(pool, 50, bes)).toEqual({
      taken: [
        { name: 'a', reason: 'space: pool at 92 % > 50 %' },
        { name: 'b', reason: 'space: pool at 89 % > 50 %' },
        { name: 'c', reason: 'space: pool at 85 % > 50 %' },
      ],
      usedBytesAfter: 800,
    });
  });

  test('a pool of unknown size is never over the limit', () => {
    expect(relieveSpace({ sizeBytes: 0, usedBytes: 920 }, 85, bes).taken).toEqual([]);
  });
});
