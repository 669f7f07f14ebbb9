// The facts core/host/platform.ts judges, read from files (no program is started).
import { access, readFile } from 'node:fs/promises';
import { parseDpkgStatus } from '../core/apt/dpkg-status.js';
import { debianMajor, type PlatformFacts } from '../core/host/platform.js';
import { PROGRAMS } from './programs.js';

const read = (path: string) => readFile(path, 'utf8').catch(() => undefined);
const exists = (path: string) => access(path).then(() => true, () => false);

export async function readPlatformFacts(): Promise<PlatformFacts> {
  const [zfsVersion, debian, dpkgStatus, bootctl] = await Promise.all([
    read('/sys/module/zfs/version'),
    read('/etc/debian_version'),
    read('/var/lib/dpkg/status'),
    exists(PROGRAMS.bootctl),
  ]);
  return {
    zfsVersion: zfsVersion?.trim() || undefined,
    debianMajor: debian === undefined ? undefined : debianMajor(debian),
    // Installed as dpkg counts it (removed with its conffiles left is not).
    systemdBootPackage: dpkgStatus !== undefined && parseDpkgStatus(dpkgStatus).has('systemd-boot'),
    bootctl,
  };
}
