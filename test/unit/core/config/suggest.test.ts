import { describe, expect, test } from '@jest/globals';
import { closest, editDistance } from '../../../../src/core/config/suggest.js';

describe('editDistance', () => {
  test.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['keep-last', 'keep-last', 0],
    ['keep-lst', 'keep-last', 1],
    ['keep-lasts', 'keep-last', 1],
    ['keep-lbst', 'keep-last', 1],
    ['kepe-last', 'keep-last', 1],
    ['keep_last', 'keep-last', 1],
    ['keeplast', 'keep-last', 1],
    ['keep-daly', 'keep-daily', 1],
    ['ca', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['retension', 'retention', 1],
  ])('%j → %j: %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closest', () => {
  const KEYS = ['keep-last', 'keep-important', 'keep-daily', 'keep-weekly', 'timer'];

  test.each([
    ['keep-lst', 'keep-last'],
    ['Keep-Last', 'keep-last'],
    ['KEEP-DAILY', 'keep-daily'],
    ['keep-dayly', 'keep-daily'],
    ['keep-weakly', 'keep-weekly'],
    ['timers', 'timer'],
    ['time', 'timer'],
    ['keep-last', 'keep-last'],
  ])('%j → %j', (word, suggestion) => {
    expect(closest(word, KEYS)).toBe(suggestion);
  });

  test.each([['keep-hourly'], ['foo'], ['keep'], ['']])('nothing within 2 edits of %j', (word) => {
    expect(closest(word, KEYS)).toBeUndefined();
  });

  test('the first candidate wins a tie', () => {
    expect(closest('ab', ['aa', 'bb'])).toBe('aa');
  });

  test('the distance limit can be changed', () => {
    expect(closest('keep-lst', KEYS, 1)).toBe('keep-last');
    expect(closest('keep-lst', KEYS, 0)).toBeUndefined();
  });
});
