// `pve-bootenv layout`: which directories move out of the root dataset, and the steps of
// each move, as data (printed by --dry-run, carried out by engine/layout.ts).
//
// A move is crash-safe because the old copy stays in place, complete, until the new dataset
// has a verified copy and is mounted over it; the state of a move is recorded on the new
// dataset (pve-bootenv:layout), so a re-run knows what is left to do:
// - no dataset yet: the whole move;
// - `copying` or `verified` but not mounted at the path: the copy may be stale or partial,
//   and the old copy is still what the host uses: the dataset is destroyed (undone) and the
//   move starts over;
// - `verified` and mounted at the path: only the old copy (under the mount) is left to
//   remove and the services to start again;
// - mounted at the path without the property: already split, nothing to do.
import { STATE_DIRS, stateDirOf, type StateDir } from './state-dirs.js';
import { PveBootenvError } from '../errors.js';

export const LAYOUT_STATE_PROPERTY = 'pve-bootenv:layout';
/** The services a move stopped, so that a re-run after a crash starts them again. */
export const LAYOUT_UNITS_PROPERTY = 'pve-bootenv:layout-units';

export interface TargetDatasetFacts {
  /** pve-bootenv:layout: copying or verified; undefined when the property is not set. */
  state?: string;
  /** Units recorded by the move that made it. */
  units: string[];
  /** Where it is mounted (in the host's mount table), if anywhere. */
  mountedAt?: string;
}

export interface LayoutDirFacts {
  path: string;
  exists: boolean;
  /** A directory (not a symlink, not a file). */
  isDirectory: boolean;
  /** The ZFS dataset the path lives on; undefined when not on ZFS. */
  dataset?: string;
  /** The path is a mount point of its own. */
  isMountPoint: boolean;
  /** Apparent size of what the copy must hold. */
  bytes: number;
  /** <pool>/<name>, when it exists. */
  target?: TargetDatasetFacts;
  /** Active units of those the table names for the path. */
  activeUnits: string[];
  /** Processes that hold something under the path now (adapters/open-files.ts). */
  holders: Array<{ pid: number; command: string; unit?: string; path: string }>;
}

export interface LayoutFacts {
  pool: string;
  /** The dataset mounted at /. */
  booted: string;
  /** Bytes a new dataset can still take in the pool. */
  availableBytes: number;
  dirs: LayoutDirFacts[];
  /** On a cluster node (corosync.conf): whether the cluster is quorate now. */
  cluster?: { quorate: boolean; detail: string };
  /** The service we run in (started from cron, ssh or an agent): never one we may stop. */
  ownUnit?: string;
}

/**
 * journald keeps the journal open under /var/log: it lets go of it (--relinquish-var)
 * instead of being stopped.
 */
export const JOURNALD = 'systemd-journald.service';

export type DirPlan =
  | { path: string; kind: 'move'; dataset: string; dir: StateDir; undoFirst: boolean; bytes: number; units: string[]; steps: string[] }
  | { path: string; kind: 'finish'; dataset: string; dir: StateDir; units: string[]; steps: string[] }
  | { path: string; kind: 'skip'; why: string };

export interface LayoutPlan {
  dirs: DirPlan[];
  /**
   * Whether a BE is saved before the first change: not when a re-run only finishes or
   * restarts what an earlier run began (that one saved it before its first change).
   */
  saveBe: boolean;
}

/** Refused before anything changes: one line for the admin. */
export class LayoutError extends PveBootenvError {
  override name = 'LayoutError';
}

/** How much room a copy needs beyond its apparent size (metadata, small-file rounding). */
export const SPACE_MARGIN = 1.05;
const MiB = 1024 * 1024;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

/** The table entries a request names: the paths given, or --recommended. */
export function requestedDirs(paths: readonly string[], recommended: boolean): StateDir[] {
  if (recommended) return STATE_DIRS.filter((dir) => dir.recommended);
  const known = STATE_DIRS.map((dir) => dir.path).join(', ');
  return paths.map((path) => {
    const dir = stateDirOf(path);
    if (dir === undefined) {
      throw new LayoutError(
        path === '/tmp' || path === '/tmp/'
          ? "/tmp is not moved to a dataset: put it on a tmpfs from the next boot on ('pve-bootenv check' shows how)"
          : `layout moves only ${known}; ${path} is not one of them`,
      );
    }
    return dir;
  });
}

