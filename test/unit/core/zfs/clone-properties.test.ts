import { describe, expect, test } from '@jest/globals';
import { cloneArgs, localProperties, propertyOptions } from '../../../../src/core/zfs/clone-properties.js';
import { ZfsOutputError } from '../../../../src/core/zfs/errors.js';
import { parseZfsGet } from '../../../../src/core/zfs/zfs-get.js';

// `zfs get -H -p -o name,property,value,source all rpool/ROOT/pve-1` on a stock Proxmox
// install (trimmed), plus one property of each kind this must leave out.
const PVE_1 = [
  'rpool/ROOT/pve-1\ttype\tfilesystem\t-',
  'rpool/ROOT/pve-1\tused\t2040109465\t-',
  'rpool/ROOT/pve-1\tmountpoint\t/\tlocal',
  'rpool/ROOT/pve-1\tcompression\ton\tinherited from rpool',
  'rpool/ROOT/pve-1\tatime\ton\tdefault',
  'rpool/ROOT/pve-1\trelatime\ton\tinherited from rpool',
  'rpool/ROOT/pve-1\tcanmount\ton\tlocal',
  'rpool/ROOT/pve-1\txattr\tsa\tlocal',
  'rpool/ROOT/pve-1\tacltype\tposix\tlocal',
  'rpool/ROOT/pve-1\tkeylocation\tfile:///etc/zfs/rpool.key\tlocal',
  'rpool/ROOT/pve-1\tencryption\taes-256-gcm\t-',
  'rpool/ROOT/pve-1\tdnodesize\tauto\treceived',
  'rpool/ROOT/pve-1\tquota\t0\tdefault',
  'rpool/ROOT/pve-1\trecordsize\t1048576\tlocal',
  'rpool/ROOT/pve-1\torg.example:held\tyes\tlocal',
  'rpool/ROOT/pve-1\tcom.sun:auto-snapshot\tfalse\tinherited from rpool',
  'rpool/ROOT/pve-be-1\tacltype\toff\tlocal',
  '',
].join('\n');

describe('localProperties', () => {
  test('the local properties a clone of pve-1 needs, in output order', () => {
    expect(localProperties(parseZfsGet(PVE_1), 'rpool/ROOT/pve-1')).toEqual([
      ['xattr', 'sa'],
      ['acltype', 'posix'],
      ['recordsize', '1048576'],
    ]);
  });

  test.each([
    ['mountpoint', '/'],
    ['canmount', 'noauto'],
    ['org.example:description', 'x'],
    ['com.sun:auto-snapshot', 'false'],
    ['encryption', 'aes-256-gcm'],
    ['keyformat', 'passphrase'],
    ['keylocation', 'prompt'],
    ['pbkdf2iters', '350000'],
  ])('leaves out local %s', (property, value) => {
    const get = parseZfsGet(`tank/be\t${property}\t${value}\tlocal\ntank/be\tatime\toff\tlocal\n`);
    expect(localProperties(get, 'tank/be')).toEqual([['atime', 'off']]);
  });

  test.each(['default', 'inherited from rpool', '-', 'received', 'temporary'])('leaves out source %j', (source) => {
    const get = parseZfsGet(`tank/be\tatime\toff\t${source}\n`);
    expect(localProperties(get, 'tank/be')).toEqual([]);
  });

  test('only the named dataset', () => {
    expect(localProperties(parseZfsGet(PVE_1), 'rpool/ROOT/pve-be-1')).toEqual([['acltype', 'off']]);
  });

  test('a dataset missing from the output is an error, not an empty list', () => {
    expect(() => localProperties(parseZfsGet(PVE_1), 'rpool/ROOT/pve-2')).toThrow(ZfsOutputError);
    expect(() => localProperties(parseZfsGet(PVE_1), 'rpool/ROOT/pve-2')).toThrow(/rpool\/ROOT\/pve-2/);
  });
});

describe('propertyOptions and cloneArgs', () => {
  test('one -o per property, in order; a value with blanks stays one argument', () => {
    expect(propertyOptions([['canmount', 'noauto'], ['pve-bootenv:description', 'a b']])).toEqual(['-o', 'canmount=noauto', '-o', 'pve-bootenv:description=a b']);
    expect(cloneArgs('p/a@s', 'p/b', [['xattr', 'sa']])).toEqual(['clone', '-o', 'xattr=sa', 'p/a@s', 'p/b']);
    expect(cloneArgs('p/a@s', 'p/b', [])).toEqual(['clone', 'p/a@s', 'p/b']);
  });
});
