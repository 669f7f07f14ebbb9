// `pve-bootenv create`: a new BE = a snapshot of a BE (the booted one unless told) cloned
// under the BE root with the source's local properties, canmount=noauto, its own
// /etc/kernel/cmdline pointing at itself, and its entry on every ESP at once. A failure
// part-way removes what was made: nothing is left half-done.
import { PROPS, PROPS_PREFIX } from '../core/be/boot-environment.js';
import { canmountSteps, describeStep, type BeStep, type ZfsStep } from '../core/be/steps.js';
import { localProperties } from '../core/zfs/clone-properties.js';
import { getAllProperties, listBootEnvironments, listSnapshots } from '../adapters/zfs.js';
import { PROGRAMS } from '../adapters/programs.js';
import { run } from '../adapters/run.js';
import { activateIn } from './activate.js';
import { addEntriesOfFreshClone } from './add-entries.js';
import { BeError, checkNewBeName, findBe, readHostState, type HostState } from './host-state.js';
import { runStep } from './run-step.js';
import { messageOf, sync, type EspSettings } from './sync.js';
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

/** state: the host as the caller just read it (read again when absent). */
export async function create(name: string, options: CreateOptions, settings: EspSettings, state?: HostState): Promise<ChangeReport> {
  state ??= await readHostState();
  const plan = await planCreate(state, name, options);
  const report: ChangeReport = { be: name, dryRun: options.dryRun, steps: plan.steps.map(describeStep), notes: [] };
  if (options.then) report.steps.push(options.then === 'activate' ? `activate ${name}` : `activate ${name} for the next boot only`);
  if (options.dryRun) return report;

  await makeClone(plan);
  if (options.then) {
    const activated = await activateIn(await readHostState(), name, { nextBoot: options.then === 'next-boot', dryRun: false }, settings).catch((error: unknown) => {
      throw new BeError(`created ${name}, but did not activate it: ${messageOf(error)}`);
    });
    return { ...report, sync: activated.sync, notes: activated.notes };
  }
  if (options.espUpdate === 'entries-only' && (await addEntriesOfFreshClone({ ...state, bes: await listBootEnvironments(state.beRoot) }, name, settings))) {
    report.notes.push('its entries were added to every ESP; the next sync does the rest');
    return report;
  }
  report.sync = await sync({ ...settings, dryRun: false, verify: false });
  return report;
}

interface CreatePlan {
  snapshot: string;
  /** False when the caller named an existing snapshot. */
  makeSnapshot: boolean;
  dataset: string;
  steps: Array<ZfsStep | Extract<BeStep, { op: 'set-cmdline-root' | 'sync-esps' }>>;
}

async function planCreate(state: HostState, name: string, options: CreateOptions): Promise<CreatePlan> {
  checkNewBeName(name);
  if (state.bes.some((be) => be.name === name)) throw new BeError(`a boot environment "${name}" exists already; choose another name or destroy it first`);
  const dataset = `${state.beRoot}/${name}`;

  const [sourceName, snapshotName] = options.source?.split('@', 2) ?? [];
  const source = sourceName ? findBe(state, sourceName) : state.bes.find((be) => be.dataset === state.booted);
  if (!source) throw new BeError(`the booted dataset ${state.booted} is not a boot environment under ${state.beRoot}`);
  const snapshots = new Set((await listSnapshots(state.beRoot)).map((s) => s.name));
  let snapshot: string;
  let makeSnapshot = true;
  if (snapshotName !== undefined) {
    snapshot = `${source.dataset}@${snapshotName}`;
    if (!snapshots.has(snapshot)) throw new BeError(`no snapshot ${snapshot}; 'zfs list -t snapshot ${source.dataset}' shows them`);
    makeSnapshot = false;
  } else {
    snapshot = `${source.dataset}@${name}`;
    // A BE destroyed without -o leaves its origin snapshot: do not collide with it.
    if (snapshots.has(snapshot)) snapshot = `${snapshot}-${stamp(options.now ?? new Date())}`;
    if (snapshots.has(snapshot)) throw new BeError(`snapshot ${snapshot} exists already; try again in a second`);
  }

  const cloneArgs = ['clone', '-o', 'canmount=noauto', '-o', 'mountpoint=/'];
  for (const [property, value] of localProperties(await getAllProperties(source.dataset), source.dataset)) cloneArgs.push('-o', `${property}=${value}`);
  cloneArgs.push('-o', `${PROPS.origin}=${options.madeBy}`);
  if (options.description) cloneArgs.push('-o', `${PROPS.description}=${options.description}`);
  for (const [property, value] of Object.entries(options.properties ?? {})) cloneArgs.push('-o', `${PROPS_PREFIX}${property}=${value}`);
  cloneArgs.push(snapshot, dataset);

  const steps: CreatePlan['steps'] = [...canmountSteps(state.bes)];
  if (makeSnapshot) steps.push({ op: 'zfs', args: ['snapshot', snapshot] });
  steps.push({ op: 'zfs', args: cloneArgs }, { op: 'set-cmdline-root', dataset });
  if (!options.then) steps.push({ op: 'sync-esps' });
  return { snapshot, makeSnapshot, dataset, steps };
}

/** Snapshot, clone, command line; on any failure the clone and our snapshot go again. */
async function makeClone(plan: CreatePlan): Promise<void> {
  let cloned = false;
  try {
    for (const step of plan.steps) {
      if (step.op === 'sync-esps') continue;
      await runStep(step);
      if (step.op === 'zfs' && step.args[0] === 'clone') cloned = true;
    }
  } catch (error) {
    if (cloned) await run(PROGRAMS.zfs, ['destroy', plan.dataset], { allowFailure: true });
    if (plan.makeSnapshot) await run(PROGRAMS.zfs, ['destroy', plan.snapshot], { allowFailure: true });
    throw new BeError(`creating ${plan.dataset} failed, nothing was kept: ${messageOf(error)}`);
  }
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