/**
 * The plan for the requested directories. recommended: directories that are missing or
 * already split are skipped with a reason, rather than refused as when named.
 */
export function planLayout(facts: LayoutFacts, wanted: readonly StateDir[], recommended: boolean): LayoutPlan {
  const dirs = wanted.map((dir) => planDir(facts, dir, recommended));
  const moves = dirs.filter((d): d is Extract<DirPlan, { kind: 'move' }> => d.kind === 'move');
  const needed = moves.reduce((sum, move) => sum + Math.ceil(move.bytes * SPACE_MARGIN), 0);
  if (needed > facts.availableBytes) {
    const what = moves.map((m) => `${m.path} ${mib(m.bytes)}`).join(', ');
    throw new LayoutError(`not enough space in ${facts.pool}: the copy needs ${mib(needed)} (${what}), ${mib(facts.availableBytes)} is available; free some space first, nothing was changed`);
  }
  if (facts.cluster && !facts.cluster.quorate && dirs.some((d) => d.kind !== 'skip' && d.path === '/var/lib/pve-cluster')) {
    throw new LayoutError(
      `this node is in a cluster without quorum (${facts.cluster.detail}): /etc/pve is read-only and pve-cluster could not sync it again after the move; wait for quorum (pvecm status), nothing was changed`,
    );
  }
  return { dirs, saveBe: moves.some((move) => !move.undoFirst) };
}

function planDir(facts: LayoutFacts, dir: StateDir, recommended: boolean): DirPlan {
  const dirFacts = facts.dirs.find((d) => d.path === dir.path);
  const dataset = `${facts.pool}/${dir.name}`;
  const skipOrRefuse = (why: string): DirPlan => {
    if (recommended) return { path: dir.path, kind: 'skip', why };
    throw new LayoutError(`${dir.path}: ${why}`);
  };
  if (dirFacts === undefined || !dirFacts.exists) return skipOrRefuse('does not exist on this host');
  if (!dirFacts.isDirectory) return skipOrRefuse('is not a directory (a symlink or a file): move it by hand if at all');
  const target = dirFacts.target;

  if (target !== undefined && target.mountedAt === dir.path) {
    if (target.state === 'verified') return finishPlan(dir, dataset, target.units);
    if (target.state === undefined) return skipOrRefuse(`is its own dataset ${dataset} already`);
  }
  if (dirFacts.isMountPoint) return skipOrRefuse(`is a mount point already (${dirFacts.dataset ?? 'not ZFS'}): it is not in the root dataset`);
  if (dirFacts.dataset !== facts.booted) return skipOrRefuse(`is not in the root dataset ${facts.booted} (it is on ${dirFacts.dataset ?? 'a file system that is not ZFS'})`);

  let undoFirst = false;
  if (target !== undefined) {
    if (target.state !== 'copying' && target.state !== 'verified') {
      throw new LayoutError(`${dataset} exists and was not made by pve-bootenv layout: look at it first (zfs get mountpoint,canmount,mounted ${dataset}), nothing was changed`);
    }
    if (target.mountedAt !== undefined && target.mountedAt !== dir.path) {
      throw new LayoutError(`${dataset} is mounted at ${target.mountedAt}: unmount it first (a move that was interrupted leaves it unmounted), nothing was changed`);
    }
    undoFirst = true;
  }
  const holders = dirFacts.holders.filter((h) => h.unit !== JOURNALD);
  const stuck = holders.filter((h) => h.unit === undefined || h.unit === facts.ownUnit);
  if (stuck.length > 0) {
    throw new LayoutError(`${dir.path} is in use by ${describeHolders(stuck)}: end it or leave the directory, then run layout again; nothing was changed`);
  }
  const holding = holders.flatMap((h) => (h.unit !== undefined ? [h.unit] : []));
  const units = [...new Set([...(target?.units ?? []), ...dirFacts.activeUnits, ...holding])];
  return { path: dir.path, kind: 'move', dataset, dir, undoFirst, bytes: dirFacts.bytes, units, steps: moveSteps(dir, dataset, units, undoFirst) };
}

