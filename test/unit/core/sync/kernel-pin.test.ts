import { describe, expect, test } from '@jest/globals';
import { chooseKernels } from '../../../../src/core/sync/choose-kernels.js';
import { followedPin, kernelPin, pinnedVersion } from '../../../../src/core/sync/kernel-pin.js';

const installed = ['6.8.8-4-pve', '6.8.12-4-pve', '6.5.13-6-pve'];

describe("proxmox-boot-tool's kernel pins", () => {
  test('a pin file names its first line; blank or empty is no pin', () => {
    expect(pinnedVersion('6.8.8-4-pve\n')).toBe('6.8.8-4-pve');
    expect(pinnedVersion('  6.8.8-4-pve  \nsomething else\n')).toBe('6.8.8-4-pve');
    expect(pinnedVersion('')).toBeUndefined();
    expect(pinnedVersion('\n6.8.8-4-pve\n')).toBeUndefined();
  });

  test('the next-boot pin wins over the permanent one while it exists', () => {
    expect(kernelPin({})).toBeUndefined();
    expect(kernelPin({ permanent: '6.5.13-6-pve\n' })).toEqual({ kver: '6.5.13-6-pve', from: 'etc/kernel/proxmox-boot-pin' });
    expect(kernelPin({ nextBoot: '6.8.8-4-pve\n', permanent: '6.5.13-6-pve\n' })).toEqual({ kver: '6.8.8-4-pve', from: 'etc/kernel/next-boot-pin' });
    expect(kernelPin({ nextBoot: '\n', permanent: '6.5.13-6-pve\n' })).toEqual({ kver: '6.5.13-6-pve', from: 'etc/kernel/proxmox-boot-pin' });
  });

  test('a pin the BE has is followed; one it lacks is told, and the newest boots', () => {
    expect(followedPin(kernelPin({ permanent: '6.5.13-6-pve' }), installed)).toEqual({ kver: '6.5.13-6-pve' });
    expect(followedPin(undefined, installed)).toEqual({});
    expect(followedPin(kernelPin({ nextBoot: '6.2.16-20-pve' }), installed)).toEqual({
      problem: '/etc/kernel/next-boot-pin pins kernel "6.2.16-20-pve", which its /boot does not have (with an initrd); its newest kernel boots by default',
    });
  });

  test.each([
    ['latest', undefined, ['6.5.13-6-pve', '6.8.12-4-pve']],
    ['latest-and-booted', '6.8.8-4-pve', ['6.5.13-6-pve', '6.8.12-4-pve', '6.8.8-4-pve']],
    ['latest-and-booted', '6.5.13-6-pve', ['6.5.13-6-pve', '6.8.12-4-pve']],
    ['all', undefined, ['6.5.13-6-pve', '6.8.12-4-pve', '6.8.8-4-pve']],
  ] as const)('pinned 6.5.13-6-pve, %s, last booted %s: the pinned kernel first (the default entry), the newest kept', (policy, lastBooted, expected) => {
    expect(chooseKernels(installed, policy, lastBooted, '6.5.13-6-pve')).toEqual(expected);
  });

  test('a pin of a kernel that is not there changes nothing', () => {
    expect(chooseKernels(installed, 'latest', undefined, '6.2.16-20-pve')).toEqual(['6.8.12-4-pve']);
  });
});
