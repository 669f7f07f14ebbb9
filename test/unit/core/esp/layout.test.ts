import { describe, expect, test } from '@jest/globals';
import { bootFilePath, entryFileName, isSha256Hex, isWritableEntryName, sha256OfBootFile } from '../../../../src/core/esp/layout.js';

const SHA = '0123456789abcdef'.repeat(4);

describe('names on the ESP', () => {
  test('isSha256Hex: exactly 64 lower-case hex digits', () => {
    expect(isSha256Hex(SHA)).toBe(true);
    for (const bad of ['', SHA.slice(1), `${SHA}0`, SHA.toUpperCase(), `${SHA.slice(0, 63)}g`, `../${SHA.slice(3)}`, `${SHA}\n`]) expect(isSha256Hex(bad)).toBe(false);
    expect(sha256OfBootFile(bootFilePath('vmlinuz', '6.8.12-4-pve', SHA))).toBe(SHA);
  });

  test('isWritableEntryName: ours, one vfat name of the characters a BE name and a kernel version have', () => {
    expect(isWritableEntryName(entryFileName('apt-20260101-120000', '6.8.12-4-pve'))).toBe(true);
    for (const bad of ['proxmox-6.8.12-4-pve.conf', 'pve-bootenv-a/../../x.conf', 'pve-bootenv-a\u000b.conf', 'pve-bootenv-a b.conf', `pve-bootenv-${'a'.repeat(250)}.conf`]) {
      expect(isWritableEntryName(bad)).toBe(false);
    }
  });
});
