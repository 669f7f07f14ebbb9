// A BeHost (src/engine/run-step.ts) with no host behind it: a pool of BEs in memory, a log
// of everything the command did in order, and failures to inject. The ESPs are one
// systemd-boot ESP that takes every BE with a kernel unless told otherwise.
import type { BootEnvironment } from '../../../src/core/be/boot-environment.js';
import type { SnapshotFacts } from '../../../src/core/be/destroy-plan.js';
import { describeStep } from '../../../src/core/be/steps.js';
import type { EspPlan, WantedBe, WantedEntry } from '../../../src/core/sync/model.js';
import { parseZfsGet } from '../../../src/core/zfs/zfs-get.js';
import type { HostState } from '../../../src/engine/host-state.js';
import type { RollbackComparison } from '../../../src/engine/rollback-diff.js';
import type { BeHost, RunnableStep } from '../../../src/engine/run-step.js';
import type { EspSettings, SyncReport } from '../../../src/engine/sync.js';

export const R = 'rpool/ROOT';
export const SETTINGS: EspSettings = { reserveMiB: 32, maxLoaded: 8, kernels: 'latest' };
export const KVER = '6.8.12-4-pve';
export const entryOf = (be: string) => `pve-bootenv-${be}-${KVER}.conf`;
export const trialEntryOf = (be: string) => `pve-bootenv-${be}-${KVER}.trial.conf`;
/** The running boot's id. */
export const BOOT_ID = '0f0e0d0c-0b0a-4908-8706-050403020100';

export function bootEnvironment(name: string, more: Partial<BootEnvironment> = {}): BootEnvironment {
  return { name, dataset: `${R}/${name}`, created: 1_700_000_000, usedBytes: 1 << 20, canmount: 'noauto', mounted: false, held: false, ...more };
}

/** pve-1 booted and the default (bootfs), and whatever other BEs are given. */
export function hostState(others: BootEnvironment[] = [], more: Partial<HostState> = {}): HostState {
  return {
    booted: `${R}/pve-1`,
    beRoot: R,
    pool: 'rpool',
    bes: [bootEnvironment('pve-1', { canmount: 'on' }), ...others],
    bootfs: `${R}/pve-1`,
    defaultDataset: `${R}/pve-1`,
    nextBootDataset: undefined,
    oneShotEntry: undefined,
    bootId: BOOT_ID,
    bootedAsTrial: false,
    trialDataset: undefined,
    ...more,
  };
}

export interface FakeWorld {
  state: HostState;
  snapshots?: SnapshotFacts[];
  /** The state the command reads after its own first read (a create's activation reads again). */
  laterState?: HostState;
  /** Makes the step (as --dry-run prints it) fail with this error. */
  failing?: (step: string) => Error | undefined;
  /** BEs without a kernel with an initrd: nothing to boot. */
  noKernel?: string[];
  /** BEs the ESP has no room for, with why. */
  noRoom?: Record<string, string>;
  /** The fresh clone's entries could be added without a full sync. */
  /** What the entries-only path finds: added (and past max-loaded or not), or not added. */
  entriesAdded?: false | { pastMaxLoaded: boolean };
  rollback?: RollbackComparison;
  /** The one-shot choice cannot be written. */
  nextBootFails?: Error;
  /** Destroying this dataset or snapshot (an undo) fails. */
  undoFails?: string;
}

export interface FakeHost extends BeHost {
  /** What the command did, in order: steps as --dry-run prints them, and the host calls. */
  log: string[];
}

const SYNCED: SyncReport = { defaultBe: 'pve-1', defaultEntry: entryOf('pve-1'), esps: [], efiDefault: 'unchanged', problems: [], bytesWritten: 0 };

