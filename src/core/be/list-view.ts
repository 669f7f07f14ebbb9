// What `pve-bootenv list` shows, as data: the table, -H and --json are all rendered from
// this one view, so they cannot disagree. The caller gathers the facts; nothing here reads
// the system.
import { isOurEntryFile } from '../esp/layout.js';
import type { BootEnvironment } from './boot-environment.js';
import { datasetOfEntry } from './entry-dataset.js';
import type { Verification } from '../sync/verification.js';
import type { TrialStatus } from '../trial/trial-record.js';

export interface ListInput {
  bes: BootEnvironment[];
  /** Dataset mounted at /. */
  booted: string;
  /** BE booting by default (pool bootfs). */
  defaultDataset?: string;
  /** BE chosen for the next boot only. */
  nextBootDataset?: string;
  /** dataset -> where it is mounted now (only mounts the admin can see, may be empty) */
  mountpoints: Map<string, string>;
  /** Per ESP (id = vfat UUID or mount dir): our loader entries there (file name + text). undefined = ESPs could not be read */
  esps?: Array<{ esp: string; entries: Array<{ name: string; text: string }> }>;
  /** What each BE's trial record means in this boot (host-state.ts trialOf); absent: none. */
  trialOf?: (be: BootEnvironment) => TrialStatus | undefined;
}

export interface BeListRow {
  name: string;
  dataset: string;
  /** Subset of "NRT" in that order, "-" when none (N booted now, R default on reboot, T next boot only). */
  flags: string;
  active: { now: boolean; onReboot: boolean; nextBoot: boolean };
  mountpoint: string | null;
  usedBytes: number;
  /** Seconds since the epoch. */
  created: number;
  /** apt | kernel | manual | … (be.madeBy), null if made by someone else. */
  madeBy: string | null;
  description: string | null;
  held: boolean;
  /** The snapshot it was cloned from. */
  cloneOf: string | null;
  /** Ids of the ESPs with at least one entry booting this dataset (null if the ESPs are unknown). */
  esps: string[] | null;
  /** Its trial boot (activate --trial): pending, on-trial (this boot), passed or failed with why; null if none. */
  trial: { state: TrialStatus['kind']; why?: string } | null;
}

export interface ListView {
  beRoot: string;
  /** The last `sync --verify` (null: none recorded), when the command read its record. */
  lastVerification?: Verification | null;
  /** Every ESP looked at, in the caller's order (null if they could not be read). */
  esps: string[] | null;
  bootEnvironments: BeListRow[];
}

/** Rows sorted by creation time, then name: the order the BEs were made in. */
export function listView(beRoot: string, input: ListInput): ListView {
  // Only our entries count: proxmox-boot-tool's own entries boot whatever the kernel
  // command line says, and show nothing about what pve-bootenv put on the ESP.
  const espsOf = new Map<string, string[]>();
  for (const { esp, entries } of input.esps ?? []) {
    const booted = new Set<string>();
    for (const entry of entries) {
      if (!isOurEntryFile(entry.name)) continue;
      const dataset = datasetOfEntry(entry.text);
      if (dataset !== undefined) booted.add(dataset);
    }
    for (const dataset of booted) {
      const list = espsOf.get(dataset) ?? [];
      // An ESP listed twice is still one ESP.
      if (!list.includes(esp)) list.push(esp);
      espsOf.set(dataset, list);
    }
  }

  const rows = input.bes.map((be): BeListRow => {
    const active = {
      now: be.dataset === input.booted,
      onReboot: be.dataset === input.defaultDataset,
      nextBoot: be.dataset === input.nextBootDataset,
    };
    const flags = (active.now ? 'N' : '') + (active.onReboot ? 'R' : '') + (active.nextBoot ? 'T' : '');
    return {
      name: be.name,
      dataset: be.dataset,
      flags: flags === '' ? '-' : flags,
      active,
      mountpoint: input.mountpoints.get(be.dataset) ?? null,
      usedBytes: be.usedBytes,
      created: be.created,
      madeBy: be.madeBy ?? null,
      description: be.description ?? null,
      held: be.held,
      cloneOf: be.cloneOf ?? null,
      esps: input.esps === undefined ? null : (espsOf.get(be.dataset) ?? []),
      trial: trialRow(input.trialOf?.(be)),
    };
  });
  // Code-unit order, not localeCompare: the same output whatever the admin's locale.
  rows.sort((a, b) => a.created - b.created || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const esps = input.esps === undefined ? null : [...new Set(input.esps.map((e) => e.esp))];
  return { beRoot, esps, bootEnvironments: rows };
}

function trialRow(status: TrialStatus | undefined): BeListRow['trial'] {
  if (status === undefined) return null;
  return status.kind === 'failed' ? { state: 'failed', why: status.why } : { state: status.kind };
}

/** The trial, as the table puts it before the description; undefined if there is none. */
export function trialNote(trial: BeListRow['trial']): string | undefined {
  if (trial === null) return undefined;
  switch (trial.state) {
    case 'pending':
      return 'trial pending (next boot)';
    case 'on-trial':
      return 'on trial now';
    case 'passed':
      return 'trial passed';
    case 'failed':
      return `trial failed: ${trial.why ?? 'no reason recorded'}`;
  }
}
