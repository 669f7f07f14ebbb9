// `pve-bootenv create`: a new BE = a snapshot of a BE (the booted one unless told) cloned
// under the BE root with the source's local properties, canmount=noauto, its own
// /etc/kernel/cmdline pointing at itself, and its entry on every ESP at once. A failure
// part-way removes what was made: nothing is left half-done.
import { planCreate, type CreatePlan } from '../core/be/create-plan.js';
import { describeStep } from '../core/be/steps.js';
import { failureOf, messageOf } from '../core/errors.js';
import { activateIn } from './activate.js';
import { findBe, type HostState } from './host-state.js';
import { BeError } from '../core/errors.js';
import { checkNewBeName } from '../core/be/names.js';
import { realHost, type BeHost } from './run-step.js';
import type { EspSettings } from './sync.js';
import type { ChangeReport } from './change-report.js';

export interface CreateOptions {
  /** A BE name, or <be>@<snapshot>; the booted BE when absent. */
  source?: string;
  description?: string;
  /** How it was made, recorded in pve-bootenv:origin: manual, apt, kernel… */
  madeBy: string;
  /** More of our user properties to record on the new BE (name without namespace → value). */
  properties?: Record<string, string>;
  then?: 'activate' | 'next-boot';
  /**
   * 'entries-only': when the new BE's kernel files are on every ESP already (a fresh clone
   * of the booted BE), write just its entries (the apt hook, where dpkg is waiting).
   */
  espUpdate?: 'sync' | 'entries-only';
  dryRun: boolean;
  /** Clock for the snapshot name when the plain one is taken (tests pass their own). */
  now?: Date;
}

/** What a refusal of a name that is taken ends with. */
export const NAME_TAKEN_ADVICE = 'choose another name or destroy it first';

/** state: the host as the caller just read it (read again when absent). */
export async function create(name: string, options: CreateOptions, settings: EspSettings, state?: HostState, host: BeHost = realHost): Promise<ChangeReport> {
  state ??= await host.readState();
  const plan = await planCreateOn(state, name, options, host);
  const report: ChangeReport = { be: name, dryRun: options.dryRun, steps: plan.steps.map(describeStep), notes: [] };
  if (options.then) report.steps.push(options.then === 'activate' ? `activate ${name}` : `activate ${name} for the next boot only`);
  if (options.dryRun) return report;

  await makeClone(plan, host);
  if (options.then) {
    const activated = await activateIn(await host.readState(), name, { nextBoot: options.then === 'next-boot', dryRun: false }, settings, host).catch((error: unknown) => {
      throw new BeError(`created ${name}, but did not activate it: ${messageOf(error)}`, { cause: error });
    });
    return { ...report, sync: activated.sync, notes: activated.notes };
  }
  const added = options.espUpdate === 'entries-only' ? await host.esp.addEntriesOfFreshClone({ ...state, bes: await host.zfs.listBootEnvironments(state.beRoot) }, name, settings) : undefined;
  if (added !== undefined) {
    report.notes.push('its entries were added to every ESP; the next sync does the rest');
    if (added.pastMaxLoaded) report.syncPending = true;
    return report;
  }
  report.sync = await host.esp.sync({ ...settings, dryRun: false, verify: false });
  return report;
}

type ReadyPlan = Extract<CreatePlan, { ok: true }>;

/** The facts planCreate (core/be/create-plan.ts) needs, and its refusals as BeErrors. */
async function planCreateOn(state: HostState, name: string, options: CreateOptions, host: BeHost): Promise<ReadyPlan> {
  checkNewBeName(name, state.bes.map((be) => be.name), NAME_TAKEN_ADVICE);
  const [sourceName, snapshotName] = options.source?.split('@', 2) ?? [];
  const source = sourceName ? findBe(state, sourceName) : state.bes.find((be) => be.dataset === state.booted);
  if (!source) throw new BeError(`the booted dataset ${state.booted} is not a boot environment under ${state.beRoot}`);
  const snapshots = new Set((await host.zfs.listSnapshots(state.beRoot)).map((s) => s.name));
  const plan = planCreate({
    name,
    beRoot: state.beRoot,
    bes: state.bes,
    sourceDataset: source.dataset,
    ...(snapshotName !== undefined ? { snapshotName } : {}),
    snapshots,
    sourceProperties: await host.zfs.getAllProperties(source.dataset),
    madeBy: options.madeBy,
    ...(options.description ? { description: options.description } : {}),
    ...(options.properties ? { properties: options.properties } : {}),
    syncEsps: !options.then,
    now: options.now ?? new Date(),
  });
  if (!plan.ok) throw new BeError(plan.refusal);
  return plan;
}

/** Snapshot, clone, command line; on any failure the clone and our snapshot go again. */
async function makeClone(plan: ReadyPlan, host: BeHost): Promise<void> {
  let snapshotted = false;
  let cloned = false;
  try {
    for (const step of plan.steps) {
      if (step.op === 'sync-esps') continue;
      await host.runStep(step);
      if (step.op === 'zfs' && step.args[0] === 'snapshot') snapshotted = true;
      if (step.op === 'zfs' && step.args[0] === 'clone') cloned = true;
    }
  } catch (error) {
    // The undo's own failure is told with the first one, never thrown over it.
    const undoFailures = [
      cloned ? await failureOf(() => host.zfs.destroyFileSystem(plan.dataset)) : undefined,
      snapshotted ? await failureOf(() => host.zfs.destroySnapshot(plan.snapshot)) : undefined,
    ].filter((failure) => failure !== undefined);
    if (undoFailures.length === 0) throw new BeError(`creating ${plan.dataset} failed, nothing was kept: ${messageOf(error)}`, { cause: error });
    throw new BeError(`creating ${plan.dataset} failed: ${messageOf(error)}; undoing it failed too: ${undoFailures.join('; ')}`, { cause: error });
  }
}
