// A trial boot's record on its BE, in the ZFS user property pve-bootenv:trial (it travels
// with the dataset, so every BE the host boots sees it), and what it means in the boot that
// reads it. The record says only what was decided; "pending" names the boot that set it,
// so that any later boot can tell the trial boot is over without a service having run:
// a trial boot that never reached userspace (panic, no pool, no init) leaves "pending" of
// an earlier boot behind, and the BE it fell back to reads that as failed.

export const TRIAL_PROPERTY = 'pve-bootenv:trial';

export type TrialRecord =
  /** Set by `activate --trial` in the boot with this boot id; the trial boot is the next one. */
  | { state: 'pending'; setInBoot: string }
  | { state: 'passed' }
  | { state: 'failed'; why: string };

/** What a trial means now: from the record, this boot's id and how the running system was booted. */
export type TrialStatus =
  /** Set in this boot: the next boot is the trial. */
  | { kind: 'pending' }
  /** This boot is the trial boot (its gate decides). */
  | { kind: 'on-trial' }
  | { kind: 'passed' }
  | { kind: 'failed'; why: string };

/** The kernel parameter the trial entry adds: pve-bootenv-trial.service runs only where it is. */
export const TRIAL_MARKER = 'pve-bootenv.trial';

const BOOT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_WHY = 200;

export function serializeTrial(record: TrialRecord): string {
  switch (record.state) {
    case 'pending':
      return `pending:${record.setInBoot}`;
    case 'passed':
      return 'passed';
    case 'failed':
      return `failed:${oneLine(record.why)}`;
  }
}

/** The record a property value holds; undefined for none, and for a value we did not write. */
export function parseTrial(value: string | undefined): TrialRecord | undefined {
  if (value === undefined || value === '' || value === '-') return undefined;
  if (value === 'passed') return { state: 'passed' };
  if (value.startsWith('failed:')) return { state: 'failed', why: value.slice('failed:'.length) || 'no reason recorded' };
  if (value.startsWith('pending:')) {
    const setInBoot = value.slice('pending:'.length);
    return BOOT_ID.test(setInBoot) ? { state: 'pending', setInBoot } : undefined;
  }
  return undefined;
}

export interface BootFacts {
  /** /proc/sys/kernel/random/boot_id of the running boot. */
  bootId: string;
  /** The BE is the one running now. */
  isBooted: boolean;
  /** The running kernel's command line has TRIAL_MARKER (it came up through a trial entry). */
  bootedAsTrial: boolean;
}

export function trialStatus(record: TrialRecord | undefined, boot: BootFacts): TrialStatus | undefined {
  if (record === undefined) return undefined;
  if (record.state === 'passed') return { kind: 'passed' };
  if (record.state === 'failed') return { kind: 'failed', why: record.why };
  if (record.setInBoot === boot.bootId) return { kind: 'pending' };
  if (boot.isBooted && boot.bootedAsTrial) return { kind: 'on-trial' };
  return { kind: 'failed', why: boot.isBooted ? 'booted without its trial entry' : 'its trial boot did not come up (the host booted another BE after it)' };
}

/** A trial whose entry must stay on the ESPs: its boot has not happened, or is running. */
export function trialWantsEntry(status: TrialStatus | undefined): boolean {
  return status?.kind === 'pending' || status?.kind === 'on-trial';
}

/** One line of printable text, short enough for a property and a list column. */
function oneLine(text: string): string {
  const line = text.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim() || 'no reason given';
  return line.length <= MAX_WHY ? line : `${line.slice(0, MAX_WHY - 1)}…`;
}
