import { defineCommand } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { printable } from '../render/printable.js';

/** What pve-bootenv-trial.service runs; its lines go to the unit's journal. */
export const trialGateCommand = defineCommand({
  name: 'trial-gate',
  summary: 'decide the trial boot running now: the default if the host is healthy, else back (pve-bootenv-trial.service runs it)',
  usage: 'trial-gate [--json]',
  // Its wait for systemd runs without the lock; it takes the lock to decide (engine/trial-gate.ts).
  privilege: 'own-namespace',
  parse: (args) => parseCommandArgs('trial-gate', args, { json: { type: 'boolean' } }).values,
  run: async (values, io) => {
    const { runTrialGate } = await import('../../engine/trial-gate.js');
    const { loadConfig } = await import('../../adapters/config-file.js');
    const outcome = await runTrialGate(await loadConfig(), (line) => io.out(printable(line)));
    if (values.json) io.out(JSON.stringify(outcome));
    else if (!outcome.decided) io.out(`nothing to decide: ${printable(outcome.why)}`);
    return outcome.decided && !outcome.passed ? EXIT.failure : EXIT.ok;
  },
});
