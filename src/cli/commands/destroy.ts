import { defineCommand } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { printChangeReport } from '../print-change-report.js';

export const destroyCommand = defineCommand({
  name: 'destroy',
  summary: 'destroy a boot environment (never the booted, default, next-boot or a held one)',
  usage: 'destroy <name> [-o | --origin] [--dry-run] [--json]',
  completion: { args: ['be'] },
  privilege: 'namespace',
  parse: (args) =>
    parseCommandArgs('destroy', args, { origin: { type: 'boolean', short: 'o' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } }, { min: 1, max: 1 }),
  run: async ({ values, positionals }, io) => {
    const { destroy } = await import('../../engine/destroy.js');
    const { loadConfig } = await import('../../adapters/config-file.js');
    const name = positionals[0]!;
    const config = await loadConfig();
    const report = await destroy(name, { origin: values.origin === true, dryRun: values['dry-run'] === true }, config.esp);
    printChangeReport(io, report, `destroyed boot environment ${name}`, values.json);
    return EXIT.ok;
  },
});
