// What the host must have to run test VMs, and which accelerator to use.
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const OVMF_CODE = '/usr/share/OVMF/OVMF_CODE.fd';
export const OVMF_VARS = '/usr/share/OVMF/OVMF_VARS.fd';

const TOOLS: Array<[program: string, debianPackage: string]> = [
  ['qemu-system-x86_64', 'qemu-system-x86'],
  ['qemu-img', 'qemu-utils'],
  ['setpriv', 'util-linux'],
];

function onPath(program: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Throws one line naming the Debian package to install for the first missing tool. */
export function requireHostTools(): void {
  for (const [program, pkg] of TOOLS) {
    if (!onPath(program)) throw new Error(`missing host tool '${program}': apt-get install ${pkg}`);
  }
  if (!existsSync(OVMF_CODE) || !existsSync(OVMF_VARS)) {
    throw new Error(`missing UEFI firmware ${OVMF_CODE}: apt-get install ovmf`);
  }
}

export interface Accelerator {
  kind: 'kvm' | 'tcg';
  why: string;
}

/**
 * KVM when the host has hardware virtualisation that can run UEFI firmware, else TCG.
 * PVE_BOOTENV_VM_ACCEL=kvm|tcg overrides. A paravirtual kvm_pvm /dev/kvm (as on the
 * project's build machines) cannot run OVMF: it dies in SEC/PEI, so it counts as none.
 */
export function chooseAccelerator(): Accelerator {
  const forced = process.env['PVE_BOOTENV_VM_ACCEL'];
  if (forced === 'kvm' || forced === 'tcg') return { kind: forced, why: 'PVE_BOOTENV_VM_ACCEL' };
  if (!existsSync('/dev/kvm')) return { kind: 'tcg', why: 'no /dev/kvm' };
  if (existsSync('/sys/module/kvm_pvm')) {
    return { kind: 'tcg', why: '/dev/kvm is kvm_pvm (paravirtual), which cannot run UEFI firmware' };
  }
  if (!existsSync('/sys/module/kvm_intel') && !existsSync('/sys/module/kvm_amd')) {
    return { kind: 'tcg', why: 'no hardware KVM module (kvm_intel, kvm_amd) loaded' };
  }
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
  } catch {
    return { kind: 'tcg', why: '/dev/kvm is not accessible' };
  }
  return { kind: 'kvm', why: 'hardware KVM' };
}

/** Guest CPUs (PVE_BOOTENV_VM_SMP, else 2); a saved guest only loads into the same count. */
export function vcpus(): string {
  return process.env['PVE_BOOTENV_VM_SMP'] ?? '2';
}
