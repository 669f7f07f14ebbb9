import { describe, expect, test } from '@jest/globals';
import { containerKind } from '../../../../src/core/host/container.js';

const host = { procVz: false, procBc: false };

describe('containerKind', () => {
  test('a host or a VM: none', () => {
    expect(containerKind(host)).toBeUndefined();
    expect(containerKind({ ...host, pid1Environ: 'HOME=/\0TERM=linux\0' })).toBeUndefined();
    expect(containerKind({ ...host, systemdContainer: '\n', pid1Environ: 'container=\0' })).toBeUndefined();
  });

  test('an LXC guest, as systemd inside it records', () => {
    expect(containerKind({ ...host, systemdContainer: 'lxc\n' })).toBe('lxc');
  });

  test('the container manager file comes first', () => {
    expect(containerKind({ ...host, hostContainerManager: 'systemd-nspawn\n', systemdContainer: 'lxc\n' })).toBe('systemd-nspawn');
  });

  test("PID 1's environment when nothing was written to /run", () => {
    expect(containerKind({ ...host, pid1Environ: 'PATH=/bin\0container=docker\0HOME=/' })).toBe('docker');
  });

  test('OpenVZ: /proc/vz without /proc/bc (a host running OpenVZ has both)', () => {
    expect(containerKind({ procVz: true, procBc: false })).toBe('openvz');
    expect(containerKind({ procVz: true, procBc: true })).toBeUndefined();
  });
});
