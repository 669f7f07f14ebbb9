// `pve-bootenv activate`: make a BE the default (beadm semantics: promoted, pool bootfs,
// default entry on every ESP), or the next boot only (LoaderEntryOneShot). The ESP plan
// is checked before ZFS is touched: a BE that cannot boot is never made the default.
import { canmountSteps, describeStep, promoteSteps, type BeStep, type ZfsStep } from '../core/be/steps.js';
import { BeError, findBe, readHostState, type HostState } from './host-state.js';
import { runStep, setNextBootEntry } from './run-step.js';
import { messageOf, prepareSync, type EspSettings, type PreparedSync } from './sync.js';
import type { ChangeReport } from './change-report.js';
import { compareEtcPve, type RollbackReport } from './rollback-diff.js';

export interface ActivateOptions {
  nextBoot: boolean;
  dryRun: boolean;
  /**
   * When given, the BE's /etc/pve is compared with the running host's once the plan is
   * checked, and the result (also report.rollback) is handed here before anything changes.
   * Not called when nothing of /etc/pve rolls back (see compareEtcPve).
   */
  onRollbackDiff?: (rollback: RollbackReport) => void;
}

export async function activate(name: string, options: ActivateOptions, settings: EspSettings): Promise<ChangeReport> {
  return activateIn(await readHostState(), name, options, settings);
}

export async function activateIn(state: HostState, name: string, options: ActivateOptions, settings: EspSettings): Promise<ChangeReport> {
  const be = findBe(state, name);
  const notes: string[] = [];
  const zfsSteps: ZfsStep[] = [];
  let target: HostState;
  if (options.nextBoot) {
    if (be.dataset === state.defaultDataset) {
      throw new BeError(`${name} already boots by default; --next-boot is for trying another boot environment once`);
    }
    zfsSteps.push(...canmountSteps(state.bes));
    target = { ...state, nextBootDataset: be.dataset };
  } else {
    // beadm: the active BE owns its data, so older BEs can be destroyed without it.
    zfsSteps.push(...promoteSteps(be, state.bes));
    zfsSteps.push(...canmountSteps(state.bes));
    if (state.bootfs !== be.dataset) zfsSteps.push({ op: 'zpool', args: ['set', `bootfs=${be.dataset}`, state.pool] });
    target = { ...state, defaultDataset: be.dataset, nextBootDataset: undefined };
    if (be.dataset === state.defaultDataset && zfsSteps.length === 0) notes.push(`${name} already boots by default`);
  }

  const prepared = await prepareSync({ ...settings, verify: false }, target);
  try {
    const entry = bootableEntry(prepared, name);
    const steps: BeStep[] = [...zfsSteps, { op: 'sync-esps' }];
    if (options.nextBoot) steps.push({ op: 'set-next-boot', be: name });
    else if (state.oneShotEntry !== undefined) steps.push({ op: 'clear-next-boot' });
    const report: ChangeReport = { be: name, dryRun: options.dryRun, steps: steps.map(describeStep), sync: prepared.planned, notes };
    if (options.onRollbackDiff) {
      const { rollback, notes: leftovers } = await compareEtcPve(state, be);
      notes.push(...leftovers);
      if (rollback) {
        report.rollback = rollback;
        options.onRollbackDiff(rollback);
      }
    }
    if (options.dryRun) return report;

    for (const step of zfsSteps) await runStep(step);
    report.sync = await prepared.apply();
    const failed = report.sync.esps.filter((e) => e.status === 'failed');
    if (failed.length > 0) notes.push(`${failed.length} ESP(s) could not be synced; the others boot ${name}: run 'pve-bootenv sync' once fixed`);
    if (options.nextBoot) {
      try {
        await setNextBootEntry(entry);
      } catch (error) {
        throw new BeError(`could not set the next-boot-only choice (${messageOf(error)}); use 'pve-bootenv activate ${name}' to make it the default instead`);
      }
    } else if (state.oneShotEntry !== undefined) {
      await runStep({ op: 'clear-next-boot' });
      notes.push(`the next-boot-only choice (${state.oneShotEntry}) was cleared`);
    }
    return report;
  } finally {
    await prepared.close();
  }
}

/** The BE's default entry, when the plan puts it on every ESP it can write; else a BeError. */
function bootableEntry(prepared: PreparedSync, name: string): string {
  const entry = prepared.gathered.wanted.find((w) => w.be === name)?.entries[0]?.name;
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
