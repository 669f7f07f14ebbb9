import { describe, expect, test } from '@jest/globals';
import { ZfsOutputError } from '../../../../src/core/zfs/errors.js';

describe('ZfsOutputError', () => {
  test('names the output line when there is one', () => {
    const error = new ZfsOutputError('empty line', 4);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ZfsOutputError');
    expect(error.message).toBe('zfs output line 4: empty line');
    expect(error.line).toBe(4);
  });

  test('is a plain message without one', () => {
    expect(new ZfsOutputError('no properties').message).toBe('no properties');
  });
});
