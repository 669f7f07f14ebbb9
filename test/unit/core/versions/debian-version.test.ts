import { describe, expect, test } from '@jest/globals';
import {
  compareDebianVersions,
  compareKernelVersions,
  newestFirst,
  parseDebianVersion,
} from '../../../../src/core/versions/debian-version.js';
import { VersionError } from '../../../../src/core/versions/errors.js';
import { seededRandom } from '../seeded-random.js';

// Every row was checked against `dpkg --compare-versions` (dpkg 1.21, bookworm).
const DPKG_CASES: Array<[string, '<' | '=' | '>', string]> = [
  // dpkg's own unit tests (lib/dpkg/t/t-version.c)
  ['0-0', '=', '0-0'],
  ['0-00', '=', '00-0'],
  ['1:2-3', '=', '1:2-3'],
  ['0:0-0', '<', '1:0-0'],
  ['0:a-0', '<', '0:b-0'],
  ['0:0-a', '<', '0:0-b'],
  ['a', '<', 'b'],
  // "~" sorts before everything, even the end of the string (Debian policy 5.6.12)
  ['1.0~rc1', '<', '1.0'],
  ['1.0~~', '<', '1.0~~a'],
  ['1.0~~a', '<', '1.0~'],
  ['1.0~', '<', '1.0'],
  ['1.0', '<', '1.0a'],
  ['1.0~beta1~svn1245', '<', '1.0~beta1'],
  ['1.0~rc1', '<', '1.0~rc2'],
  ['1.0-1~bpo12+1', '<', '1.0-1'],
  // letters sort before non-letters; the end sorts before both
  ['1.0a', '<', '1.0+'],
  ['1.0a', '<', '1.0.'],
  ['1.0', '<', '1.0+b1'],
  ['1.0', '<', '1.0.1'],
  ['1.0+dfsg-1', '>', '1.0-1'],
  ['2.36-9+deb12u7', '>', '2.36-9'],
  ['2.36-9+deb12u10', '>', '2.36-9+deb12u7'],
  // digit runs compare as numbers, leading zeros ignored
  ['1.2', '<', '1.10'],
  ['8.2.4', '<', '8.2.10'],
  ['1.002', '=', '1.2'],
  ['1.0', '=', '1.00'],
  ['1.0', '<', '1.0.0'],
  ['10', '>', '9'],
  ['1.99999999999999999999', '<', '1.100000000000000000000'],
  // epoch first, numerically; an absent epoch is 0
  ['1:0.9', '>', '2.0'],
  ['0:1.0', '=', '1.0'],
  ['00:1.0', '=', '1.0'],
  ['2:1.0', '>', '1:9.9'],
  ['10:1', '>', '9:1'],
  ['1:1.0', '=', '1:1.0'],
  // the revision is what follows the LAST hyphen; none compares as "0"
  ['1.0-1', '<', '1.0-1.1'],
  ['1.0-1', '<', '1.0-2'],
  ['1.0-9', '<', '1.0-10'],
  ['1.0', '=', '1.0-0'],
  ['1.0', '<', '1.0-1'],
  ['1.2.3-4-5', '>', '1.2.3-4-4'],
  ['1.2.3-4-5', '<', '1.2.3-5-1'],
  ['1.2-3', '<', '1.2-2-9'], // upstream "1.2" < "1.2-2": the revision does not come first
  // an epoch lets the upstream version hold colons
  ['1:2:3', '>', '1:2:2'],
  // what dpkg only warns about is still compared
  ['abc', '<', 'abd'],
  ['1.0_1', '>', '1.0+1'],
  // blanks around a version are ignored
  [' 1.0 ', '=', '1.0'],
  ['\t1.0', '=', '1.0'],
  // Proxmox and Debian packages
  ['8.2.4', '<', '8.2.10'],
  ['6.8.12-4', '<', '6.8.12-10'],
  ['2.2.6-pve1', '<', '2.2.7-pve1'],
  ['2.2.7-pve1', '>', '2.2.7-1'],
  ['8.3.0', '>', '8.3.0~rc1'],
  ['1:9.18.28-1~deb12u2', '>', '1:9.18.24-1'],
];

