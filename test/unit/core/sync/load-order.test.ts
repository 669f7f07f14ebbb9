import { describe, expect, test } from '@jest/globals';
import { inLoadOrder, loadReason, type BeRole } from '../../../../src/core/sync/load-order.js';

const role = (name: string, created: number, flags: Partial<BeRole> = {}): BeRole => ({
  name,
  created,
  isDefault: false,
  isBooted: false,
  isNextBoot: false,
  ...flags,
});

describe('load order', () => {
  const bes = [
    role('old', 100),
    role('booted', 200, { isBooted: true }),
    role('newer', 400),
    role('next', 50, { isNextBoot: true }),
    role('default', 10, { isDefault: true }),
    role('new', 300),
  ];

  test('default, booted, next-boot, then the rest newest first', () => {
    expect(inLoadOrder(bes).map((b) => b.name)).toEqual(['default', 'booted', 'next', 'newer', 'new', 'old']);
  });

  test('the order does not depend on the input order', () => {
    const reversed = [...bes].reverse();
    expect(inLoadOrder(reversed)).toEqual(inLoadOrder(bes));
    const tie = [role('b', 1), role('a', 1)];
    expect(inLoadOrder(tie).map((b) => b.name)).toEqual(['a', 'b']);
  });

  test('a BE that is default and booted counts as default', () => {
    expect(loadReason(role('x', 1, { isDefault: true, isBooted: true }))).toBe('default');
    expect(loadReason(role('x', 1, { isBooted: true, isNextBoot: true }))).toBe('booted');
  });
});
