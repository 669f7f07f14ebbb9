import { describe, expect, test } from '@jest/globals';
import { checkDescription } from '../../../src/cli/commands/description.js';
import { UsageError } from '../../../src/cli/exit-codes.js';

describe('checkDescription', () => {
  test('one line of text passes unchanged, any language', () => {
    expect(checkDescription('before the 8.3 upgrade — tested')).toBe('before the 8.3 upgrade — tested');
  });

  test('control characters and overlong text are a usage error', () => {
    for (const bad of ['two\nlines', 'tab\there', '\u001b[31mred', 'x'.repeat(1025)]) expect(() => checkDescription(bad)).toThrow(UsageError);
  });
});
