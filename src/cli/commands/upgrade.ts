import type { Command } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { asRootInOwnNamespace } from '../privileged.js';
import { renderChangeReport } from '../render/change-report.js';
import { upgrade } from '../../engine/upgrade.js';
import { loadConfig } from '../../adapters/config-file.js';

export const upgradeCommand: Command = {
  name: 'upgrade',
  summary: 'upgrade a new boot environment (apt-get dist-upgrade inside it); the running system stays as it is',
  usage: 'upgrade [<name>] [--activate | --next-boot] [--json]',
  run: (args, io) =>
    asRootInOwnNamespace(async () => {
      const { values, positionals } = parseCommandArgs(
        'upgrade',
        args,
        { activate: { type: 'boolean' }, 'next-boot': { type: 'boolean' }, json: { type: 'boolean' } },
        { min: 0, max: 1 },
      );
      if (values.activate && values['next-boot']) throw new UsageError('upgrade: --activate and --next-boot exclude each other');
      const then = values.activate ? ('activate' as const) : values['next-boot'] ? ('next-boot' as const) : undefined;
      // apt's progress goes to the terminal; ours goes to stderr so that --json stays clean.
      const outcome = await upgrade(
        { ...(positionals[0] !== undefined ? { name: positionals[0] } : {}), ...(then ? { then } : {}) },
        await loadConfig(),
        (line) => io.err(`pve-bootenv: ${line}`),
      );
      if (values.json) {
        io.out(JSON.stringify(outcome, null, 2));
      } else if (outcome.kept && outcome.report) {
        const done = then === 'activate' ? `${outcome.be} boots by default from the next boot on` : then === 'next-boot' ? `${outcome.be} boots at the next boot only; then the default again` : `${outcome.be} is ready: pve-bootenv activate ${outcome.be} [--next-boot] to boot it`;
        for (const line of renderChangeReport(outcome.report, `upgraded ${outcome.be} (${outcome.changes.length} package changes); ${done}`)) io.out(line);
      } else {
        io.out(`nothing to upgrade; ${outcome.be} was removed again`);
      }
      for (const note of outcome.notes) io.err(`pve-bootenv: ${note}`);
      for (const problem of outcome.report?.sync?.problems ?? []) io.err(`pve-bootenv: warning: ${problem}`);
      return EXIT.ok;
    }),
};
