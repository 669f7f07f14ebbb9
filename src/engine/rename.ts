// `pve-bootenv rename`: the dataset, the root= in its own /etc/kernel/cmdline, and its
// entries on every ESP (the sync writes the new ones and removes the old). The booted BE
// is refused: its root= on the running kernel's command line would name a missing dataset.
import { describeStep, type BeStep } from '../core/be/steps.js';
import { BeError, checkNewBeName, findBe, readHostState } from './host-state.js';
import { runStep, setNextBootEntry } from './run-step.js';
import { prepareSync, type EspSettings } from './sync.js';
import type { ChangeReport } from './change-report.js';

export async function rename(oldName: string, newName: string, options: { dryRun: boolean }, settings: EspSettings): Promise<ChangeReport> {
  const state = await readHostState();
  const be = findBe(state, oldName);
  if (be.dataset === state.booted) {
    throw new BeError(`${oldName} is the booted boot environment and cannot be renamed while it runs; boot another one first ('pve-bootenv activate --next-boot <be>')`);
  }
  checkNewBeName(newName);
  if (state.bes.some((b) => b.name === newName)) throw new BeError(`a boot environment "${newName}" exists already`);
  if (be.mounted) throw new BeError(`${oldName} is mounted; 'pve-bootenv umount ${oldName}' first`);

  const dataset = `${state.beRoot}/${newName}`;
  const wasNextBoot = state.nextBootDataset === be.dataset;
  const steps: BeStep[] = [{ op: 'zfs', args: ['rename', be.dataset, dataset] }, { op: 'set-cmdline-root', dataset }];
  // bootfs names the dataset; keep the renamed default BE the default.
  if (state.bootfs === be.dataset) steps.push({ op: 'zpool', args: ['set', `bootfs=${dataset}`, state.pool] });
  steps.push({ op: 'sync-esps' });
  if (wasNextBoot) steps.push({ op: 'set-next-boot', be: newName });
  const report: ChangeReport = { be: newName, dryRun: options.dryRun, steps: steps.map(describeStep), notes: [] };
  if (options.dryRun) return report;

  for (const step of steps) if (step.op !== 'sync-esps' && step.op !== 'set-next-boot') await runStep(step);
  const renamed = await readHostState();
  const prepared = await prepareSync({ ...settings, verify: false }, wasNextBoot ? { ...renamed, nextBootDataset: dataset } : renamed);
  try {
    report.sync = await prepared.apply();
    const entry = prepared.gathered.wanted.find((w) => w.be === newName)?.entries[0]?.name;
    if (wasNextBoot && entry) await setNextBootEntry(entry);
  } finally {
    await prepared.close();
  }
  return report;
}
