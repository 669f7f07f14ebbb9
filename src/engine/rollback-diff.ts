// What booting a BE would bring back of /etc/pve (DESIGN §5.8): while
// /var/lib/pve-cluster is inside the root dataset, each BE has its own config.db, and the
// one a BE was made with comes back when it boots. Activation compares it with the running
// host's first, so that the admin is told before anything changes.
//
// The running host's config.db is read from a snapshot of the booted dataset, taken for
// this and destroyed right after: pmxcfs keeps writing the live file (and its WAL), a
// snapshot has both as of one instant, and reading it disturbs nothing. The BE's is read
// through a read-only mount. Both are untrusted only in the BE's case, but are read the
// same careful way (adapters/contained-file.ts).
//
// Activation is about the OS: a config.db that cannot be read or compared is a warning in
// the report, never a reason to refuse (the rollback may be what repairs the host).
import type { BootEnvironment } from '../core/be/boot-environment.js';
import { timeStamp } from '../core/be/name-template.js';
import { buildConfigTree, ConfigTreeError, type ConfigTree, type TreeRow } from '../core/pve-config/tree.js';
import { diffEtcPve, type EtcPveDiff } from '../core/pve-config/etc-pve-diff.js';
import { messageOf, PveBootenvError } from '../core/errors.js';
import { mountBeReadOnly, mountSnapshotReadOnly, unmountBe } from '../adapters/be-mount.js';
import { CONFIG_DB, ConfigDbError, configDbOnRootFileSystem, readConfigDb, type ConfigDbRead } from '../adapters/config-db.js';
import { createSnapshot, destroySnapshot, snapshotNames } from '../adapters/zfs.js';
import type { HostState } from './host-state.js';

/** The `rollback` field of activate's ChangeReport. */
export type RollbackReport =
  /** Both were read; nothing differs when both lists are empty. */
  | ({ status: 'compared'; /** Entries of the two databases that no path shows (broken or crafted rows), left out. */ hidden: number } & EtcPveDiff)
  /** The BE has no /var/lib/pve-cluster (or no config.db in it): booted, /etc/pve would start empty. */
  | { status: 'absent'; missing: string }
  /** One of the two could not be read or is one pmxcfs would not load: not compared. */
  | { status: 'unreadable'; message: string };

export interface RollbackComparison {
  /** Undefined when nothing of /etc/pve rolls back (see compareEtcPve). */
  rollback?: RollbackReport;
  /** Things left to clean up, one line each. */
  notes: string[];
}

/** Snapshots of the booted dataset named so are ours, made only for one read. */
export const CONFIG_DB_SNAPSHOT_PREFIX = 'pve-bootenv-configdb-';

/**
 * Compares be's /etc/pve with the running host's. Nothing to say (no rollback field) when
 * be is the booted BE, when the host has no config.db, or when it is not in the root
 * dataset (moved to a dataset of its own that every BE mounts): then nothing rolls back.
 */
export async function compareEtcPve(state: HostState, be: BootEnvironment, now = new Date()): Promise<RollbackComparison> {
  const notes: string[] = [];
  if (be.dataset === state.booted) return { notes };
  try {
    if (!(await configDbOnRootFileSystem())) return { notes };
    const host = await readBootedConfigDb(state.booted, now, notes);
    if (!host.found) return { notes };
    const target = await readBeConfigDb(be);
    if (!target.found) return { rollback: { status: 'absent', missing: target.missing }, notes };
    const hostTree = treeOf(host.rows, "the running host's");
    const beTree = treeOf(target.rows, `${be.name}'s`);
    return { rollback: { status: 'compared', hidden: hostTree.hidden + beTree.hidden, ...diffEtcPve(hostTree, beTree) }, notes };
  } catch (error) {
    return { rollback: { status: 'unreadable', message: messageOf(error) }, notes };
  }
}

async function readBootedConfigDb(booted: string, now: Date, notes: string[]): Promise<ConfigDbRead> {
  await destroyLeftoverSnapshots(booted, notes);
  const snapshot = `${booted}@${CONFIG_DB_SNAPSHOT_PREFIX}${timeStamp(now)}`;
  await createSnapshot(snapshot).catch((error: unknown) => {
    throw new PveBootenvError(`the running host's /${CONFIG_DB} could not be snapshotted: ${messageOf(error)}`, { cause: error });
  });
  try {
    // e.g. /run/pve-bootenv/be/pve-1@pve-bootenv-configdb-…: a BE name has no '@'.
    const dir = await mountSnapshotReadOnly(snapshot, snapshot.slice(snapshot.lastIndexOf('/') + 1)).catch((error: unknown) => {
      throw new PveBootenvError(`the snapshot ${snapshot} could not be mounted to read the running host's /${CONFIG_DB}: ${messageOf(error)}`, { cause: error });
    });
    try {
      return await readConfigDb(dir).catch(blame("the running host's"));
    } finally {
      await unmountBe(dir);
    }
  } finally {
    await destroySnapshot(snapshot).catch((error: unknown) => {
      notes.push(`the temporary snapshot ${snapshot} could not be destroyed (${messageOf(error)}); 'zfs destroy ${snapshot}' does it`);
    });
  }
}

/** A run killed between taking and destroying its snapshot leaves it behind: the next run clears it. */
async function destroyLeftoverSnapshots(booted: string, notes: string[]): Promise<void> {
  const ours = (await snapshotNames(booted)).filter((name) => name.startsWith(`${booted}@${CONFIG_DB_SNAPSHOT_PREFIX}`));
  for (const name of ours) {
    await destroySnapshot(name).catch((error: unknown) => notes.push(`the leftover snapshot ${name} could not be destroyed (${messageOf(error)})`));
  }
}

async function readBeConfigDb(be: BootEnvironment): Promise<ConfigDbRead> {
  const mount = await mountBeReadOnly(be.dataset, be.name).catch((error: unknown) => {
    throw new PveBootenvError(`${be.name} could not be mounted to read its /${CONFIG_DB}: ${messageOf(error)}`, { cause: error });
  });
  try {
    return await readConfigDb(mount.dir).catch(blame(`${be.name}'s`));
  } finally {
    if (mount.ours) await unmountBe(mount.dir);
  }
}

function treeOf(rows: readonly TreeRow[], whose: string): ConfigTree {
  try {
    return buildConfigTree(rows);
  } catch (error) {
    if (error instanceof ConfigTreeError) throw new PveBootenvError(`${whose} /${CONFIG_DB} is one pmxcfs would refuse to load: ${error.message}`, { cause: error });
    throw error;
  }
}

/** Says whose config.db a ConfigDbError is about (its message starts with the path). */
function blame(whose: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof ConfigDbError) throw new PveBootenvError(`${whose} ${error.message}`, { cause: error });
    throw error;
  };
}
