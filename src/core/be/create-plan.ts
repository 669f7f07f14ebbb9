// What `pve-bootenv create` does, as steps: a snapshot of the source BE (unless the caller
// named one), its clone under the BE root with the source's local properties and ours,
// the clone's own root= in its /etc/kernel/cmdline, and the ESP sync. The engine gathers
// the facts, runs the steps and undoes them on a failure; nothing here reads the system.
import { BE_PLACEMENT, PROPS, PROPS_PREFIX } from './boot-environment.js';
import { timeStamp } from './name-template.js';
import { canmountSteps, type BeStep, type ZfsStep } from './steps.js';
import { cloneArgs, localProperties } from '../zfs/clone-properties.js';
import type { ZfsProperties } from '../zfs/zfs-get.js';

export interface CreateFacts {
  /** The new BE's name, already checked (names.ts newBeNameProblem). */
  name: string;
  beRoot: string;
  /** Every BE now: the ones still at canmount=on get noauto. */
  bes: ReadonlyArray<{ dataset: string; canmount: string }>;
  /** The BE cloned. */
  sourceDataset: string;
  /** The snapshot the caller named (<be>@<snapshot>), if any: cloned as it is. */
  snapshotName?: string;
  /** Every snapshot under beRoot, full names. */
  snapshots: ReadonlySet<string>;
  /** `zfs get all` of the source: its local properties go to the clone. */
  sourceProperties: ZfsProperties;
  /** How it was made, recorded in pve-bootenv:origin: manual, apt, kernel… */
  madeBy: string;
  description?: string;
  /** More of our user properties (name without namespace → value). */
  properties?: Readonly<Record<string, string>>;
  /** False when an activation follows, which syncs the ESPs itself. */
  syncEsps: boolean;
  /** For the snapshot name when the plain one is taken. */
  now: Date;
}

export type CreateStep = ZfsStep | Extract<BeStep, { op: 'set-cmdline-root' | 'sync-esps' }>;

export type CreatePlan =
  | {
      ok: true;
      snapshot: string;
      /** False when the caller named an existing snapshot: then it is not ours to undo. */
      makeSnapshot: boolean;
      dataset: string;
      steps: CreateStep[];
    }
  | { ok: false; refusal: string };

export function planCreate(facts: CreateFacts): CreatePlan {
  const { name, sourceDataset, snapshots } = facts;
  const dataset = `${facts.beRoot}/${name}`;
  let snapshot: string;
  let makeSnapshot = true;
  if (facts.snapshotName !== undefined) {
    snapshot = `${sourceDataset}@${facts.snapshotName}`;
    if (!snapshots.has(snapshot)) return { ok: false, refusal: `no snapshot ${snapshot}; 'zfs list -t snapshot ${sourceDataset}' shows them` };
    makeSnapshot = false;
  } else {
    snapshot = `${sourceDataset}@${name}`;
    // A BE destroyed without -o leaves its origin snapshot: do not collide with it.
    if (snapshots.has(snapshot)) snapshot = `${snapshot}-${timeStamp(facts.now)}`;
    if (snapshots.has(snapshot)) return { ok: false, refusal: `snapshot ${snapshot} exists already; try again in a second` };
  }

  const steps: CreateStep[] = [...canmountSteps(facts.bes)];
  if (makeSnapshot) steps.push({ op: 'zfs', args: ['snapshot', snapshot] });
  steps.push({ op: 'zfs', args: cloneArgs(snapshot, dataset, cloneProperties(facts)) }, { op: 'set-cmdline-root', dataset });
  if (facts.syncEsps) steps.push({ op: 'sync-esps' });
  return { ok: true, snapshot, makeSnapshot, dataset, steps };
}

/**
 * The clone's properties, in the order --dry-run prints them: where a BE is mounted, then
 * what makes it behave like its source (clone-properties.ts), then our metadata.
 */
function cloneProperties(facts: CreateFacts): Array<readonly [string, string]> {
  return [
    ...BE_PLACEMENT,
    ...localProperties(facts.sourceProperties, facts.sourceDataset),
    [PROPS.origin, facts.madeBy],
    ...(facts.description ? [[PROPS.description, facts.description] as const] : []),
    ...Object.entries(facts.properties ?? {}).map(([property, value]) => [`${PROPS_PREFIX}${property}`, value] as const),
  ];
}

