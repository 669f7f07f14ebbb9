// A change to boot environments as data: computed first, printed by --dry-run, then
// carried out step by step by the engine. ZFS steps are argv arrays, never shell text.

export type BeStep =
  | { op: 'zfs'; args: string[] }
  | { op: 'zpool'; args: string[] }
  /** Rewrite root= in the BE's own /etc/kernel/cmdline, so proxmox-boot-tool run inside it boots it. */
  | { op: 'set-cmdline-root'; dataset: string }
  /** Put every kept BE on every ESP with the right default (pve-bootenv sync). */
  | { op: 'sync-esps' }
  /** LoaderEntryOneShot: boot this BE's entry once. */
  | { op: 'set-next-boot'; be: string }
  | { op: 'clear-next-boot' };

export type ZfsStep = Extract<BeStep, { op: 'zfs' | 'zpool' }>;

export function describeStep(step: BeStep): string {
  switch (step.op) {
    case 'zfs':
      return `zfs ${step.args.join(' ')}`;
    case 'zpool':
      return `zpool ${step.args.join(' ')}`;
    case 'set-cmdline-root':
      return `set root=ZFS=${step.dataset} in its /etc/kernel/cmdline`;
    case 'sync-esps':
      return 'sync the ESPs (entries, kernels, default)';
    case 'set-next-boot':
      return `boot ${step.be} once at the next boot (LoaderEntryOneShot, or GRUB's next_entry)`;
    case 'clear-next-boot':
      return 'clear the next-boot-only choice (LoaderEntryOneShot, or GRUB\'s next_entry)';
  }
}

/**
 * Two BEs with mountpoint=/ and canmount=on would be mounted over each other at boot
 * (zfs mount -a): every BE gets canmount=noauto as soon as there are two (DESIGN §1).
 * Setting it does not unmount the booted one.
 */
export function canmountSteps(bes: ReadonlyArray<{ dataset: string; canmount: string }>): ZfsStep[] {
  return bes.filter((be) => be.canmount === 'on').map((be) => ({ op: 'zfs', args: ['set', 'canmount=noauto', be.dataset] }));
}
