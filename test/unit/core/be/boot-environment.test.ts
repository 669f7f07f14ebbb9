import { describe, expect, test } from '@jest/globals';
import { beRootOf, LIST_COLUMNS, parseBootEnvironments } from '../../../../src/core/be/boot-environment.js';

describe('boot environments from zfs list', () => {
  test('children of the BE root, with our properties', () => {
    expect(LIST_COLUMNS.slice(0, 4)).toEqual(['name', 'guid', 'referenced', 'written#pve-bootenv-seen']);
    const out = [
      ['rpool/ROOT', '1', '100', '-', '/rpool/ROOT', 'off', 'no', '-', '1700000000', '1000', '-', '-', '-', '-', '-', '-'],
      ['rpool/ROOT/pve-1', '11', '2200', '-', '/', 'noauto', 'yes', '-', '1700000001', '2000', '-', '-', '-', '-', '-', 'pending:not-ours'],
      ['rpool/ROOT/apt-1', '12', '3300', '0', '/', 'noauto', 'no', 'rpool/ROOT/pve-1@apt-1', '1700000002', '3000', 'apt', 'pve-manager 8.2.4 → 8.2.7', 'yes', '6.8.12-4-pve', 'kernel,zfs', 'failed:health.d/10-api exited 1'],
    ].map((r) => r.join('\t')).join('\n');
    expect(parseBootEnvironments(`${out}\n`, 'rpool/ROOT')).toEqual([
      // No seen-bookmark: written# is "-", and writtenSinceSeen absent. A trial value we did not write is none.
      { name: 'pve-1', dataset: 'rpool/ROOT/pve-1', guid: '11', referencedBytes: 2200, created: 1700000001, usedBytes: 2000, canmount: 'noauto', mounted: true, held: false },
      {
        name: 'apt-1',
        dataset: 'rpool/ROOT/apt-1',
        guid: '12',
        referencedBytes: 3300,
        writtenSinceSeen: 0,
        created: 1700000002,
        usedBytes: 3000,
        canmount: 'noauto',
        mounted: false,
        held: true,
        cloneOf: 'rpool/ROOT/pve-1@apt-1',
        madeBy: 'apt',
        description: 'pve-manager 8.2.4 → 8.2.7',
        lastKernel: '6.8.12-4-pve',
        important: 'kernel,zfs',
        trial: { state: 'failed', why: 'health.d/10-api exited 1' },
      },
    ]);
  });

  test.each([
    ['rpool/ROOT/pve-1', 'rpool/ROOT'],
    ['tank/sys/os/be1', 'tank/sys/os'],
    ['rpool', undefined],
  ])('BE root of %s is %s', (root, expected) => {
    expect(beRootOf(root)).toBe(expected);
  });
});
