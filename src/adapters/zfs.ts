// The zfs and zpool commands we need, each one call: every zfs and zpool program the
// engine runs goes through here (the architecture test keeps it so). Steps planned in
// core/be/steps.ts, printed by --dry-run before they run, are carried out by runZfsStep.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LIST_COLUMNS, parseBootEnvironments, SEEN_BOOKMARK, type BootEnvironment } from '../core/be/boot-environment.js';
import type { SnapshotFacts } from '../core/be/destroy-plan.js';
import type { ZfsStep } from '../core/be/steps.js';
import { PveBootenvError } from '../core/errors.js';
import { parseZfsGet, type ZfsProperties } from '../core/zfs/zfs-get.js';
import { DROP_SEEN_SNAPSHOTS_PROGRAM, MARK_SEEN_PROGRAM, unmarkedDatasets } from '../core/zfs/mark-seen-program.js';
import { PROGRAMS } from './programs.js';
import { run, type RunResult } from './run.js';
import { CHANNEL_PROGRAM_FILE } from './runtime-paths.js';

/** Every boot environment under beRoot, with one `zfs list` call however many there are. */
export async function listBootEnvironments(beRoot: string): Promise<BootEnvironment[]> {
  const { stdout } = await run(PROGRAMS.zfs, ['list', '-H', '-p', '-t', 'filesystem', '-d', '1', '-o', LIST_COLUMNS.join(','), beRoot]);
  return parseBootEnvironments(stdout, beRoot);
}

/**
 * Moves each dataset's SEEN_BOOKMARK to now and takes the snapshot it is read from (core/
 * zfs/mark-seen-program.ts): the old bookmark destroyed first (a process each; a channel
 * program cannot), then one channel program for all. The datasets it could not mark (all of
 * them when the program cannot run, e.g. a pool without the bookmarks feature).
 */
export async function markSeen(pool: string, targets: ReadonlyArray<{ dataset: string; hasBookmark: boolean }>): Promise<Set<string>> {
  const datasets = targets.map((t) => t.dataset);
  if (datasets.length === 0) return new Set();
  await unmarkSeen(targets.filter((t) => t.hasBookmark).map((t) => t.dataset));
  const { stdout, exitCode } = await runChannelProgram(pool, MARK_SEEN_PROGRAM, datasets);
  return exitCode === 0 ? unmarkedDatasets(stdout, datasets) : new Set(datasets);
}

/** Destroys the SEEN_BOOKMARK of each dataset (a process each: a channel program cannot). */
export async function unmarkSeen(datasets: readonly string[]): Promise<void> {
  for (const dataset of datasets) await run(PROGRAMS.zfs, ['destroy', `${dataset}#${SEEN_BOOKMARK}`], { allowFailure: true });
}

/** Destroys the snapshots markSeen took, once read; one left behind is destroyed by the next markSeen. */
export async function dropSeenSnapshots(pool: string, datasets: readonly string[]): Promise<void> {
  if (datasets.length > 0) await runChannelProgram(pool, DROP_SEEN_SNAPSHOTS_PROGRAM, datasets);
}

async function runChannelProgram(pool: string, program: string, args: readonly string[]): Promise<RunResult> {
  await mkdir(dirname(CHANNEL_PROGRAM_FILE), { recursive: true });
  await writeFile(CHANNEL_PROGRAM_FILE, program);
  return run(PROGRAMS.zfs, ['program', '-j', pool, CHANNEL_PROGRAM_FILE, ...args], { allowFailure: true });
}

/** The pool's bootfs property, or undefined when unset. */
export async function poolBootfs(pool: string): Promise<string | undefined> {
  const { stdout } = await run(PROGRAMS.zpool, ['get', '-H', '-p', '-o', 'value', 'bootfs', pool]);
  const value = stdout.trim();
  return value === '-' || value === '' ? undefined : value;
}

/** Every snapshot of every dataset under beRoot: name, creation order, clones. */
export async function listSnapshots(beRoot: string): Promise<SnapshotFacts[]> {
  const { stdout } = await run(PROGRAMS.zfs, ['list', '-H', '-p', '-t', 'snapshot', '-r', '-o', 'name,createtxg,clones', beRoot]);
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [name = '', createtxg = '0', clones = ''] = line.split('\t');
      return { name, createtxg: Number(createtxg), clones: clones === '-' || clones === '' ? [] : clones.split(',') };
    });
}

/** `zfs get` of every property of one dataset, for localProperties(). */
export async function getAllProperties(dataset: string): Promise<ZfsProperties> {
  const { stdout } = await run(PROGRAMS.zfs, ['get', '-H', '-p', '-o', 'name,property,value,source', 'all', dataset]);
  return parseZfsGet(stdout);
}

/** Space a new clone could still use, in percent of the pool (reservations count as used). */
export async function poolFreePercent(pool: string): Promise<number> {
  const { sizeBytes, usedBytes } = await poolUsage(pool);
  return sizeBytes > 0 ? ((sizeBytes - usedBytes) / sizeBytes) * 100 : 0;
}

/** The pool's size and use as datasets see them (used + available counts reservations). */
export async function poolUsage(pool: string): Promise<{ sizeBytes: number; usedBytes: number }> {
  const { stdout } = await run(PROGRAMS.zfs, ['list', '-H', '-p', '-o', 'used,available', pool]);
  const [used = 0, available = 0] = stdout.trim().split('\t').map(Number);
  return { sizeBytes: used + available, usedBytes: used };
}

