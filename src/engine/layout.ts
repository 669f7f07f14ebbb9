// `pve-bootenv layout`: move directories that must not roll back with the OS (what Proxmox
// keeps about its guests, their images, the logs) out of the root dataset into datasets
// shared by every BE. The plan comes from core/layout/plan-layout.ts; here it is carried
// out, in this order for each directory, so that a kill at any point leaves the old copy in
// place and complete, and a re-run finishes or undoes what was begun:
//   dataset made (canmount=noauto: boots nothing yet) → services stopped → copy → fsync →
//   verify → `verified` recorded → mounted over the old copy (in the host's mount
//   namespace) → old copy removed → services started again.
//
// We run in our private mount namespace (as every command that changes things): the copy's
// mount dies with us, the final mount is made in PID 1's namespace with nsenter, and the old
// copy stays visible here under its old path, which is how it is removed after the switch.
import { join } from 'node:path';
import { expandNameTemplate } from '../core/be/name-template.js';
import { firstDifference } from '../core/layout/tree-compare.js';
import {
  createProperties,
  describeHolders,
  LAYOUT_STATE_PROPERTY,
  LAYOUT_UNITS_PROPERTY,
  LayoutError,
  JOURNALD,
  parseUnitsProperty,
  planLayout,
  quorumFact,
  requestedDirs,
  type DirPlan,
  type LayoutDirFacts,
  type LayoutFacts,
} from '../core/layout/plan-layout.js';
import type { StateDir } from '../core/layout/state-dirs.js';
import { apparentBytes } from '../adapters/disk-usage.js';
import { insideBe, rootDataset } from '../adapters/host.js';
import { holdersOf, serviceOf } from '../adapters/open-files.js';
import { activeUnits, journalBackToVar, journalLetGoOfVar, startUnits, stopUnits } from '../adapters/services.js';
import {
  clusterConfigured,
  copyTree,
  mountPrivately,
  ownCgroup,
  pathKind,
  quorumToolOutput,
  removeMountPoint,
  removeOldCopy,
  unmountHere,
} from '../adapters/state-dir.js';
import { listTree } from '../adapters/tree-listing.js';
import { fileSystemAt, zfsMounts } from '../adapters/mount-table.js';
import { LAYOUT_COPY_DIR } from '../adapters/runtime-paths.js';
import {
  createFileSystem,
  datasetProperties,
  destroyFileSystem,
  inheritProperty,
  mountInHostNamespace,
  poolAvailableBytes,
  setProperties,
  tryDestroyFileSystem,
} from '../adapters/zfs.js';
import { create } from './create.js';
import type { EspSettings } from './sync.js';

export interface LayoutOptions {
  paths: string[];
  recommended: boolean;
  dryRun: boolean;
  /** Clock for the saved BE's name (tests pass their own). */
  now?: Date;
}

export interface LayoutReport {
  dryRun: boolean;
  /** The BE saved before the first change (planned, under --dry-run). */
  savedBe?: string;
  dirs: Array<{ path: string; action: 'move' | 'finish' | 'skip'; dataset?: string; why?: string; steps: string[] }>;
}

export async function layout(options: LayoutOptions, settings: EspSettings): Promise<LayoutReport> {
  const inside = insideBe();
  if (inside !== undefined) throw new LayoutError(`this runs inside the boot environment ${inside}: run 'pve-bootenv layout' on the host`);
  const wanted = requestedDirs(options.paths, options.recommended);
  const facts = await readLayoutFacts(wanted);
  const plan = planLayout(facts, wanted, options.recommended);
  const savedBe = plan.saveBe ? expandNameTemplate(SAVED_BE_TEMPLATE, options.now ?? new Date()) : undefined;
  const report: LayoutReport = {
    dryRun: options.dryRun,
    ...(savedBe !== undefined ? { savedBe } : {}),
    dirs: plan.dirs.map(reportOf),
  };
  if (options.dryRun) return report;

  if (savedBe !== undefined) {
    const paths = plan.dirs.filter((d) => d.kind === 'move').map((d) => d.path).join(' ');
    await create(savedBe, { madeBy: 'layout', description: `before pve-bootenv layout moved ${paths} out of the root dataset`, dryRun: false }, settings);
  }
  for (const dir of plan.dirs) {
    if (dir.kind === 'move') await move(dir);
    else if (dir.kind === 'finish') await finish(dir.dir, dir.dataset, dir.units);
  }
  return report;
}

function reportOf(dir: DirPlan): LayoutReport['dirs'][number] {
  if (dir.kind === 'skip') return { path: dir.path, action: 'skip', why: dir.why, steps: [] };
  return { path: dir.path, action: dir.kind, dataset: dir.dataset, steps: dir.steps };
}

/** The BE saved before a move: named as the apt hook names its own, by the clock. */
const SAVED_BE_TEMPLATE = 'layout-%Y%m%d-%H%M%S';

