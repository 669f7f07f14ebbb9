// Boot environments and ESP entries for the list tests.
import type { BootEnvironment } from '../../../../src/core/be/boot-environment.js';
import type { ListInput } from '../../../../src/core/be/list-view.js';

export const BE_ROOT = 'rpool/ROOT';

export function be(name: string, created: number, extra: Partial<BootEnvironment> = {}): BootEnvironment {
  return {
    name,
    dataset: `${BE_ROOT}/${name}`,
    created,
    usedBytes: 1000,
    canmount: 'noauto',
    mounted: false,
    held: false,
    ...extra,
  };
}

export function entry(beName: string, kver = '6.8.12-4-pve', dataset = `${BE_ROOT}/${beName}`) {
  return {
    name: `pve-bootenv-${beName}-${kver}.conf`,
    text: `title    ${beName}\noptions  root=ZFS=${dataset} boot=zfs\nlinux    /EFI/pve-bootenv/vmlinuz-${kver}-x\n`,
  };
}

export function input(bes: BootEnvironment[], extra: Partial<ListInput> = {}): ListInput {
  return { bes, booted: `${BE_ROOT}/pve-1`, mountpoints: new Map(), ...extra };
}
