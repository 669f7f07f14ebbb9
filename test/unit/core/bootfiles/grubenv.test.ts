import { describe, expect, test } from '@jest/globals';
import { GRUBENV_SIZE, grubEnvValue, parseGrubEnv, renderGrubEnv, withGrubEnvValue } from '../../../../src/core/bootfiles/grubenv.js';
import { BootFileError } from '../../../../src/core/bootfiles/errors.js';

// What `grub-editenv grubenv create` writes, then `set saved_entry=0`.
const created = `# GRUB Environment Block\nsaved_entry=0\n${'#'.repeat(1024 - 25 - 14)}`;

describe('the GRUB environment block', () => {
  test('reads the variables of a block grub-editenv wrote', () => {
    expect(created.length).toBe(GRUBENV_SIZE);
    expect(parseGrubEnv(created)).toEqual([['saved_entry', '0']]);
  });

  test('next_entry is set, replaced and removed; other variables stay in place; the block stays 1024 bytes', () => {
    const set = withGrubEnvValue(parseGrubEnv(created), 'next_entry', 'pve-bootenv>pve-bootenv-a-6.1.0-1-amd64');
    const text = renderGrubEnv(set);
    expect(text).toHaveLength(GRUBENV_SIZE);
    expect(text.startsWith('# GRUB Environment Block\nsaved_entry=0\nnext_entry=pve-bootenv>pve-bootenv-a-6.1.0-1-amd64\n###')).toBe(true);
    expect(grubEnvValue(parseGrubEnv(text), 'next_entry')).toBe('pve-bootenv>pve-bootenv-a-6.1.0-1-amd64');
    expect(parseGrubEnv(renderGrubEnv(withGrubEnvValue(set, 'next_entry', undefined)))).toEqual([['saved_entry', '0']]);
    expect(renderGrubEnv(withGrubEnvValue(set, 'next_entry', undefined))).toBe(created);
  });

  test('GRUB clears next_entry by saving it empty: that reads as an empty value', () => {
    expect(grubEnvValue(parseGrubEnv(renderGrubEnv([['next_entry', '']])), 'next_entry')).toBe('');
  });

  test('refuses what is not a block, values GRUB would escape, and more than fits', () => {
    expect(() => parseGrubEnv('saved_entry=0\n')).toThrow(BootFileError);
    expect(() => withGrubEnvValue([], 'next_entry', 'a\nb')).toThrow(BootFileError);
    expect(() => renderGrubEnv([['x', 'y'.repeat(1100)]])).toThrow(/would need 1128 bytes/);
  });
});
