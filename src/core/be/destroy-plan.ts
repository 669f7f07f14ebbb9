// What `pve-bootenv destroy <be> [-o]` does, as zfs commands to run in order. Like beadm
// and bectl it refuses to destroy the BE that runs or boots next, but where they fail on a
// BE that others were cloned from, it promotes the newest such clone first (zedenv issue
// #14): that is what the admin would have to do by hand anyway. The caller gathers the
// facts and runs the steps; nothing here reads the system.
import type { BootEnvironment } from './boot-environment.js';
import type { ZfsStep } from './steps.js';

export interface SnapshotFacts {
  /** Full name, e.g. rpool/ROOT/pve-1@apt-20261122 */
  name: string;
  /** zfs `createtxg`: orders the snapshots of one dataset, oldest first. */
  createtxg: number;
  /** Datasets cloned from it (zfs `clones` property), full names. */
  clones: string[];
}

export interface DestroyInput {
  /** BE name (the last component of its dataset). */
  target: string;
  /** e.g. rpool/ROOT */
  beRoot: string;
  /** Every BE under beRoot; be.cloneOf is its origin snapshot. */
  bes: BootEnvironment[];
  /** Every snapshot of every dataset under beRoot. */
  snapshots: SnapshotFacts[];
  /** Dataset mounted at /. */
  booted: string;
  /** BE booting by default (pool bootfs). */
  defaultDataset?: string;
  /** BE chosen for the next boot only. */
  nextBootDataset?: string;
  /** -o: destroy the origin snapshot too. */
  destroyOrigin: boolean;
}

export type DestroyStep =
  /** zfs promote <dataset> */
  | { op: 'promote'; dataset: string; why: string }
  /** zfs destroy -r <dataset>; snapshots = its own ones that go with it, oldest first. */
  | { op: 'destroy-dataset'; dataset: string; snapshots: string[] }
  /** zfs destroy <snapshot> */
  | { op: 'destroy-snapshot'; snapshot: string; why: string };

export type DestroyPlan =
  /** notes: what the output should mention besides the steps (a kept origin, say). */
  | { ok: true; steps: DestroyStep[]; notes: string[] }
  | { ok: false; refusal: string };

export function planDestroy(input: DestroyInput): DestroyPlan {
  const { target, beRoot } = input;
  const be = input.bes.find((b) => b.dataset === `${beRoot}/${target}`);
  if (!be) return { ok: false, refusal: `there is no boot environment "${target}" under ${beRoot}; see pve-bootenv list` };
  const protectedBecause = protection(be, input);
  if (protectedBecause !== undefined) return { ok: false, refusal: protectedBecause };

  const clonesOf = cloneIndex(input);
  const others = (snapshot: string, ...not: string[]): string[] =>
    [...(clonesOf.get(snapshot) ?? [])].filter((c) => !not.includes(c) && !isWithin(c, be.dataset)).sort();

  // `zfs destroy -r` also takes the BE's child datasets and their snapshots, and fails on
  // any snapshot with clones. Only the BE's own snapshots can be freed by a promotion, and
  // only for clones that are BEs: anything else is not ours to touch.
  const own = ownSnapshots(input.snapshots, be.dataset);
  const inChildren = input.snapshots
    .filter((s) => datasetOf(s.name).startsWith(`${be.dataset}/`))
    .sort((a, b) => compare(datasetOf(a.name), datasetOf(b.name)) || a.createtxg - b.createtxg || compare(a.name, b.name));
  for (const snapshot of inChildren) {
    const clone = [...(clonesOf.get(snapshot.name) ?? [])].sort()[0];
    if (clone !== undefined) {
      return { ok: false, refusal: `${clone} is a clone of ${snapshot.name}, inside ${target}; promote it (zfs promote ${clone}) or destroy it first` };
    }
  }
  for (const snapshot of own) {
    const outside = [...(clonesOf.get(snapshot.name) ?? [])].sort().find((c) => !isBeDataset(c, beRoot));
    if (outside !== undefined) {
      return {
        ok: false,
        refusal: `${outside} is a clone of ${snapshot.name} outside ${beRoot}; promote it (zfs promote ${outside}) or destroy it first`,
      };
    }
  }

  const steps: DestroyStep[] = [];
  const notes: string[] = [];
  let remaining = own;
  let origin = be.cloneOf;
  let otherClones = origin === undefined ? [] : others(origin);

  // Promoting the clone of the newest cloned snapshot moves that snapshot and every older
  // one to the clone, and with them all their other clones: one promotion frees them all.
  // zfs refuses it if the clone already has a snapshot of a moved one's name; another clone
  // of the same snapshot may not, so each is tried, by name.
  // Clones that `others` leaves out (the BE itself, in a clone list that says it is its
  // own clone, which ZFS cannot make) must not count: there would be no one to promote.
  const newestIndex = own.map((s) => others(s.name).length > 0).lastIndexOf(true);
  const newest = own[newestIndex];
  if (newest) {
    const moved = own.slice(0, newestIndex + 1);
    const clashOf = (clone: string): SnapshotFacts | undefined => {
      const taken = new Set(ownSnapshots(input.snapshots, clone).map((s) => snapName(s.name)));
      return moved.find((s) => taken.has(snapName(s.name)));
    };
    const candidates = others(newest.name);
    const promoted = candidates.find((c) => clashOf(c) === undefined);
    if (promoted === undefined) {
      const first = candidates[0]!;
      const clash = clashOf(first)!;
      return {
        ok: false,
        refusal: `promoting ${first} would move ${clash.name} onto it, but ${first}@${snapName(clash.name)} exists; rename one of them first (zfs rename ${clash.name} ${be.dataset}@<new name>)`,
      };
    }
    steps.push({
      op: 'promote',
      dataset: promoted,
      why: `${promoted} is a clone of ${newest.name}: promoted, it takes over ${target}'s snapshots up to @${snapName(newest.name)}`,
    });
    remaining = own.slice(newestIndex + 1);
    origin = `${promoted}@${snapName(newest.name)}`;
    otherClones = others(newest.name, promoted);
  }

  steps.push({ op: 'destroy-dataset', dataset: be.dataset, snapshots: remaining.map((s) => s.name) });

  if (input.destroyOrigin) {
    if (origin === undefined) {
      notes.push(`${target} is not a clone: there is no origin snapshot to destroy`);
    } else if (!isBeDataset(datasetOf(origin), beRoot)) {
      notes.push(`keeping ${origin}: it is outside ${beRoot}`);
    } else if (otherClones.length > 0) {
      const what = otherClones.length === 1 ? 'is a clone' : 'are clones';
      notes.push(`keeping ${origin}: ${otherClones.join(', ')} ${what} of it`);
    } else {
      steps.push({ op: 'destroy-snapshot', snapshot: origin, why: `the origin of ${target}, and no other dataset is a clone of it` });
    }
  }
  return { ok: true, steps, notes };
}

