import { describe, expect, test } from '@jest/globals';
import { failureOf, messageOf, PveBootenvError } from '../../../../src/core/errors.js';
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

describe('the error family (core/errors.ts)', () => {
  test('ZfsOutputError is one of ours; a cause is kept, no cause is no own property', () => {
    expect(new ZfsOutputError('x')).toBeInstanceOf(PveBootenvError);
    const cause = new Error('below');
    expect(new PveBootenvError('above', { cause }).cause).toBe(cause);
    expect(Object.hasOwn(new PveBootenvError('plain'), 'cause')).toBe(false);
    expect(new PveBootenvError('plain').name).toBe('PveBootenvError');
  });

  test('messageOf: an Error by its message, anything else as text; failureOf says how work failed', async () => {
    expect(messageOf(new ZfsOutputError('bad', 2))).toBe('zfs output line 2: bad');
    expect(messageOf('plain')).toBe('plain');
    expect(messageOf(undefined)).toBe('undefined');
    await expect(failureOf(async () => undefined)).resolves.toBeUndefined();
    await expect(failureOf(async () => Promise.reject(new Error('no')))).resolves.toBe('no');
  });
});