const SIGN = { '<': -1, '=': 0, '>': 1 } as const;

describe('compareDebianVersions', () => {
  test.each(DPKG_CASES)('%j %s %j', (a, relation, b) => {
    expect(compareDebianVersions(a, b)).toBe(SIGN[relation]);
    expect(compareDebianVersions(b, a)).toBe(-SIGN[relation] || 0);
  });

  test('sorts the Debian policy example', () => {
    const sorted = ['1.0a', '1.0', '1.0~', '1.0~~a', '1.0~~'].sort(compareDebianVersions);
    expect(sorted).toStrictEqual(['1.0~~', '1.0~~a', '1.0~', '1.0', '1.0a']);
  });

  test.each([
    ['', /is empty/],
    ['  \t', /is empty/],
    ['1.0 2', /embedded spaces/],
    [':1.0', /empty epoch/],
    ['a:1.0', /epoch that is not a number/],
    ['1-1:2', /epoch that is not a number/],
    ['-1:1.0', /negative epoch/],
    ['2147483648:1.0', /epoch that is too big/],
    ['1:', /nothing after the epoch colon/],
    ['1.0-', /empty revision/],
    ['-1', /empty upstream version/],
    ['1:-1', /empty upstream version/],
  ])('refuses %j as dpkg does', (version, message) => {
    expect(() => compareDebianVersions(version, '1.0')).toThrow(VersionError);
    expect(() => compareDebianVersions('1.0', version)).toThrow(message);
  });

  test('accepts the epochs strtol reads as in range', () => {
    expect(compareDebianVersions('2147483647:1', '2147483646:9')).toBe(1);
    expect(compareDebianVersions('+1:1.0', '1:1.0')).toBe(0);
    expect(compareDebianVersions('-0:1.0', '1.0')).toBe(0);
  });

  test('the error names the version', () => {
    expect(() => compareDebianVersions('1.0', '1.0-')).toThrow('version "1.0-" has an empty revision');
  });

  test('property: a total order (antisymmetric, transitive) on generated versions', () => {
    const random = seededRandom(7);
    const versions: string[] = [];
    for (let i = 0; i < 300; i++) {
      const epoch = random.chance(0.2) ? `${random.int(3)}:` : '';
      const upstream = `${random.int(10)}${random.string('0123456789.~+a', 0, 6)}`;
      const revision = random.chance(0.6) ? `-${random.string('0123456789.~+b', 1, 4)}` : '';
      versions.push(epoch + upstream + revision);
    }
    for (const a of versions.slice(0, 60)) {
      for (const b of versions) expect(compareDebianVersions(a, b)).toBe(-compareDebianVersions(b, a) || 0);
    }
    const sorted = [...versions].sort(compareDebianVersions);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j += 7) {
        expect(compareDebianVersions(sorted[i] ?? '', sorted[j] ?? '')).toBeLessThanOrEqual(0);
      }
    }
  });
});

describe('parseDebianVersion', () => {
  test.each([
    ['1.0', { epoch: 0, upstream: '1.0', revision: '' }],
    ['1:2.30-21+deb11u1', { epoch: 1, upstream: '2.30', revision: '21+deb11u1' }],
    ['1.2.3-4-5', { epoch: 0, upstream: '1.2.3-4', revision: '5' }],
    ['2:1:2-3', { epoch: 2, upstream: '1:2', revision: '3' }],
    [' 6.8.12-4 ', { epoch: 0, upstream: '6.8.12', revision: '4' }],
  ])('%j', (version, expected) => {
    expect(parseDebianVersion(version)).toStrictEqual(expected);
  });
});

