// What a host must be for pve-bootenv to change its boot set-up, beyond root on ZFS: an
// OpenZFS whose output we know, no systemd-boot package where Proxmox VE 9 forbids it, and
// bootctl where systemd-boot boots. Judged here from facts the adapter reads cheaply (files,
// not programs: this runs before every sync, also from the kernel and apt hooks).
import type { BootloaderId } from '../bootloader/strategies.js';

/** The OpenZFS releases whose zfs/zpool output this version was tested with (PVE 8: 2.1–2.2, PVE 9: 2.3–2.4). */
export const KNOWN_OPENZFS = ['2.1', '2.2', '2.3', '2.4'] as const;

export interface PlatformFacts {
  /** The loaded OpenZFS module's version (/sys/module/zfs/version), e.g. "2.3.9-1"; undefined if unreadable. */
  zfsVersion: string | undefined;
  /** Debian's major release from /etc/debian_version (12 bookworm / PVE 8, 13 trixie / PVE 9); undefined if unknown. */
  debianMajor: number | undefined;
  /** The systemd-boot meta-package is installed (dpkg lists its files). */
  systemdBootPackage: boolean;
  /** /usr/bin/bootctl exists (package systemd-boot-tools on Debian 13, systemd-boot on 12). */
  bootctl: boolean;
}

/** The major.minor of an OpenZFS version string, or undefined when it is not one. */
export function openZfsRelease(version: string): string | undefined {
  return /^(\d+\.\d+)\.\d+/.exec(version.trim())?.[1];
}

/** The first of the major Debian version in /etc/debian_version ("13.2" → 13; "trixie/sid" → undefined). */
export function debianMajor(text: string): number | undefined {
  const match = /^(\d+)(?:\.|$)/.exec(text.trim());
  return match ? Number(match[1]) : undefined;
}

/** What keeps the host's boot set-up from being changed, and what the admin does about it. */
export interface PlatformProblem {
  message: string;
  fix: string;
}

/** The one line sync and the hooks print for it. */
export function problemLine(problem: PlatformProblem): string {
  return `${problem.message}; ${problem.fix}`;
}

/** Why the host is not one whose boot set-up we may change (none: it is). */
export function platformProblems(facts: PlatformFacts): PlatformProblem[] {
  const problems: PlatformProblem[] = [];
  if (facts.zfsVersion === undefined) {
    problems.push({ message: 'the OpenZFS version cannot be read (/sys/module/zfs/version)', fix: 'load the zfs module (modprobe zfs)' });
  } else {
    const release = openZfsRelease(facts.zfsVersion);
    if (release === undefined || !(KNOWN_OPENZFS as readonly string[]).includes(release)) {
      problems.push({
        message: `OpenZFS ${JSON.stringify(facts.zfsVersion)} is not a release this pve-bootenv knows (${KNOWN_OPENZFS.join(', ')}): its output may differ, so nothing is changed`,
        fix: 'update pve-bootenv',
      });
    }
  }
  if (facts.systemdBootPackage && facts.debianMajor !== undefined && facts.debianMajor >= 13) {
    problems.push({
      message: 'the systemd-boot package is installed: on Proxmox VE 9 it installs kernels and updates the boot loader on the ESPs behind proxmox-boot-tool (pve8to9 refuses it)',
      fix: "remove it with 'apt remove systemd-boot' (systemd-boot-efi and systemd-boot-tools stay), then run 'pve-bootenv sync'",
    });
  }
  return problems;
}

/** Why ESPs of these boot loaders cannot be synced here (undefined: they can). */
export function bootloaderToolProblem(bootloaders: readonly BootloaderId[], facts: Pick<PlatformFacts, 'bootctl' | 'debianMajor'>): PlatformProblem | undefined {
  if (!bootloaders.includes('systemd-boot') || facts.bootctl) return undefined;
  const pkg = facts.debianMajor !== undefined && facts.debianMajor < 13 ? 'systemd-boot' : 'systemd-boot-tools';
  return {
    message: 'bootctl is missing: the ESPs boot systemd-boot, whose default and next-boot choice are set with it',
    fix: `install it with 'apt install ${pkg}', then run 'pve-bootenv sync'`,
  };
}
