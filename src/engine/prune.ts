// `pve-bootenv prune`: the retention planner (core/retention) decides; each BE it gives up
// is destroyed by destroy's rules (dependents promoted first), one at a time with a fresh
// look at ZFS, so a prune killed half-way leaves every other BE intact and the next run
// finishes the job. One ESP sync at the end removes their entries and unused files.
import { planPrune, type PrunePlan } from '../core/retention/plan-prune.js';
import type { Config } from '../core/config/config.js';
import { messageOf } from '../core/errors.js';
import { poolUsage } from '../adapters/zfs.js';
import { planDestroyOf } from './destroy.js';
import { readHostState, type HostState } from './host-state.js';
import { runStep } from './run-step.js';
import { sync, type SyncReport } from './sync.js';

export interface PruneReport {
  dryRun: boolean;
  plan: PrunePlan;
  destroyed: string[];
  /** BEs the plan gave up that could not be destroyed, with why. */
  failed: Array<{ name: string; message: string }>;
  sync?: SyncReport;
}

export async function prune(options: { dryRun: boolean; includeManual: boolean }, config: Config): Promise<PruneReport> {
  const state = await readHostState();
  const plan = await planFor(state, options.includeManual, config);
  const report: PruneReport = { dryRun: options.dryRun, plan, destroyed: [], failed: [] };
  if (options.dryRun || plan.destroy.length === 0) return report;
  for (const name of plan.destroy) {
    try {
      // Earlier destroys may have promoted clones: plan each on the state as it is now.
      const { steps } = await planDestroyOf(await readHostState(), name, true);
      for (const step of steps) await runStep(step);
      report.destroyed.push(name);
    } catch (error) {
      report.failed.push({ name, message: messageOf(error) });
    }
  }
  report.sync = await sync({ ...config.esp, dryRun: false, verify: false });
  return report;
}

async function planFor(state: HostState, includeManual: boolean, config: Config): Promise<PrunePlan> {
  const { timer: _whenNotWhat, ...policy } = config.retention;
  return planPrune({
    bes: state.bes.map((be) => ({
      name: be.name,
      created: be.created,
      ...(be.madeBy ? { madeBy: be.madeBy } : {}),
      important: be.important !== undefined,
      held: be.held,
      booted: be.dataset === state.booted,
      isDefault: be.dataset === state.defaultDataset,
      nextBoot: be.dataset === state.nextBootDataset,
      usedBytes: be.usedBytes,
    })),
    policy,
    now: Math.floor(Date.now() / 1000),
    includeManual,
    pool: await poolUsage(state.pool),
    // Calendar buckets in the host's local time, as the admin reads dates.
    utcOffsetMinutes: -new Date().getTimezoneOffset(),
  });
}

/**
 * After a change the hooks saw (dpkg ran, a kernel came or went): prune by policy, which
 * syncs the ESPs when it destroys something, else sync — unless the caller knows nothing a
 * sync reads has changed (syncUnlessPruned: false). Returns the problems to report.
 */
export async function pruneAndSync(config: Config, options: { syncUnlessPruned: boolean } = { syncUnlessPruned: true }): Promise<string[]> {
  const problems: string[] = [];
  const pruned = await prune({ dryRun: false, includeManual: false }, config).catch((error: unknown) => {
    problems.push(`prune: ${messageOf(error)}`);
    return undefined;
  });
  for (const failure of pruned?.failed ?? []) problems.push(`prune: could not destroy ${failure.name}: ${failure.message}`);
  if (pruned?.sync === undefined && !options.syncUnlessPruned && pruned !== undefined) return problems;
  const synced = pruned?.sync ?? (await sync({ ...config.esp, dryRun: false, verify: false }));
  const failed = synced.esps.flatMap((e) => (e.status === 'failed' || e.status === 'skipped' ? [`ESP ${e.esp}: ${e.message}`] : []));
  return [...problems, ...failed, ...synced.problems];
}