function finishPlan(dir: StateDir, dataset: string, units: string[]): Extract<DirPlan, { kind: 'finish' }> {
  const steps = [
    `remove the old copy of ${dir.path} under the mount of ${dataset} (verified before)`,
    `zfs inherit ${LAYOUT_STATE_PROPERTY} ${dataset}`,
    ...(units.length > 0 ? [`systemctl start ${units.join(' ')}`] : []),
    ...(dir.path === '/var/log' ? ['journalctl --flush'] : []),
  ];
  return { path: dir.path, kind: 'finish', dataset, dir, units, steps };
}

/** The `zfs create` argv (after `zfs`) of a moved directory's dataset, as --dry-run prints it. */
export function createArgs(dir: StateDir, dataset: string, units: readonly string[]): string[] {
  return ['create', ...createProperties(dir, units).flatMap((p) => ['-o', p]), dataset];
}

/**
 * The properties (name=value, in order) a moved directory's dataset is created with: what
 * createArgs prints for --dry-run and zfs.ts createFileSystem is handed to run.
 */
export function createProperties(dir: StateDir, units: readonly string[]): string[] {
  return [
    // Not mounted at boot until the copy is verified: until then the old copy is what boots.
    'canmount=noauto',
    `mountpoint=${dir.path}`,
    // What rsync -A and -X carry over must have somewhere to go (Proxmox's root has both).
    'acltype=posixacl',
    'xattr=sa',
    // Other BEs still have their own copy in the directory: mount over it.
    'overlay=on',
    ...dir.properties,
    `${LAYOUT_STATE_PROPERTY}=copying`,
    `${LAYOUT_UNITS_PROPERTY}=${units.length > 0 ? units.join(',') : '-'}`,
  ];
}

function moveSteps(dir: StateDir, dataset: string, units: readonly string[], undoFirst: boolean): string[] {
  return [
    ...(undoFirst ? [`zfs destroy ${dataset} (left by an interrupted move; the old copy is still in place)`] : []),
    `zfs ${createArgs(dir, dataset, units).join(' ')}`,
    ...(units.length > 0 ? [`systemctl stop ${units.join(' ')}`] : []),
    ...(dir.path === '/var/log' ? ['journalctl --relinquish-var (the journal goes to /run meanwhile)'] : []),
    `refuse if a process still has a file open under ${dir.path}`,
    `mount ${dataset} on a private directory; rsync -aHAX --numeric-ids -x ${dir.path}/ into it; sync -f`,
    `verify: every file's type, mode, owner, size and SHA-256 the same on both sides`,
    `zfs set ${LAYOUT_STATE_PROPERTY}=verified ${dataset}`,
    `zfs set canmount=on ${dataset}; zfs mount ${dataset} (at ${dir.path}, over the old copy)`,
    ...finishPlan(dir, dataset, [...units]).steps,
  ];
}

/** Up to three holders, for a message: pid, command, service and what it holds. */
export function describeHolders(holders: ReadonlyArray<LayoutDirFacts['holders'][number]>): string {
  return holders
    .slice(0, 3)
    .map((h) => `pid ${h.pid} (${h.command}${h.unit ? `, ${h.unit}` : ''}: ${h.path})`)
    .join(', ');
}

/** Parses the pve-bootenv:layout-units value ('-' or a comma list) back to unit names. */
export function parseUnitsProperty(value: string | undefined): string[] {
  if (value === undefined || value === '-' || value === '') return [];
  return value.split(',').filter((unit) => /^[A-Za-z0-9@._-]+\.service$/.test(unit));
}

/** corosync-quorumtool -s: whether it says "Quorate: Yes". */
export function parseQuorate(output: string): boolean {
  return output.split('\n').some((line) => {
    const [key, value] = line.split(':');
    return key?.trim() === 'Quorate' && value?.trim() === 'Yes';
  });
}

/**
 * A cluster node's quorum as the plan needs it, from what `corosync-quorumtool -s` printed
 * (undefined: it could not be run at all, which counts as not quorate).
 */
export function quorumFact(output: string | undefined): NonNullable<LayoutFacts['cluster']> {
  if (output === undefined) return { quorate: false, detail: 'corosync-quorumtool could not be run' };
  const quorate = parseQuorate(output);
  return { quorate, detail: quorate ? 'quorate' : 'corosync-quorumtool -s does not say Quorate: Yes' };
}