export function fakeHost(world: FakeWorld): FakeHost {
  const log: string[] = [];
  let reads = 0;
  const fail = (what: string) => {
    const error = world.failing?.(what);
    if (error) throw error;
  };
  const wantedOf = (state: HostState): WantedBe[] =>
    state.bes.map((be) => ({
      be: be.name,
      reason: be.dataset === state.defaultDataset ? 'default' : be.dataset === state.nextBootDataset ? 'next-boot' : 'newest',
      entries: world.noKernel?.includes(be.name) ? [] : [wantedEntry(be.name), ...(be.dataset === state.trialDataset ? [wantedEntry(be.name, true)] : [])],
    }));
  const host: FakeHost = {
    log,
    readState: async () => {
      log.push('read state');
      return reads++ > 0 && world.laterState ? world.laterState : world.state;
    },
    zfs: {
      listBootEnvironments: async () => (world.laterState ?? world.state).bes,
      listSnapshots: async () => world.snapshots ?? [],
      getAllProperties: async (dataset) => parseZfsGet(`${dataset}\tacltype\tposix\tlocal\n${dataset}\txattr\tsa\tlocal\n${dataset}\tcompression\ton\tinherited from rpool\n`),
      destroyFileSystem: async (dataset, options) => {
        log.push(`undo: destroy ${options?.withSnapshots ? '-r ' : ''}${dataset}`);
        if (world.undoFails === dataset) throw new Error(`cannot destroy '${dataset}': dataset is busy`);
      },
      destroySnapshot: async (name) => {
        log.push(`undo: destroy ${name}`);
        if (world.undoFails === name) throw new Error(`cannot destroy '${name}': snapshot has dependent clones`);
      },
    },
    runStep: async (step: RunnableStep) => {
      const what = describeStep(step);
      log.push(what);
      fail(what);
    },
    esp: {
      sync: async () => {
        log.push('sync');
        return SYNCED;
      },
      prepareSync: async (_settings, target) => {
        const wanted = wantedOf(target);
        const loaded = wanted.filter((w) => w.entries.length > 0 && !world.noRoom?.[w.be]);
        const plan: EspPlan = {
          esp: 'AAAA-0001',
          bootloader: 'systemd-boot',
          actions: [],
          loaded: loaded.map((w) => ({ be: w.be, reason: w.reason })),
          notLoaded: Object.entries(world.noRoom ?? {}).map(([be, why]) => ({ be, why })),
          bytesToWrite: 0,
        };
        const defaultBe = target.bes.find((be) => be.dataset === target.defaultDataset)?.name;
        const planned: SyncReport = { ...SYNCED, defaultBe, defaultEntry: defaultBe && entryOf(defaultBe), esps: [{ esp: plan.esp, status: 'planned', plan, bytesWritten: 0 }] };
        log.push(`prepare sync: default ${target.defaultDataset}, next boot ${target.nextBootDataset ?? '-'}${target.trialDataset ? `, trial ${target.trialDataset}` : ''}`);
        return {
          planned,
          gathered: { wanted, defaultEntry: planned.defaultEntry, defaultBe, problems: [], readyToCopy: async () => undefined, release: async () => undefined },
          apply: async () => {
            log.push('apply sync');
            return { ...planned, esps: [{ esp: plan.esp, status: 'synced', plan, bytesWritten: 1 }] };
          },
          close: async () => {
            log.push('close sync');
          },
        };
      },
      addEntriesOfFreshClone: async (state, name) => {
        log.push(`add entries of ${name} (${state.bes.length} BEs)`);
        return world.entriesAdded || undefined;
      },
      setNextBootEntry: async (entry) => {
        log.push(`next boot: ${entry}`);
        if (world.nextBootFails) throw world.nextBootFails;
      },
    },
    compareEtcPve: async (_state, be) => {
      log.push(`compare /etc/pve with ${be.name}'s`);
      return world.rollback ?? { notes: [] };
    },
  };
  return host;
}

function wantedEntry(be: string, trial = false): WantedEntry {
  const file = (kind: 'vmlinuz' | 'initrd.img') => ({ kind, kver: KVER, sha256: '0'.repeat(64), size: 1, source: `/boot/${kind}-${KVER}` });
  return { name: trial ? trialEntryOf(be) : entryOf(be), text: `title ${be}\n`, linux: file('vmlinuz'), initrd: file('initrd.img') };
}
