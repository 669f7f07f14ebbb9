// `pve-bootenv activate --clear-next-boot`: forget a next-boot-only choice, and the trial
// that was waiting for it (its record goes; its entry with the next sync).
import { clearOneShotEntry } from '../adapters/bootloader/one-shot.js';
import { TRIAL_PROPERTY } from '../core/trial/trial-record.js';
import { readHostState } from './host-state.js';
import { realHost, type BeHost } from './run-step.js';

export interface Cleared {
  /** The entry that was chosen, if one was. */
  cleared: string | undefined;
  /** The BE whose trial was pending, if one was. */
  trialCancelled: string | undefined;
}

/** Clears (unless dryRun) the choice and a pending trial; says what there was. */
export async function clearNextBoot(dryRun: boolean, host: Pick<BeHost, 'runStep'> = realHost): Promise<Cleared> {
  const state = await readHostState();
  const entry = state.oneShotEntry;
  const trial = state.bes.find((be) => be.dataset === state.trialDataset && be.dataset !== state.booted);
  if (!dryRun) {
    if (entry !== undefined) await clearOneShotEntry();
    if (trial) await host.runStep({ op: 'zfs', args: ['inherit', TRIAL_PROPERTY, trial.dataset] });
  }
  return { cleared: entry, trialCancelled: trial?.name };
}
