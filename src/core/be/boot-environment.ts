// A boot environment as the rest of the code sees it, built from `zfs list` output.
import { parseZfsList } from '../zfs/zfs-list.js';
import { parseTrial, TRIAL_PROPERTY, type TrialRecord } from '../trial/trial-record.js';

/** Namespace of our ZFS user properties. */
export const PROPS_PREFIX = 'pve-bootenv:';

/** Our ZFS user properties: metadata travels with the dataset, no state file. */
export const PROPS = {
  origin: 'pve-bootenv:origin',
  description: 'pve-bootenv:description',
  held: 'pve-bootenv:held',
  lastKernel: 'pve-bootenv:last-kernel',
  /** apt: the package changes the BE was saved before (core/apt encodes them). */
  packages: 'pve-bootenv:packages',
  /** apt: why the BE matters more than others (kernel, bootloader, zfs, initramfs). */
  important: 'pve-bootenv:important',
  /** apt: the command line of the transaction. */
  command: 'pve-bootenv:command',
  /** A trial boot's record (core/trial/trial-record.ts). */
  trial: TRIAL_PROPERTY,
} as const;

/**
 * Where every BE is mounted and when: at / and only when booted or mounted by us. Two BEs
 * with canmount=on would be mounted over each other at boot (DESIGN §1). Set on a clone
 * and on a received stream alike, in this order (the order --dry-run prints).
 */
export const BE_PLACEMENT: ReadonlyArray<readonly [string, string]> = [
  ['canmount', 'noauto'],
  ['mountpoint', '/'],
];

/**
 * The bookmark a sync moves to "now" on each BE it read without it being mounted: `zfs
 * list`'s written#<it> is then 0 as long as nothing was written to the BE since, which lets
 * the next sync use what it recorded instead of mounting the BE (core/sync/boot-record.ts).
 */
export const SEEN_BOOKMARK = 'pve-bootenv-seen';
const WRITTEN_SINCE_SEEN = `written#${SEEN_BOOKMARK}`;

export const LIST_COLUMNS = [
  'name',
  'guid',
  'referenced',
  WRITTEN_SINCE_SEEN,
  'mountpoint',
  'canmount',
  'mounted',
  'origin',
  'creation',
  'used',
  PROPS.origin,
  PROPS.description,
  PROPS.held,
  PROPS.lastKernel,
  PROPS.important,
  PROPS.trial,
] as const;

export interface BootEnvironment {
  /** The last component of the dataset name. */
  name: string;
  dataset: string;
  /** Seconds since the epoch. */
  created: number;
  usedBytes: number;
  /** The dataset's guid: stays through a rename, new for a dataset of the same name. */
  guid?: string;
  referencedBytes?: number;
  /** Bytes written since the SEEN_BOOKMARK was set; undefined if it has none. */
  writtenSinceSeen?: number;
  canmount: string;
  mounted: boolean;
  /** The snapshot it was cloned from, if it is a clone. */
  cloneOf?: string;
  /** How it was made: apt, kernel, manual (our property; absent for BEs made by others). */
  madeBy?: string;
  description?: string;
  held: boolean;
  lastKernel?: string;
  /** Why it matters more (kernel, bootloader, zfs, initramfs), comma-separated; apt BEs only. */
  important?: string;
  /** Its trial boot's record, if it had one (activate --trial). */
  trial?: TrialRecord;
}

/** The boot environments among `zfs list -H -p -o <LIST_COLUMNS> -d 1 <beRoot>` lines. */
export function parseBootEnvironments(zfsListOutput: string, beRoot: string): BootEnvironment[] {
  return parseZfsList(zfsListOutput, LIST_COLUMNS)
    .filter((row) => row.name?.startsWith(`${beRoot}/`))
    .map((row) => {
      const dataset = row.name!;
      const be: BootEnvironment = {
        name: dataset.slice(beRoot.length + 1),
        dataset,
        created: Number(row.creation ?? 0),
        usedBytes: Number(row.used ?? 0),
        canmount: row.canmount ?? 'on',
        mounted: row.mounted === 'yes',
        held: row[PROPS.held] === 'yes',
      };
      if (row.guid && /^\d+$/.test(row.guid)) be.guid = row.guid;
      if (row.referenced && /^\d+$/.test(row.referenced)) be.referencedBytes = Number(row.referenced);
      const written = row[WRITTEN_SINCE_SEEN];
      if (written !== undefined && /^\d+$/.test(written)) be.writtenSinceSeen = Number(written);
      if (row.origin) be.cloneOf = row.origin;
      if (row[PROPS.origin]) be.madeBy = row[PROPS.origin];
      if (row[PROPS.description]) be.description = row[PROPS.description];
      if (row[PROPS.lastKernel]) be.lastKernel = row[PROPS.lastKernel];
      if (row[PROPS.important]) be.important = row[PROPS.important];
      const trial = parseTrial(row[PROPS.trial]);
      if (trial) be.trial = trial;
      return be;
    });
}

/** The parent of the root dataset holds the boot environments (rpool/ROOT). */
export function beRootOf(rootDataset: string): string | undefined {
  const slash = rootDataset.lastIndexOf('/');
  return slash > 0 ? rootDataset.slice(0, slash) : undefined;
}
