import { describe, expect, test } from '@jest/globals';
import { ZfsOutputError } from '../../../../src/core/zfs/errors.js';
import { parseZfsGet } from '../../../../src/core/zfs/zfs-get.js';

// `zfs get -H -p -o name,property,value,source acltype,xattr,compression,mountpoint,
//  canmount,org.example:held rpool/ROOT/pve-1 rpool/ROOT/pve-be-1`
const OUTPUT = [
  'rpool/ROOT/pve-1\tacltype\tposix\tlocal',
  'rpool/ROOT/pve-1\txattr\tsa\tlocal',
  'rpool/ROOT/pve-1\tcompression\ton\tinherited from rpool',
  'rpool/ROOT/pve-1\tmountpoint\t/\tlocal',
  'rpool/ROOT/pve-1\tcanmount\ton\tdefault',
  'rpool/ROOT/pve-1\torg.example:held\t-\t-',
  'rpool/ROOT/pve-be-1\tacltype\toff\tdefault',
  'rpool/ROOT/pve-be-1\torg.example:description\tbefore apt upgrade\tlocal',
  'rpool/ROOT/pve-be-1\tused\t8192\t-',
  '',
].join('\n');

describe('parseZfsGet', () => {
  test('dataset → property → value and source, in output order', () => {
    const get = parseZfsGet(OUTPUT);
    expect([...get.keys()]).toEqual(['rpool/ROOT/pve-1', 'rpool/ROOT/pve-be-1']);
    expect([...(get.get('rpool/ROOT/pve-1')?.entries() ?? [])]).toEqual([
      ['acltype', { value: 'posix', source: 'local' }],
      ['xattr', { value: 'sa', source: 'local' }],
      ['compression', { value: 'on', source: 'inherited from rpool' }],
      ['mountpoint', { value: '/', source: 'local' }],
      ['canmount', { value: 'on', source: 'default' }],
      ['org.example:held', { value: '-', source: '-' }],
    ]);
    expect(get.get('rpool/ROOT/pve-be-1')?.get('org.example:description')).toEqual({
      value: 'before apt upgrade',
      source: 'local',
    });
    expect(get.get('rpool/ROOT/pve-be-1')?.get('used')).toEqual({ value: '8192', source: '-' });
  });

  test('received and temporary sources are kept as printed', () => {
    const get = parseZfsGet('tank/a\tatime\toff\treceived\ntank/a\treadonly\ton\ttemporary\n');
    expect(get.get('tank/a')?.get('atime')?.source).toBe('received');
    expect(get.get('tank/a')?.get('readonly')?.source).toBe('temporary');
  });

  test('empty output: no datasets', () => {
    expect(parseZfsGet('').size).toBe(0);
  });

  test.each([
    ['rpool/ROOT/pve-1\tacltype\tposix\n', /line 1: expected 4 tab-separated fields, got 3/],
    ['rpool/ROOT/pve-1\tacltype\tposix\tlocal\nrpool\tx\ty\tz\tw\n', /line 2: expected 4 .* got 5/],
    ['\tacltype\tposix\tlocal\n', /line 1: empty dataset or property name/],
    ['rpool\t\tposix\tlocal\n', /line 1: empty dataset or property name/],
  ])('malformed %j', (text, message) => {
    expect(() => parseZfsGet(text)).toThrow(ZfsOutputError);
    expect(() => parseZfsGet(text)).toThrow(message);
  });
});