/** Bytes a new dataset can still take in the pool (zfs list's available of its top dataset). */
export async function poolAvailableBytes(pool: string): Promise<number> {
  const { stdout } = await run(PROGRAMS.zfs, ['list', '-H', '-p', '-o', 'available', pool]);
  return Number(stdout.trim());
}

/** Some properties of a dataset (unset user properties left out); undefined if it does not exist. */
export async function datasetProperties(dataset: string, names: readonly string[]): Promise<Record<string, string> | undefined> {
  const { stdout, exitCode } = await run(PROGRAMS.zfs, ['get', '-H', '-p', '-o', 'property,value,source', names.join(','), dataset], { allowFailure: true });
  if (exitCode !== 0) return undefined;
  const values: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const [property, value, source] = line.split('\t');
    // An unset user property shows as value '-' with source '-'.
    if (property && value !== undefined && !(value === '-' && source === '-')) values[property] = value;
  }
  return values;
}

/** Takes one snapshot (name is dataset@snapshot). */
export async function createSnapshot(name: string): Promise<void> {
  await run(PROGRAMS.zfs, ['snapshot', name]);
}

/** Destroys one snapshot; never recursive, never a file system (the name must have an @). */
export async function destroySnapshot(name: string): Promise<void> {
  if (!name.includes('@')) throw new PveBootenvError(`not a snapshot name: ${name}`);
  await run(PROGRAMS.zfs, ['destroy', name]);
}

/**
 * Destroys one file system that is not a snapshot; withSnapshots (-r) takes its own
 * snapshots along. Never -R, which would take the clones of those snapshots too.
 */
export async function destroyFileSystem(dataset: string, options: { withSnapshots?: boolean } = {}): Promise<void> {
  if (dataset.includes('@')) throw new PveBootenvError(`not a file system name: ${dataset}`);
  await run(PROGRAMS.zfs, ['destroy', ...(options.withSnapshots ? ['-r'] : []), dataset]);
}

/** Sets properties of one dataset, in one `zfs set` (all of them or none). */
export async function setProperties(dataset: string, properties: Readonly<Record<string, string>>): Promise<void> {
  const assignments = Object.entries(properties).map(([property, value]) => `${property}=${value}`);
  if (assignments.length > 0) await run(PROGRAMS.zfs, ['set', ...assignments, dataset]);
}

/** Clears a property set on the dataset itself: it inherits again (a user property: unset). */
export async function inheritProperty(dataset: string, property: string): Promise<void> {
  await run(PROGRAMS.zfs, ['inherit', property, dataset]);
}

/** The dataset and every file system or volume under it, with its type, parents first. */
export async function datasetTree(dataset: string): Promise<Array<{ name: string; type: string }>> {
  const { stdout } = await run(PROGRAMS.zfs, ['list', '-H', '-r', '-o', 'name,type', '-t', 'filesystem,volume', dataset]);
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [name = '', type = ''] = line.split('\t');
      return { name, type };
    });
}

/** The names of every file system of the pool. */
export async function fileSystemNames(pool: string): Promise<string[]> {
  const { stdout } = await run(PROGRAMS.zfs, ['list', '-H', '-o', 'name', '-t', 'filesystem', '-r', pool]);
  return stdout.split('\n').filter(Boolean);
}

/** Runs a planned zfs or zpool step (core/be/steps.ts): its argv as --dry-run printed it. */
export async function runZfsStep(step: ZfsStep): Promise<void> {
  await run(step.op === 'zfs' ? PROGRAMS.zfs : PROGRAMS.zpool, step.args);
}

/** The names (dataset@snapshot) of the dataset's own snapshots. */
export async function snapshotNames(dataset: string): Promise<string[]> {
  const { stdout } = await run(PROGRAMS.zfs, ['list', '-H', '-t', 'snapshot', '-d', '1', '-o', 'name', dataset]);
  return stdout.split('\n').filter((line) => line !== '');
}

/**
 * Creates one file system with properties given as name=value, in the order given (the
 * same argv as `zfs create -o name=value … dataset`).
 */
export async function createFileSystem(dataset: string, properties: readonly string[]): Promise<void> {
  await run(PROGRAMS.zfs, ['create', ...properties.flatMap((p) => ['-o', p]), dataset]);
}

/**
 * Destroys one file system (not recursive) for an undo: a zfs that exits non-zero is not
 * an error here, so that the error being undone is the one reported. Says whether it went.
 */
export async function tryDestroyFileSystem(dataset: string): Promise<boolean> {
  if (dataset.includes('@')) throw new PveBootenvError(`not a file system name: ${dataset}`);
  const { exitCode } = await run(PROGRAMS.zfs, ['destroy', dataset], { allowFailure: true });
  return exitCode === 0;
}

/**
 * `zfs mount` in PID 1's mount namespace, not ours: a command that changes things runs in a
 * private namespace whose mounts die with it, and this mount must stay when we end.
 */
export async function mountInHostNamespace(dataset: string): Promise<void> {
  await run(PROGRAMS.nsenter, ['--mount=/proc/1/ns/mnt', '--', PROGRAMS.zfs, 'mount', dataset]);
}
