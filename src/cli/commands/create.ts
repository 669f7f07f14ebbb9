import { defineCommand } from '../command.js';
import { parseCommandArgs, plainArgument } from '../args.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { printChangeReport } from '../print-change-report.js';
import { checkDescription } from './description.js';
import { checkNewBeName } from '../../core/be/names.js';

export const createCommand = defineCommand({
  name: 'create',
  summary: 'make a new boot environment from the booted one (or -e <be>[@<snapshot>])',
  usage: 'create <name> [-e <be>[@<snap>]] [-d <description>] [--activate | --next-boot] [--dry-run] [--json]',
  completion: { args: ['new-name'], optionValues: { '-e': 'be', '-d': 'text' } },
  privilege: 'namespace',
  parse: (args) => {
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
    checkNewBeName(name);
    const then = values.activate ? ('activate' as const) : values['next-boot'] ? ('next-boot' as const) : undefined;
    return {
      name,
      ...(values.e !== undefined ? { source: plainArgument('create', '-e', values.e) } : {}),
      ...(values.d !== undefined ? { description: checkDescription(values.d) } : {}),
      ...(then ? { then } : {}),
      dryRun: values['dry-run'] === true,
      json: values.json === true,
    };
  },
  run: async ({ name, json, ...options }, io) => {
    const { create } = await import('../../engine/create.js');
    const { loadConfig } = await import('../../adapters/config-file.js');
    const config = await loadConfig();
    const report = await create(name, { ...options, madeBy: 'manual' }, config.esp);
    const done = `created boot environment ${name}${options.then === 'activate' ? ', the default from the next boot on' : options.then === 'next-boot' ? ', for the next boot only' : ''}`;
    printChangeReport(io, report, done, json);
    return EXIT.ok;
  },
});
