import { describe, expect, test } from '@jest/globals';
import { loaderOfInfo } from '../../../../src/core/bootloader/loader-info.js';

describe('LoaderInfo', () => {
  test.each([
    ['systemd-boot 257.9-1~deb13u1', 'systemd-boot'],
    ['systemd-boot 252.39-1~deb12u1', 'systemd-boot'],
    // GRUB 2.12's bli module (Debian 13, PVE 9 Secure Boot hosts) sets it too.
    ['GRUB 2.12', 'grub'],
    ['rEFInd 0.14', 'other'],
    ['systemd-bootx', 'other'],
    ['', undefined],
    [undefined, undefined],
  ])('%p is %p', (info, loader) => {
    expect(loaderOfInfo(info)).toBe(loader);
  });
});
