import { describe, expect, test } from '@jest/globals';
import { changedParts, parseGuestConfig } from '../../../../src/core/pve-config/guest-config.js';

const VM = `#Web server
#  managed by ansible
boot: order=scsi0;net0
cores: 2
memory: 2048
name: web
net0: virtio=BC:24:11:00:00:01,bridge=vmbr0
parent: before-upgrade
scsi0: local-zfs:vm-105-disk-0,size=32G

[PENDING]
memory: 4096

[before-upgrade]
cores: 2
memory: 1024
snaptime: 1763600000
`;

const CT = `arch: amd64
hostname: db
memory: 512
net0: name=eth0,bridge=vmbr0,ip=dhcp
rootfs: local-zfs:subvol-101-disk-0,size=8G
lxc.cgroup2.devices.allow: c 10:200 rwm
lxc.mount.entry = /dev/net dev/net none bind,create=dir
lxc.cgroup2.devices.allow: c 188:* rwm
`;

describe('parseGuestConfig', () => {
  test('a VM: keys, description, pending changes and snapshots apart', () => {
    const config = parseGuestConfig(VM);
    expect(Object.fromEntries(config.current)).toEqual({
      boot: 'order=scsi0;net0',
      cores: '2',
      memory: '2048',
      name: 'web',
      net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0',
      parent: 'before-upgrade',
      scsi0: 'local-zfs:vm-105-disk-0,size=32G',
    });
    expect(config.description).toBe('Web server\n  managed by ansible');
    expect(config.pending).toEqual(['memory: 4096']);
    expect(Object.fromEntries(config.snapshots)).toEqual({ 'before-upgrade': ['cores: 2', 'memory: 1024', 'snaptime: 1763600000'] });
  });

  test('a CT: raw lxc keys, in either form, repeated keys kept in order', () => {
    const config = parseGuestConfig(CT);
    expect(config.current.get('lxc.cgroup2.devices.allow')).toBe('c 10:200 rwm\nc 188:* rwm');
    expect(config.current.get('lxc.mount.entry')).toBe('/dev/net dev/net none bind,create=dir');
    expect(config.current.get('hostname')).toBe('db');
  });

  test('lines that are none of the forms are skipped, as qemu-server and pct skip them', () => {
    const config = parseGuestConfig('memory: 1\nthis is not a key line\nUPPER: case\n\x1b[31m: x\n\n   \ncores:4  \r\n');
    expect(Object.fromEntries(config.current)).toEqual({ memory: '1', cores: '4' });
  });

  test('empty text, CRLF line ends, a key without a value', () => {
    expect(parseGuestConfig('')).toEqual({ current: new Map(), description: '', pending: [], snapshots: new Map() });
    expect(Object.fromEntries(parseGuestConfig('memory: 1\r\nlock:\r\n').current)).toEqual({ memory: '1', lock: '' });
  });

  test('# lines inside a section belong to that section, not to the description', () => {
    const config = parseGuestConfig('memory: 1\n[snap]\n#snapshot note\nmemory: 2\n');
    expect(config.description).toBe('');
    expect(config.snapshots.get('snap')).toEqual(['#snapshot note', 'memory: 2']);
  });
});

describe('changedParts', () => {
  const parts = (a: string, b: string) => changedParts(parseGuestConfig(a), parseGuestConfig(b));

  test('the same configuration: nothing, whatever the order of its lines or blanks', () => {
    expect(parts(VM, VM)).toEqual([]);
    expect(parts('memory: 1\ncores: 2\n', '\ncores:  2\nmemory: 1   \n')).toEqual([]);
  });

  test('changed, added and removed keys, sorted', () => {
    expect(parts('memory: 1\nnet0: a\ncores: 2\n', 'net0: b\ncores: 2\nmemory: 2\nnet1: c\n')).toEqual(['memory', 'net0', 'net1']);
    expect(parts('memory: 1\nonboot: 1\n', 'memory: 1\n')).toEqual(['onboot']);
  });

  test('the description, pending changes and snapshots as one word each, sorted with the keys', () => {
    expect(parts(VM, VM.replace('#Web server', '#Web server (old)'))).toEqual(['description']);
    expect(parts(VM, VM.replace('memory: 4096', 'memory: 8192'))).toEqual(['pending']);
    expect(parts(VM, VM.replace('snaptime: 1763600000', 'snaptime: 1763600001'))).toEqual(['snapshots']);
    expect(parts(VM, VM.replace('\n[before-upgrade]\ncores: 2\nmemory: 1024\nsnaptime: 1763600000\n', ''))).toEqual(['snapshots']);
    expect(parts(VM, VM.replace('cores: 2\nmemory: 2048', 'cores: 4\nmemory: 2048').replace('#Web server', '#Web'))).toEqual(['cores', 'description']);
  });

  test('a raw lxc key that repeats differs when one of its lines does', () => {
    expect(parts(CT, CT.replace('c 188:* rwm', 'c 189:* rwm'))).toEqual(['lxc.cgroup2.devices.allow']);
  });
});
