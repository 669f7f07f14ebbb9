// The cached base image (two disks) built by test/vm/image/build.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './project-root.js';

export interface BaseImage {
  dir: string;
  disks: [string, string];
  kernel: string;
  /** A newer kernel kept aside in the guest as /var/lib/pve-bootenv-test/kernel-<kver>.tar. */
  upgradeKernel: string;
  espUuids: [string, string];
}

let cached: BaseImage | undefined;

/** The Debian release the guest runs: $PVE_BOOTENV_VM_RELEASE (a directory of test/vm/image/), else trixie (Proxmox VE 9's Debian). */
export function vmRelease(): string {
  return process.env['PVE_BOOTENV_VM_RELEASE'] || 'trixie';
}

/** The base image of vmRelease(); builds it first if this machine has not (several minutes, once). */
export function baseImage(): BaseImage {
  if (cached) return cached;
  const dir = execFileSync(join(projectRoot(), 'test/vm/image/build'), [vmRelease()], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    kernel: string;
    upgradeKernel: string;
    espUuids: [string, string];
  };
  cached = {
    dir,
    disks: [join(dir, 'disk1.qcow2'), join(dir, 'disk2.qcow2')],
    kernel: manifest.kernel,
    upgradeKernel: manifest.upgradeKernel,
    espUuids: manifest.espUuids,
  };
  return cached;
}
