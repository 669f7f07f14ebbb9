// A Proxmox ZFS RAID1 host must boot from either disk alone: each carries an ESP and a
// mirror leg. The other disk is detached (not attached to QEMU at all) for the boot.
import { describe, expect, test } from '@jest/globals';
import { bootFacts, loaderVariable } from './harness/guest.js';
import { baseImage } from './harness/image.js';
import { TestVm, type DiskNumber } from './harness/vm.js';

const MINUTES = 60_000;

describe('booting with one disk detached', () => {
  test.each<[DiskNumber, DiskNumber]>([
    [2, 1],
    [1, 2],
  ])('disk %i alone (disk %i detached) boots pve-1 from its own ESP, pool degraded', async (only) => {
    await TestVm.with(
      async (vm) => {
        const facts = await bootFacts(vm);
        expect(facts.root).toBe('rpool/ROOT/pve-1');
        // The ESP systemd-boot started from is the attached disk's (there is no other).
        const bootPartUuid = await loaderVariable(vm, 'LoaderDevicePartUUID');
        expect(bootPartUuid.toLowerCase()).toBe(await vm.mustSh('blkid -s PARTUUID -o value /dev/vda2'));
        expect(await vm.mustSh('blkid -s UUID -o value /dev/vda2')).toBe(baseImage().espUuids[only - 1]);
        expect(await vm.mustSh('zpool get -H -o value health rpool')).toBe('DEGRADED');
      },
      { disks: [only] },
    );
  }, 10 * MINUTES);
});
