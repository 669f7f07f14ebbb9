// `pve-bootenv activate`: make a BE the default (beadm semantics: promoted, pool bootfs,
// default entry on every ESP), or the next boot only (LoaderEntryOneShot). The ESP plan
// is checked before ZFS is touched: a BE that cannot boot is never made the default.
import { describeStep, planActivation } from '../core/be/steps.js';
import { messageOf } from '../core/errors.js';
import { findBe, type HostState } from './host-state.js';
import { BeError } from '../core/errors.js';
import { realHost, type BeHost } from './run-step.js';
import type { EspSettings, PreparedSync } from './sync.js';
import type { ChangeReport } from './change-report.js';
import type { RollbackReport } from './rollback-diff.js';
import { TRIAL_PROPERTY } from '../core/trial/trial-record.js';
import { isTrialEntryName } from '../core/trial/trial-entry.js';

export interface ActivateOptions {
  nextBoot: boolean;
  /** Boot once through the trial entry; the trial service makes it the default if healthy (implies nextBoot). */
  trial?: boolean;
  dryRun: boolean;
  /**
   * When given, the BE's /etc/pve is compared with the running host's once the plan is
   * checked, and the result (also report.rollback) is handed here before anything changes.
   * Not called when nothing of /etc/pve rolls back (see compareEtcPve).
   */
  onRollbackDiff?: (rollback: RollbackReport) => void;
}

export async function activate(name: string, options: ActivateOptions, settings: EspSettings, host: BeHost = realHost): Promise<ChangeReport> {
  return activateIn(await host.readState(), name, options, settings, host);
}

export async function activateIn(state: HostState, name: string, options: ActivateOptions, settings: EspSettings, host: BeHost = realHost): Promise<ChangeReport> {
  const be = findBe(state, name);
  const trial = options.trial === true;
  const nextBoot = options.nextBoot || trial;
  const plan = planActivation({
    be,
    bes: state.bes,
    pool: state.pool,
    bootfs: state.bootfs,
    defaultDataset: state.defaultDataset,
    oneShotEntry: state.oneShotEntry,
    nextBoot,
    booted: state.booted,
    trialDataset: state.trialDataset,
    ...(trial ? { trial: { bootId: state.bootId } } : {}),
  });
  if (!plan.ok) throw new BeError(plan.refusal);
  const notes = [...plan.notes];

  const prepared = await host.esp.prepareSync({ ...settings, verify: false, dryRun: options.dryRun }, { ...state, ...plan.boots });
  try {
    const entry = bootableEntry(prepared, name, trial);
    const report: ChangeReport = { be: name, dryRun: options.dryRun, steps: plan.steps.map(describeStep), sync: prepared.planned, notes };
    if (options.onRollbackDiff) {
      const { rollback, notes: leftovers } = await host.compareEtcPve(state, be);
      notes.push(...leftovers);
      if (rollback) {
        report.rollback = rollback;
        options.onRollbackDiff(rollback);
      }
    }
    if (options.dryRun) return report;

    for (const step of plan.zfsSteps) await host.runStep(step);
    report.sync = await prepared.apply();
    const failed = report.sync.esps.filter((e) => e.status === 'failed');
    if (failed.length > 0) notes.push(`${failed.length} ESP(s) could not be synced; the others boot ${name}: run 'pve-bootenv sync' once fixed`);
    if (nextBoot) {
      try {
        await host.esp.setNextBootEntry(entry);
      } catch (error) {
        // Never a silent permanent switch: without the one-shot choice there is no trial.
        if (trial) await host.runStep({ op: 'zfs', args: ['inherit', TRIAL_PROPERTY, be.dataset] }).catch(() => undefined);
        const instead = trial ? `no trial was started (its entry goes with the next sync); 'pve-bootenv activate ${name}' makes it the default without one` : `use 'pve-bootenv activate ${name}' to make it the default instead`;
        throw new BeError(`could not set the next-boot-only choice (${messageOf(error)}); ${instead}`, { cause: error });
      }
    } else if (state.oneShotEntry !== undefined) {
      await host.runStep({ op: 'clear-next-boot' });
      notes.push(`the next-boot-only choice (${state.oneShotEntry}) was cleared`);
    }
    return report;
  } finally {
    await prepared.close();
  }
}

/** The BE's default entry (or its trial entry), when the plan puts it on every ESP it can write; else a BeError. */
function bootableEntry(prepared: PreparedSync, name: string, trial: boolean): string {
  const entries = prepared.gathered.wanted.find((w) => w.be === name)?.entries ?? [];
  const entry = (trial ? entries.find((e) => isTrialEntryName(e.name)) : entries[0])?.name;
  if (!entry) {
    const why = prepared.planned.problems.find((p) => p.startsWith(`${name}:`));
    throw new BeError(why ? `cannot boot ${why}` : `${name} has no kernel with an initrd in its /boot; it cannot be booted`);
  }
  const planned = prepared.planned.esps.flatMap((e) => (e.status === 'planned' ? [e] : []));
  if (planned.length === 0) {
    const failed = prepared.planned.esps.map((e) => ('message' in e ? `${e.esp}: ${e.message}` : e.esp)).join('; ');
    throw new BeError(`no ESP can take ${name}'s entry${failed ? ` (${failed})` : ''}; nothing was changed`);
  }
  for (const outcome of planned) {
    if (!outcome.plan.loaded.some((l) => l.be === name)) {
      const why = outcome.plan.notLoaded.find((n) => n.be === name)?.why ?? 'it does not fit';
      throw new BeError(`ESP ${outcome.esp} cannot take ${name}: ${why}; nothing was changed`);
    }
  }
  return entry;
}