/** The zfs command of one step, as it runs and as --dry-run prints it. */
export function zfsStepOf(step: DestroyStep): ZfsStep {
  switch (step.op) {
    case 'promote':
      return { op: 'zfs', args: ['promote', step.dataset] };
    case 'destroy-dataset':
      // -r takes the BE's own snapshots; never -R, which would take clones of them too.
      return { op: 'zfs', args: ['destroy', '-r', step.dataset] };
    case 'destroy-snapshot':
      return { op: 'zfs', args: ['destroy', step.snapshot] };
  }
}

/** Why be must not be destroyed now, if it must not. */
function protection(be: BootEnvironment, input: DestroyInput): string | undefined {
  const name = be.name;
  if (be.dataset === input.booted) {
    return `${name} is the running boot environment; boot another one before destroying it`;
  }
  if (be.dataset === input.defaultDataset) {
    return `${name} boots by default; activate another boot environment first (pve-bootenv activate <name>)`;
  }
  if (be.dataset === input.nextBootDataset) {
    return `${name} is chosen for the next boot; clear that first (pve-bootenv activate --clear-next-boot)`;
  }
  if (be.held) return `${name} is held; release it first (pve-bootenv release ${name})`;
  return undefined;
}

/**
 * snapshot -> datasets cloned from it. The `clones` property and the BEs' `origin` say the
 * same thing from both ends; the union keeps a clone seen from one end only.
 */
function cloneIndex(input: DestroyInput): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  const add = (snapshot: string, clone: string): void => {
    const clones = index.get(snapshot) ?? new Set<string>();
    clones.add(clone);
    index.set(snapshot, clones);
  };
  for (const snapshot of input.snapshots) for (const clone of snapshot.clones) add(snapshot.name, clone);
  for (const be of input.bes) if (be.cloneOf !== undefined) add(be.cloneOf, be.dataset);
  return index;
}

/** The snapshots of dataset itself, oldest first (name breaks ties, for determinism). */
function ownSnapshots(snapshots: SnapshotFacts[], dataset: string): SnapshotFacts[] {
  return snapshots
    .filter((s) => datasetOf(s.name) === dataset)
    .sort((a, b) => a.createtxg - b.createtxg || compare(a.name, b.name));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function datasetOf(snapshot: string): string {
  const at = snapshot.indexOf('@');
  return at < 0 ? snapshot : snapshot.slice(0, at);
}

function snapName(snapshot: string): string {
  return snapshot.slice(snapshot.indexOf('@') + 1);
}

/** A BE: a dataset directly under the BE root, not one of its children. */
function isBeDataset(dataset: string, beRoot: string): boolean {
  const rest = dataset.startsWith(`${beRoot}/`) ? dataset.slice(beRoot.length + 1) : '';
  return rest !== '' && !rest.includes('/');
}

/** dataset is ancestor or one of its children (which `zfs destroy -r ancestor` takes too). */
function isWithin(dataset: string, ancestor: string): boolean {
  return dataset === ancestor || dataset.startsWith(`${ancestor}/`);
}