async function readLayoutFacts(wanted: readonly StateDir[]): Promise<LayoutFacts> {
  const booted = await rootDataset();
  const pool = booted.split('/')[0]!;
  const [availableBytes, mounts, cluster, cgroup] = await Promise.all([poolAvailableBytes(pool), zfsMounts(), clusterFacts(), ownCgroup()]);
  const dirs = await Promise.all(wanted.map((dir) => dirFacts(dir, pool, mounts)));
  const ownUnit = serviceOf(cgroup);
  return { pool, booted, availableBytes, dirs, ...(cluster ? { cluster } : {}), ...(ownUnit ? { ownUnit } : {}) };
}

async function dirFacts(dir: StateDir, pool: string, mounts: Map<string, string>): Promise<LayoutDirFacts> {
  const kind = await pathKind(dir.path);
  const base = { path: dir.path, exists: kind !== undefined, isDirectory: kind === 'directory', isMountPoint: false, bytes: 0, activeUnits: [], holders: [] };
  if (!base.isDirectory) return base;
  const dataset = `${pool}/${dir.name}`;
  const [fileSystem, bytes, properties, units, holders] = await Promise.all([
    fileSystemAt(dir.path),
    apparentBytes(dir.path),
    datasetProperties(dataset, [LAYOUT_STATE_PROPERTY, LAYOUT_UNITS_PROPERTY]),
    activeUnits(dir.units),
    holdersOf(dir.path),
  ]);
  const mountedAt = mounts.get(dataset);
  const state = properties?.[LAYOUT_STATE_PROPERTY];
  return {
    ...base,
    ...(fileSystem?.fstype === 'zfs' ? { dataset: fileSystem.source } : {}),
    isMountPoint: fileSystem?.target === dir.path,
    bytes,
    activeUnits: units,
    holders,
    ...(properties !== undefined
      ? { target: { ...(state !== undefined ? { state } : {}), units: parseUnitsProperty(properties[LAYOUT_UNITS_PROPERTY]), ...(mountedAt ? { mountedAt } : {}) } }
      : {}),
  };
}

/** A cluster node has corosync.conf; its quorum decides whether pmxcfs may be restarted. */
async function clusterFacts(): Promise<LayoutFacts['cluster']> {
  if (!(await clusterConfigured())) return undefined;
  return quorumFact(await quorumToolOutput());
}

async function move(plan: Extract<DirPlan, { kind: 'move' }>): Promise<void> {
  const { dir, dataset, units } = plan;
  if (plan.undoFirst) await destroyFileSystem(dataset);
  await createFileSystem(dataset, createProperties(dir, units));
  const copyDir = join(LAYOUT_COPY_DIR, dir.name);
  let mounted = false;
  let switched = false;
  try {
    await stopUnits(units);
    if (dir.path === '/var/log') await journalLetGoOfVar();
    const holders = (await holdersOf(dir.path)).filter((h) => h.unit !== JOURNALD);
    if (holders.length > 0) throw new LayoutError(`${dir.path} is still in use by ${describeHolders(holders)} with the services stopped`);

    await mountPrivately(dataset, copyDir);
    mounted = true;
    await copyTree(dir.path, copyDir);
    const [original, copy] = await Promise.all([listTree(dir.path), listTree(copyDir)]);
    const difference = firstDifference(original, copy);
    if (difference !== undefined) throw new LayoutError(`the copy of ${dir.path} did not verify: ${difference}`);
    await setProperties(dataset, { [LAYOUT_STATE_PROPERTY]: 'verified' });

    await unmountHere(copyDir);
    mounted = false;
    await removeMountPoint(copyDir);
    await setProperties(dataset, { canmount: 'on' });
    // The host's namespace, not ours: this mount must stay when we end.
    await mountInHostNamespace(dataset);
    switched = true;
  } catch (error) {
    if (mounted) await unmountHere(copyDir, { allowFailure: true });
    if (!switched) {
      // Undo: the old copy was never left; the services get it back as it was. Each undo
      // step is best effort: its failure must not replace the error that is rethrown below.
      await tryDestroyFileSystem(dataset);
      if (dir.path === '/var/log') await journalBackToVar().catch(() => undefined);
      await startUnits(units).catch(() => undefined);
    }
    throw error;
  }
  await finish(dir, dataset, units);
}

/** After the switch: the old copy (still visible in our namespace) goes, the services come back. */
async function finish(dir: StateDir, dataset: string, units: readonly string[]): Promise<void> {
  // A re-run's namespace was copied from the host's, with the dataset on the path: unmount
  // it here only, to reach the old copy beneath.
  const here = await fileSystemAt(dir.path);
  if (here?.source === dataset && here.target === dir.path) await unmountHere(dir.path);
  const under = await fileSystemAt(dir.path);
  if (under?.source === dataset) throw new LayoutError(`cannot reach the old copy of ${dir.path} under ${dataset}: run 'pve-bootenv layout ${dir.path}' again`);
  await removeOldCopy(dir.path);
  if (dir.path === '/var/log') await journalBackToVar();
  await startUnits(units);
  // Cleared last: until then a re-run still sees the move as unfinished and brings the
  // services back, so a run killed here cannot leave pve-cluster stopped for good.
  await inheritProperty(dataset, LAYOUT_UNITS_PROPERTY);
  await inheritProperty(dataset, LAYOUT_STATE_PROPERTY);
}
