// A change to boot environments as data: computed first, printed by --dry-run, then
// carried out step by step by the engine. ZFS steps are argv arrays, never shell text.
import { serializeTrial, TRIAL_PROPERTY } from '../trial/trial-record.js';

export type BeStep =
  | { op: 'zfs'; args: string[] }
  | { op: 'zpool'; args: string[] }
  /** Rewrite root= in the BE's own /etc/kernel/cmdline, so proxmox-boot-tool run inside it boots it. */
  | { op: 'set-cmdline-root'; dataset: string }
  /** Put every kept BE on every ESP with the right default (pve-bootenv sync). */
  | { op: 'sync-esps' }
  /** LoaderEntryOneShot: boot this BE's entry once (its trial entry, for a trial). */
  | { op: 'set-next-boot'; be: string; trial?: true }
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
      return step.trial
        ? `boot ${step.be} once at the next boot through its trial entry (LoaderEntryOneShot, or GRUB's next_entry); pve-bootenv-trial.service makes it the default if the host comes up healthy`
        : `boot ${step.be} once at the next boot (LoaderEntryOneShot, or GRUB's next_entry)`;
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

export interface ActivationFacts {
  be: { name: string; dataset: string; cloneOf?: string };
  bes: ReadonlyArray<{ dataset: string; canmount: string; cloneOf?: string }>;
  pool: string;
  /** The pool's bootfs as it is (undefined when unset). */
  bootfs: string | undefined;
  /** The BE that boots by default now. */
  defaultDataset: string;
  /** The next-boot-only choice as read, if there is one. */
  oneShotEntry: string | undefined;
  /** --next-boot: boot be once, keep the default. */
  nextBoot: boolean;
  /** --trial (with nextBoot): once, through its trial entry, recorded as set in this boot. */
  trial?: { bootId: string };
  /** The dataset mounted at /. */
  booted: string;
  /** The BE whose trial is pending or running, if any (HostState.trialDataset). */
  trialDataset: string | undefined;
}

export interface ActivationBoots {
  defaultDataset: string;
  nextBootDataset: string | undefined;
  /** The BE whose trial entry the sync keeps (undefined: none, a trial cancelled). */
  trialDataset: string | undefined;
}

export type ActivationPlan =
  | {
      ok: true;
      /** What changes in ZFS, in order; run before the ESPs are synced. */
      zfsSteps: ZfsStep[];
      /** Every step in order, as --dry-run prints them (zfsSteps, then the ESPs and the one-shot choice). */
      steps: BeStep[];
      /** Which BEs boot afterwards: what the ESP sync is planned for. */
      boots: ActivationBoots;
      notes: string[];
    }
  | { ok: false; refusal: string };

/**
 * The steps of `activate` (beadm semantics). As the default: promoted until it has no
 * origin (it owns its data, so older BEs can be destroyed without it), canmount=noauto
 * for all, the pool's bootfs, and a pending next-boot-only choice cleared. For the next
 * boot only: nothing of the default changes, so no promotion and no bootfs.
 */
export function planActivation(facts: ActivationFacts): ActivationPlan {
  const { be, nextBoot, trial } = facts;
  const notes: string[] = [];
  const zfsSteps: ZfsStep[] = [];
  let boots: ActivationBoots;
  if (trial) {
    const refusal = trialRefusal(facts);
    if (refusal) return { ok: false, refusal };
  }
  // Any other choice of what boots next replaces the one a pending trial waits for: its
  // record goes, or a later boot would read it as a trial that never came up.
  const cancelled = facts.bes.find((b) => b.dataset === facts.trialDataset);
  if (!trial && cancelled) {
    zfsSteps.push({ op: 'zfs', args: ['inherit', TRIAL_PROPERTY, cancelled.dataset] });
    if (cancelled.dataset !== be.dataset || nextBoot) notes.push(`the trial of ${nameOf(cancelled.dataset)} is cancelled`);
  }
  if (nextBoot) {
    if (be.dataset === facts.defaultDataset) {
      return { ok: false, refusal: `${be.name} already boots by default; --next-boot is for trying another boot environment once` };
    }
    zfsSteps.push(...canmountSteps(facts.bes));
    if (trial) zfsSteps.push({ op: 'zfs', args: ['set', `${TRIAL_PROPERTY}=${serializeTrial({ state: 'pending', setInBoot: trial.bootId })}`, be.dataset] });
    boots = { defaultDataset: facts.defaultDataset, nextBootDataset: be.dataset, trialDataset: trial ? be.dataset : undefined };
  } else {
    zfsSteps.push(...promoteSteps(be, facts.bes), ...canmountSteps(facts.bes));
    if (facts.bootfs !== be.dataset) zfsSteps.push({ op: 'zpool', args: ['set', `bootfs=${be.dataset}`, facts.pool] });
    boots = { defaultDataset: be.dataset, nextBootDataset: undefined, trialDataset: undefined };
    if (be.dataset === facts.defaultDataset && zfsSteps.length === 0) notes.push(`${be.name} already boots by default`);
  }
  const steps: BeStep[] = [...zfsSteps, { op: 'sync-esps' }];
  if (nextBoot) steps.push(trial ? { op: 'set-next-boot', be: be.name, trial: true } : { op: 'set-next-boot', be: be.name });
  else if (facts.oneShotEntry !== undefined) steps.push({ op: 'clear-next-boot' });
  return { ok: true, zfsSteps, steps, boots, notes };
}

/** Why a trial of facts.be cannot start, if it cannot (the plan's other refusals apply too). */
function trialRefusal(facts: ActivationFacts): string | undefined {
  const { be } = facts;
  if (!facts.nextBoot) return 'a trial boots a boot environment once: --trial goes with --next-boot semantics';
  if (be.dataset === facts.booted) return `${be.name} is running now; a trial boots another boot environment once and makes it the default if the host comes up healthy`;
  if (be.dataset === facts.defaultDataset) return `${be.name} already boots by default; a trial is for another boot environment`;
  if (facts.trialDataset !== undefined) {
    return `${nameOf(facts.trialDataset)} has a trial pending; 'pve-bootenv activate --clear-next-boot' cancels it`;
  }
  return undefined;
}

function nameOf(dataset: string): string {
  return dataset.slice(dataset.lastIndexOf('/') + 1);
}

export interface RenameFacts {
  dataset: string;
  newName: string;
  newDataset: string;
  pool: string;
  bootfs: string | undefined;
  /** The BE is the next-boot-only choice: the choice follows it to its new entry name. */
  nextBoot: boolean;
}

/**
 * The steps of `rename`: the dataset, the root= of its own command line, the pool's
 * bootfs when that named it (the default BE stays the default), its entries on the ESPs
 * under the new name, and the next-boot-only choice when it was that.
 */
export function renameSteps(facts: RenameFacts): BeStep[] {
  const steps: BeStep[] = [
    { op: 'zfs', args: ['rename', facts.dataset, facts.newDataset] },
    { op: 'set-cmdline-root', dataset: facts.newDataset },
  ];
  if (facts.bootfs === facts.dataset) steps.push({ op: 'zpool', args: ['set', `bootfs=${facts.newDataset}`, facts.pool] });
  steps.push({ op: 'sync-esps' });
  if (facts.nextBoot) steps.push({ op: 'set-next-boot', be: facts.newName });
  return steps;
}
