import { defineCommand } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { printable } from '../render/printable.js';
import { renderChangeReport } from '../render/change-report.js';
import { checkNewBeName } from '../../core/be/names.js';
import { activationDone } from '../render/activation-done.js';

export const upgradeCommand = defineCommand({
  name: 'upgrade',
  summary: 'upgrade a new boot environment (apt-get dist-upgrade inside it); the running system stays as it is',
  usage: 'upgrade [<name>] [--activate | --next-boot | --trial] [--json]',
  completion: { args: ['new-name'] },
  privilege: 'own-namespace',
  parse: (args) => {
    const { values, positionals } = parseCommandArgs(
      'upgrade',
      args,
      { activate: { type: 'boolean' }, 'next-boot': { type: 'boolean' }, trial: { type: 'boolean' }, json: { type: 'boolean' } },
      { min: 0, max: 1 },
    );
    const chosen = (['activate', 'next-boot', 'trial'] as const).filter((option) => values[option]);
    if (chosen.length > 1) throw new UsageError(`upgrade: ${chosen.map((option) => `--${option}`).join(' and ')} exclude each other`);
    const name = positionals[0];
    // upgrade names it in its progress before create checks it.
    if (name !== undefined) checkNewBeName(name);
    const then = chosen[0];
    return {
      ...(name !== undefined ? { name } : {}),
      ...(then ? { then } : {}),
      json: values.json === true,
    };
  },
  run: async ({ json, ...options }, io) => {
    const { upgrade } = await import('../../engine/upgrade.js');
    const { loadConfig } = await import('../../adapters/config-file.js');
    const { then } = options;
    // apt's progress goes to the terminal; ours goes to stderr so that --json stays clean.
    const outcome = await upgrade(options, await loadConfig(), (line) => io.err(`pve-bootenv: ${printable(line)}`));
    if (json) {
      io.out(JSON.stringify(outcome, null, 2));
    } else if (outcome.kept && outcome.report) {
      const done = then === undefined ? `${outcome.be} is ready: pve-bootenv activate ${outcome.be} [--next-boot | --trial] to boot it` : activationDone(outcome.be, then);
      for (const line of renderChangeReport(outcome.report, `upgraded ${outcome.be} (${outcome.changes.length} package changes); ${done}`)) io.out(line);
    } else {
      io.out(`nothing to upgrade; ${outcome.be} was removed again`);
    }
    for (const note of outcome.notes) io.err(`pve-bootenv: ${printable(note)}`);
    for (const problem of outcome.report?.sync?.problems ?? []) io.err(`pve-bootenv: warning: ${printable(problem)}`);
    return EXIT.ok;
  },
});
