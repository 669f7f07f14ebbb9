// `pve-bootenv destroy`: the planner (core/be/destroy-plan.ts) decides which clone to
// promote so that no other BE loses data; here the plan is carried out and the ESPs
// synced, which removes the BE's entries and the files no other entry uses.
import { planDestroy, type DestroyStep } from '../core/be/destroy-plan.js';
import { describeStep, type ZfsStep } from '../core/be/steps.js';
import { listSnapshots } from '../adapters/zfs.js';
import { BeError, findBe, readHostState, type HostState } from './host-state.js';
import { runStep } from './run-step.js';
import { sync, type EspSettings } from './sync.js';
import type { ChangeReport } from './change-report.js';

export interface DestroyOptions {
  /** Also destroy the snapshot it was cloned from, when nothing else uses it. */
  origin: boolean;
  dryRun: boolean;
}

export async function destroy(name: string, options: DestroyOptions, settings: EspSettings): Promise<ChangeReport> {
  const { steps, notes } = await planDestroyOf(await readHostState(), name, options.origin);
  const report: ChangeReport = { be: name, dryRun: options.dryRun, steps: [...steps, { op: 'sync-esps' } as const].map(describeStep), notes };
  if (options.dryRun) return report;
  for (const step of steps) await runStep(step);
  report.sync = await sync({ ...settings, dryRun: false, verify: false });
  return report;
}

/** The ZFS steps that destroy one BE (no ESP sync), or a BeError saying why not. */
export async function planDestroyOf(state: HostState, name: string, origin: boolean): Promise<{ steps: ZfsStep[]; notes: string[] }> {
  const be = findBe(state, name);
  const plan = planDestroy({
    target: name,
    beRoot: state.beRoot,
    bes: state.bes,
    snapshots: await listSnapshots(state.beRoot),
    booted: state.booted,
    defaultDataset: state.defaultDataset,
    nextBootDataset: state.nextBootDataset,
    destroyOrigin: origin,
  });
  if (!plan.ok) throw new BeError(plan.refusal);
  if (be.mounted) throw new BeError(`${name} is mounted; 'pve-bootenv umount ${name}' first`);
  const notes = [...plan.notes];
  for (const step of plan.steps) if (step.op === 'promote') notes.push(`promoted ${step.dataset}: ${step.why}`);
  return { steps: plan.steps.map(toZfsStep), notes };
}

function toZfsStep(step: DestroyStep): ZfsStep {
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
