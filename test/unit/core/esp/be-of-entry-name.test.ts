import { describe, expect, test } from '@jest/globals';
import { beOfEntryName, entryFileName } from '../../../../src/core/esp/layout.js';

describe('beOfEntryName', () => {
  test('finds the BE of each entry our sync writes', () => {
    const names = ['pve-1', 'apt-20261122-143000', 'a', 'a-b'];
    for (const name of names) expect(beOfEntryName(entryFileName(name, '6.8.12-4-pve'), names)).toBe(name);
  });

  test('a name that is a prefix of another: the one followed by a kernel version wins', () => {
    expect(beOfEntryName('pve-bootenv-a-b-6.1.0-55-amd64.conf', ['a', 'a-b'])).toBe('a-b');
    expect(beOfEntryName('pve-bootenv-a-b-6.1.0-55-amd64.conf', ['a'])).toBeUndefined();
  });

  test('entries that are not ours, or of no known BE, have none', () => {
    expect(beOfEntryName('proxmox-6.8.12-4-pve.conf', ['pve-1'])).toBeUndefined();
    expect(beOfEntryName('pve-bootenv-gone-6.1.0-55-amd64.conf', ['pve-1'])).toBeUndefined();
    expect(beOfEntryName('', ['pve-1'])).toBeUndefined();
  });
});
