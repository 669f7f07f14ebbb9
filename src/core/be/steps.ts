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

/**
 * The promotions that leave a BE with no origin (beadm: the active BE owns its data, so
 * older BEs can be destroyed without it). One `zfs promote` swaps a clone with its origin
 * and hands it the origin's own origin: a clone of a clone (pve-1 → a → b) needs one
 * promotion per link of the chain. Links are followed through the BEs known; an origin
 * outside them ends the chain after its promotion.
 */
export function promoteSteps(be: { dataset: string; cloneOf?: string }, bes: ReadonlyArray<{ dataset: string; cloneOf?: string }>): ZfsStep[] {
  const byDataset = new Map(bes.map((b) => [b.dataset, b]));
  const steps: ZfsStep[] = [];
  const seen = new Set([be.dataset]);
  let origin = be.cloneOf;
  while (origin !== undefined) {
    steps.push({ op: 'zfs', args: ['promote', be.dataset] });
    const at = origin.indexOf('@');
    const parent = byDataset.get(at < 0 ? origin : origin.slice(0, at));
    // A cycle cannot exist in ZFS; a BE list that says otherwise is not followed twice.
    if (parent === undefined || seen.has(parent.dataset)) break;
    seen.add(parent.dataset);
    origin = parent.cloneOf;
  }
  return steps;
}
