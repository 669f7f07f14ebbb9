import type { Command } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { asPrivileged } from '../privileged.js';
import { printChangeReport } from '../print-change-report.js';
import { checkDescription } from './description.js';
import { create } from '../../engine/create.js';
import { loadConfig } from '../../adapters/config-file.js';

export const createCommand: Command = {
  name: 'create',
  summary: 'make a new boot environment from the booted one (or -e <be>[@<snapshot>])',
  usage: 'create <name> [-e <be>[@<snap>]] [-d <description>] [--activate | --next-boot] [--dry-run] [--json]',
  run: (args, io) =>
    asPrivileged(async () => {
      const { values, positionals } = parseCommandArgs(
        'create',
        args,
        {
          e: { type: 'string', short: 'e' },
          d: { type: 'string', short: 'd' },
          activate: { type: 'boolean' },
          'next-boot': { type: 'boolean' },
          'dry-run': { type: 'boolean' },
          json: { type: 'boolean' },
        },
        { min: 1, max: 1 },
      );
      if (values.activate && values['next-boot']) throw new UsageError('create: --activate and --next-boot exclude each other');
      const name = positionals[0]!;
      const config = await loadConfig();
      const report = await create(
        name,
        {
          ...(values.e !== undefined ? { source: values.e } : {}),
          ...(values.d !== undefined ? { description: checkDescription(values.d) } : {}),
          madeBy: 'manual',
          ...(values.activate ? { then: 'activate' as const } : values['next-boot'] ? { then: 'next-boot' as const } : {}),
          dryRun: values['dry-run'] === true,
        },
        config.esp,
      );
      const done = `created boot environment ${name}${values.activate ? ', the default from the next boot on' : values['next-boot'] ? ', for the next boot only' : ''}`;
      printChangeReport(io, report, done, values.json);
      return EXIT.ok;
    }),
};
