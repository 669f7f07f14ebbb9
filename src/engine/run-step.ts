// What the boot-environment commands do to the host, behind one port (BeHost): read its
// state, the few zfs reads and undos around a plan, carry out the planned steps (see
// core/be/steps.ts), and the ESP sync that ends a change. create, activate, rename and
// destroy take a BeHost whose default, realHost, is the adapters; a unit test passes a
// fake and runs them without root or a pool. The ESP sync step is not a runStep: the
// commands run it themselves, with the plan they checked before touching ZFS.
import type { BootEnvironment } from '../core/be/boot-environment.js';
import type { SnapshotFacts } from '../core/be/destroy-plan.js';
import type { BeStep } from '../core/be/steps.js';
import type { ZfsProperties } from '../core/zfs/zfs-get.js';
import { setCmdlineRoot } from '../adapters/be-cmdline.js';
import { clearOneShotEntry, setOneShotEntry } from '../adapters/bootloader/one-shot.js';
import { destroyFileSystem, destroySnapshot, getAllProperties, listBootEnvironments, listSnapshots, runZfsStep } from '../adapters/zfs.js';
import { addEntriesOfFreshClone, type FreshCloneEntries } from './add-entries.js';
import { readHostState, type HostState } from './host-state.js';
import { compareEtcPve, type RollbackComparison } from './rollback-diff.js';
import { prepareSync, sync, type EspSettings, type PreparedSync, type SyncReport, type SyncSettings } from './sync.js';

/** A planned step that runStep carries out (the ESP sync and the one-shot choice need the sync's plan). */
export type RunnableStep = Exclude<BeStep, { op: 'sync-esps' | 'set-next-boot' }>;

export interface BeHost {
  /** The host as every command starts from it (host-state.ts). */
  readState(): Promise<HostState>;
  zfs: {
    listBootEnvironments(beRoot: string): Promise<BootEnvironment[]>;
    listSnapshots(beRoot: string): Promise<SnapshotFacts[]>;
    getAllProperties(dataset: string): Promise<ZfsProperties>;
    /** The undo of a clone or a receive (zfs-adapter destroyFileSystem). */
    destroyFileSystem(dataset: string, options?: { withSnapshots?: boolean }): Promise<void>;
    destroySnapshot(name: string): Promise<void>;
  };
  runStep(step: RunnableStep): Promise<void>;
  esp: {
    sync(settings: SyncSettings): Promise<SyncReport>;
    /** A sync planned for target with the ESPs mounted (sync.ts): checked first, applied after ZFS changed. */
    prepareSync(settings: EspSettings & { verify: boolean; dryRun?: boolean }, target: HostState): Promise<PreparedSync>;
    /** True when the fresh clone's entries could be written without a full sync (add-entries.ts). */
    addEntriesOfFreshClone(state: HostState, name: string, settings: EspSettings): Promise<FreshCloneEntries | undefined>;
    /** The next-boot-only choice: this entry once (LoaderEntryOneShot, or GRUB's next_entry). */
    setNextBootEntry(entry: string): Promise<void>;
  };
  /** What booting be would bring back of /etc/pve (rollback-diff.ts). */
  compareEtcPve(state: HostState, be: BootEnvironment): Promise<RollbackComparison>;
}

export const realHost: BeHost = {
  readState: readHostState,
  zfs: { listBootEnvironments, listSnapshots, getAllProperties, destroyFileSystem, destroySnapshot },
  runStep,
  esp: { sync, prepareSync, addEntriesOfFreshClone, setNextBootEntry: setOneShotEntry },
  compareEtcPve,
};

/** Carries out one planned step on the real host. */
export async function runStep(step: RunnableStep): Promise<void> {
  switch (step.op) {
    case 'zfs':
    case 'zpool':
      await runZfsStep(step);
      return;
    case 'set-cmdline-root':
      await setCmdlineRoot(step.dataset);
      return;
    case 'clear-next-boot':
      await clearOneShotEntry();
      return;
  }
}
