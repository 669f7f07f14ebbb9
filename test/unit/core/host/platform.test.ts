import { describe, expect, test } from '@jest/globals';
import { bootloaderToolProblem, debianMajor, openZfsRelease, platformProblems, problemLine } from '../../../../src/core/host/platform.js';
import { checkHost } from '../../../../src/core/check/check-host.js';
import { host, PVE9_HOST, twoBes } from '../check/fixtures.js';

describe('the host pve-bootenv may change', () => {
  test('OpenZFS versions as /sys/module/zfs/version gives them (Debian and Proxmox builds)', () => {
    expect(openZfsRelease('2.1.11-1')).toBe('2.1');
    expect(openZfsRelease('2.3.4-pve1\n')).toBe('2.3');
    expect(openZfsRelease('2.4.0-rc1')).toBe('2.4');
    expect(openZfsRelease('zfs-2.3.1')).toBeUndefined();
    expect(openZfsRelease('')).toBeUndefined();
  });

  test("Debian's release from /etc/debian_version", () => {
    expect(debianMajor('12.12\n')).toBe(12);
    expect(debianMajor('13.2')).toBe(13);
    expect(debianMajor('13\n')).toBe(13);
    expect(debianMajor('trixie/sid\n')).toBeUndefined();
  });

  test('PVE 8 and PVE 9 as installed: nothing to say', () => {
    expect(platformProblems(PVE9_HOST)).toEqual([]);
    expect(platformProblems({ zfsVersion: '2.2.7-pve2', debianMajor: 12, systemdBootPackage: true, bootctl: true })).toEqual([]);
  });

  test('an unknown or unreadable OpenZFS, the systemd-boot package on Debian 13: one line each, saying what to do', () => {
    expect(platformProblems({ ...PVE9_HOST, zfsVersion: '2.5.0-1' }).map(problemLine)).toEqual([
      'OpenZFS "2.5.0-1" is not a release this pve-bootenv knows (2.1, 2.2, 2.3, 2.4): its output may differ, so nothing is changed; update pve-bootenv',
    ]);
    expect(platformProblems({ ...PVE9_HOST, zfsVersion: undefined }).map(problemLine)).toEqual(['the OpenZFS version cannot be read (/sys/module/zfs/version); load the zfs module (modprobe zfs)']);
    expect(platformProblems({ ...PVE9_HOST, systemdBootPackage: true }).map((p) => p.fix)).toEqual([
      "remove it with 'apt remove systemd-boot' (systemd-boot-efi and systemd-boot-tools stay), then run 'pve-bootenv sync'",
    ]);
  });

  test('bootctl is needed where systemd-boot boots, not for GRUB ESPs; the package named is the release\'s', () => {
    expect(bootloaderToolProblem(['grub'], { bootctl: false, debianMajor: 13 })).toBeUndefined();
    expect(bootloaderToolProblem(['systemd-boot'], { bootctl: true, debianMajor: 13 })).toBeUndefined();
    expect(bootloaderToolProblem(['grub', 'systemd-boot'], { bootctl: false, debianMajor: 13 })?.fix).toContain("'apt install systemd-boot-tools'");
    expect(bootloaderToolProblem(['systemd-boot'], { bootctl: false, debianMajor: 12 })?.fix).toContain("'apt install systemd-boot'");
  });

  test('check: each is a critical finding about the host', () => {
    const report = checkHost(host(twoBes(), { platform: { ...PVE9_HOST, systemdBootPackage: true, bootctl: false } }));
    expect(report.exitCode).toBe(2);
    expect(report.findings.filter((f) => f.subject === 'host').map((f) => [f.severity, f.message.split(':')[0]])).toEqual([
      ['critical', 'bootctl is missing'],
      ['critical', 'the systemd-boot package is installed'],
    ]);
  });
});
