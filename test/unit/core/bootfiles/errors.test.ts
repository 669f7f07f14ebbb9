import { describe, expect, test } from '@jest/globals';
import { BootFileError } from '../../../../src/core/bootfiles/errors.js';

describe('BootFileError', () => {
  test('names the line when there is one', () => {
    const error = new BootFileError('key "title" has no value', 3);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('BootFileError');
    expect(error.message).toBe('line 3: key "title" has no value');
    expect(error.line).toBe(3);
  });

  test('is a plain message without one', () => {
    const error = new BootFileError('value of "title" is empty');
    expect(error.message).toBe('value of "title" is empty');
    expect(error.line).toBeUndefined();
  });
});
