// Carries out one planned step (see core/be/steps.ts). The ESP sync step is not here: the
// commands run it themselves, with the plan they checked before touching ZFS.
import type { BeStep } from '../core/be/steps.js';
import { setCmdlineRoot } from '../adapters/be-cmdline.js';
import { clearOneShotEntry, setOneShotEntry } from '../adapters/one-shot.js';
import { PROGRAMS } from '../adapters/programs.js';
import { run } from '../adapters/run.js';

export async function runStep(step: Exclude<BeStep, { op: 'sync-esps' | 'set-next-boot' }>): Promise<void> {
  switch (step.op) {
    case 'zfs':
      await run(PROGRAMS.zfs, step.args);
      return;
    case 'zpool':
      await run(PROGRAMS.zpool, step.args);
      return;
    case 'set-cmdline-root':
      await setCmdlineRoot(step.dataset);
      return;
    case 'clear-next-boot':
      await clearOneShotEntry();
      return;
  }
}

export async function setNextBootEntry(entry: string): Promise<void> {
  await setOneShotEntry(entry);
}
