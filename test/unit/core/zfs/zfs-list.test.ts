import { describe, expect, test } from '@jest/globals';
import { ZfsOutputError } from '../../../../src/core/zfs/errors.js';
import { parseZfsList } from '../../../../src/core/zfs/zfs-list.js';

// `zfs list -H -p -o name,used,creation,mountpoint,canmount,origin -t filesystem -r rpool/ROOT`
// on a Proxmox host with one boot environment cloned from pve-1.
const COLUMNS = ['name', 'used', 'creation', 'mountpoint', 'canmount', 'origin'] as const;
const OUTPUT = [
  'rpool/ROOT\t2147483648\t1700000000\t/rpool/ROOT\ton\t-',
  'rpool/ROOT/pve-1\t2040109465\t1700000001\t/\ton\t-',
  'rpool/ROOT/pve-be-upgrade-1\t8192\t1720000000\t/\tnoauto\trpool/ROOT/pve-1@pve-be-upgrade-1',
  '',
].join('\n');

describe('parseZfsList', () => {
  test('one record per dataset, keyed by column, - as undefined', () => {
    expect(parseZfsList(OUTPUT, COLUMNS)).toStrictEqual([
      { name: 'rpool/ROOT', used: '2147483648', creation: '1700000000', mountpoint: '/rpool/ROOT', canmount: 'on', origin: undefined },
      { name: 'rpool/ROOT/pve-1', used: '2040109465', creation: '1700000001', mountpoint: '/', canmount: 'on', origin: undefined },
      {
        name: 'rpool/ROOT/pve-be-upgrade-1',
        used: '8192',
        creation: '1720000000',
        mountpoint: '/',
        canmount: 'noauto',
        origin: 'rpool/ROOT/pve-1@pve-be-upgrade-1',
      },
    ]);
  });

  test('the record type follows the columns', () => {
    const [row] = parseZfsList('rpool/ROOT/pve-1\tnoauto\n', ['name', 'canmount']);
    const name: string | undefined = row?.name;
    expect(name).toBe('rpool/ROOT/pve-1');
    expect(row?.canmount).toBe('noauto');
  });

  test('user properties: unset is -, a value with spaces stays whole, an empty value stays empty', () => {
    const text = 'rpool/ROOT/a\t-\nrpool/ROOT/b\tbefore apt upgrade\nrpool/ROOT/c\t\n';
    expect(parseZfsList(text, ['name', 'org.example:description']).map((r) => r['org.example:description'])).toEqual([
      undefined,
      'before apt upgrade',
      '',
    ]);
  });

  test('no datasets: empty output, empty list', () => {
    expect(parseZfsList('', COLUMNS)).toEqual([]);
  });

  test('a line with the wrong number of fields is an error naming the line', () => {
    const text = 'rpool/ROOT/pve-1\t1\nrpool/ROOT/x\t2\tunexpected\n';
    expect(() => parseZfsList(text, ['name', 'used'])).toThrow(ZfsOutputError);
    expect(() => parseZfsList(text, ['name', 'used'])).toThrow(
      'zfs output line 2: expected 2 tab-separated fields, got 3: "rpool/ROOT/x\\t2\\tunexpected"',
    );
  });

  test('output without -H (space-aligned, with a header) is refused', () => {
    const text = 'NAME               USED\nrpool/ROOT/pve-1   1.9G\n';
    expect(() => parseZfsList(text, ['name', 'used'])).toThrow(/line 1: expected 2 tab-separated fields, got 1/);
  });

  test('the column list must be non-empty and without repeats', () => {
    expect(() => parseZfsList('x\n', [])).toThrow(RangeError);
    expect(() => parseZfsList('x\tx\n', ['name', 'name'])).toThrow(/repeat a name/);
  });
});
