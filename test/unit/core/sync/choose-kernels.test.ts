import { describe, expect, test } from '@jest/globals';
import { chooseKernels } from '../../../../src/core/sync/choose-kernels.js';

const installed = ['6.8.8-4-pve', '6.8.12-4-pve', '6.5.13-6-pve'];

describe('chooseKernels', () => {
  test.each([
    ['latest', undefined, ['6.8.12-4-pve']],
    ['latest', '6.5.13-6-pve', ['6.8.12-4-pve']],
    ['latest-and-booted', '6.5.13-6-pve', ['6.8.12-4-pve', '6.5.13-6-pve']],
    ['latest-and-booted', '6.8.12-4-pve', ['6.8.12-4-pve']],
    ['latest-and-booted', '6.2.16-20-pve', ['6.8.12-4-pve']], // booted one no longer installed
    ['latest-and-booted', undefined, ['6.8.12-4-pve']],
    ['all', undefined, ['6.8.12-4-pve', '6.8.8-4-pve', '6.5.13-6-pve']],
  ] as const)('%s, last booted %s', (policy, lastBooted, expected) => {
    expect(chooseKernels(installed, policy, lastBooted)).toEqual(expected);
  });

  test('no kernel, no choice', () => {
    expect(chooseKernels([], 'all')).toEqual([]);
    expect(chooseKernels([], 'latest-and-booted', '6.8.12-4-pve')).toEqual([]);
  });
});