describe('compareKernelVersions', () => {
  test.each([
    ['6.8.12-4-pve', '6.8.12-2-pve'],
    ['6.8.12-2-pve', '6.8.8-4-pve'],
    ['6.8.8-4-pve', '6.5.13-6-pve'],
    ['6.14.8-2-pve', '6.8.12-10-pve'],
    ['6.8.12-10-pve', '6.8.12-4-pve'],
    ['6.1.0-56-amd64', '6.1.0-9-amd64'],
    ['6.5.13-6-pve', '6.2.16-20-pve'],
    ['6.2.16-20-pve', '5.15.158-2-pve'],
    ['6.17.2-1-pve', '6.14.8-2-pve'],
    // a meta-package series sorts below its kernels, as in proxmox-boot-tool's list
    ['6.8.4-2-pve', '6.8'],
    ['6.8', '6.5.13-6-pve'],
    // flavours of one Debian kernel: by name, as sort -V does
    ['6.1.0-56-rt-amd64', '6.1.0-56-amd64'],
    ['6.1.0-28-cloud-amd64', '6.1.0-9-amd64'],
    // a bullseye-backports kernel is older than bookworm's of the same upstream version
    ['6.1.0-9-amd64', '6.1.0-0.deb11.21-amd64'],
    ['6.12.38+deb13-amd64', '6.11.11-2-pve'],
  ])('%s is newer than %s', (newer, older) => {
    expect(compareKernelVersions(newer, older)).toBe(1);
    expect(compareKernelVersions(older, newer)).toBe(-1);
  });

  test('equal strings compare equal', () => {
    expect(compareKernelVersions('6.8.12-4-pve', '6.8.12-4-pve')).toBe(0);
  });

  test('strings version-sort finds equal are still ordered, byte by byte as sort does', () => {
    expect(compareKernelVersions('6.8.04-1-pve', '6.8.4-1-pve')).toBe(-1);
    expect(compareKernelVersions('6.8.4-1-pve', '6.8.04-1-pve')).toBe(1);
  });

  test.each([
    // GNU version-sort rules beyond dpkg's: empty first, then ".", "..", hidden names
    ['', '.'],
    ['.', '..'],
    ['..', '.a'],
    ['.z', '0'],
    // file suffixes count only when the rest is equal
    ['foo-1.2.tar.gz', 'foo-1.10.tar.bz2'],
    ['foo-1.2.tar.bz2', 'foo-1.2.tar.gz'],
    ['a.b', 'a.b.c'],
    // "~" before the end, the end before everything else
    ['1~', '1'],
    ['1', '1a'],
    ['1a', '1.'],
  ])('%j sorts before %j (sort -V)', (first, second) => {
    expect(compareKernelVersions(first, second)).toBe(-1);
    expect(compareKernelVersions(second, first)).toBe(1);
  });
});

describe('newestFirst', () => {
  // `LC_ALL=C sort -rV` (coreutils 9.1) of the same list.
  const SORT_RV = [
    '6.17.2-1-pve',
    '6.14.8-2-pve',
    '6.14',
    '6.12.38+deb13-rt-amd64',
    '6.12.38+deb13-cloud-amd64',
    '6.12.38+deb13-amd64',
    '6.11.11-2-pve',
    '6.8.12-10-pve',
    '6.8.12-4-pve',
    '6.8.12-4-pve',
    '6.8.12-2-pve',
    '6.8.8-4-pve',
    '6.8.4-2-pve',
    '6.8',
    '6.5.13-6-pve',
    '6.5',
    '6.2.16-20-pve',
    '6.1.0-56-rt-amd64',
    '6.1.0-56-amd64',
    '6.1.0-28-cloud-amd64',
    '6.1.0-9-amd64',
    '6.1.0-0.deb11.21-amd64',
    '5.15.158-2-pve',
    '5.4.203-1-pve',
  ];

  test('orders kernels as `sort -rV` does, whatever the input order', () => {
    const random = seededRandom(3);
    for (let round = 0; round < 20; round++) {
      const shuffled = [...SORT_RV];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = random.int(i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j] ?? '', shuffled[i] ?? ''];
      }
      expect(newestFirst(shuffled)).toStrictEqual(SORT_RV);
    }
  });

  test('returns a copy and leaves its input alone', () => {
    const input = ['6.5.13-6-pve', '6.8.12-4-pve'];
    const result = newestFirst(input);
    expect(result).toStrictEqual(['6.8.12-4-pve', '6.5.13-6-pve']);
    expect(input).toStrictEqual(['6.5.13-6-pve', '6.8.12-4-pve']);
    expect(result).not.toBe(input);
  });

  test('an empty list', () => {
    expect(newestFirst([])).toStrictEqual([]);
  });
});
