// `pve-bootenv rename`: the dataset, the root= in its own /etc/kernel/cmdline, and its
// entries on every ESP (the sync writes the new ones and removes the old). The booted BE
// is refused: its root= on the running kernel's command line would name a missing dataset.
import { describeStep, renameSteps } from '../core/be/steps.js';
import { findBe } from './host-state.js';
import { BeError } from '../core/errors.js';
import { checkNewBeName } from '../core/be/names.js';
import { realHost, type BeHost } from './run-step.js';
import type { EspSettings } from './sync.js';
import type { ChangeReport } from './change-report.js';

export async function rename(oldName: string, newName: string, options: { dryRun: boolean }, settings: EspSettings, host: BeHost = realHost): Promise<ChangeReport> {
  const state = await host.readState();
  const be = findBe(state, oldName);
  if (be.dataset === state.booted) {
    throw new BeError(`${oldName} is the booted boot environment and cannot be renamed while it runs; boot another one first ('pve-bootenv activate --next-boot <be>')`);
  }
  checkNewBeName(newName, state.bes.map((b) => b.name));
  if (be.mounted) throw new BeError(`${oldName} is mounted; 'pve-bootenv umount ${oldName}' first`);

  const dataset = `${state.beRoot}/${newName}`;
  const wasNextBoot = state.nextBootDataset === be.dataset;
  const steps = renameSteps({ dataset: be.dataset, newName, newDataset: dataset, pool: state.pool, bootfs: state.bootfs, nextBoot: wasNextBoot });
  const report: ChangeReport = { be: newName, dryRun: options.dryRun, steps: steps.map(describeStep), notes: [] };
  if (options.dryRun) return report;

  for (const step of steps) if (step.op !== 'sync-esps' && step.op !== 'set-next-boot') await host.runStep(step);
  const renamed = await host.readState();
  const prepared = await host.esp.prepareSync({ ...settings, verify: false, dryRun: options.dryRun }, wasNextBoot ? { ...renamed, nextBootDataset: dataset } : renamed);
  try {
    report.sync = await prepared.apply();
    const entry = prepared.gathered.wanted.find((w) => w.be === newName)?.entries[0]?.name;
    if (wasNextBoot && entry) await host.esp.setNextBootEntry(entry);
  } finally {
    await prepared.close();
  }
  return report;
}
