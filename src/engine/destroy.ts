// `pve-bootenv destroy`: the planner (core/be/destroy-plan.ts) decides which clone to
// promote so that no other BE loses data; here the plan is carried out and the ESPs
// synced, which removes the BE's entries and the files no other entry uses.
import { planDestroy, zfsStepOf } from '../core/be/destroy-plan.js';
import { describeStep, type ZfsStep } from '../core/be/steps.js';
import { findBe, type HostState } from './host-state.js';
import { BeError } from '../core/errors.js';
import { realHost, type BeHost } from './run-step.js';
import type { EspSettings } from './sync.js';
import type { ChangeReport } from './change-report.js';

export interface DestroyOptions {
  /** Also destroy the snapshot it was cloned from, when nothing else uses it. */
  origin: boolean;
  dryRun: boolean;
}

export async function destroy(name: string, options: DestroyOptions, settings: EspSettings, host: BeHost = realHost): Promise<ChangeReport> {
  const { steps, notes } = await planDestroyOf(await host.readState(), name, options.origin, host);
  const report: ChangeReport = { be: name, dryRun: options.dryRun, steps: [...steps, { op: 'sync-esps' } as const].map(describeStep), notes };
  if (options.dryRun) return report;
  for (const step of steps) await host.runStep(step);
  report.sync = await host.esp.sync({ ...settings, dryRun: false, verify: false });
  return report;
}

/** The ZFS steps that destroy one BE (no ESP sync), or a BeError saying why not. */
export async function planDestroyOf(state: HostState, name: string, origin: boolean, host: BeHost = realHost): Promise<{ steps: ZfsStep[]; notes: string[] }> {
  const be = findBe(state, name);
  const plan = planDestroy({
    target: name,
    beRoot: state.beRoot,
    bes: state.bes,
    snapshots: await host.zfs.listSnapshots(state.beRoot),
    booted: state.booted,
    defaultDataset: state.defaultDataset,
    nextBootDataset: state.nextBootDataset,
    destroyOrigin: origin,
  });
  if (!plan.ok) throw new BeError(plan.refusal);
  if (be.mounted) throw new BeError(`${name} is mounted; 'pve-bootenv umount ${name}' first`);
  const notes = [...plan.notes];
  for (const step of plan.steps) if (step.op === 'promote') notes.push(`promoted ${step.dataset}: ${step.why}`);
  return { steps: plan.steps.map(zfsStepOf), notes };
}
