import { defineCommand } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { printChangeReport } from '../print-change-report.js';
import { checkNewBeName } from '../../core/be/names.js';

export const renameCommand = defineCommand({
  name: 'rename',
  summary: 'rename a boot environment (not the booted one): dataset, command line, entries',
  usage: 'rename <old> <new> [--dry-run] [--json]',
  completion: { args: ['be', 'new-name'] },
  privilege: 'namespace',
  parse: (args) => {
    const { values, positionals } = parseCommandArgs('rename', args, { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } }, { min: 2, max: 2 });
    const [oldName, newName] = positionals as [string, string];
    checkNewBeName(newName);
    return { oldName, newName, dryRun: values['dry-run'] === true, json: values.json === true };
  },
  run: async ({ oldName, newName, dryRun, json }, io) => {
    const { rename } = await import('../../engine/rename.js');
    const { loadConfig } = await import('../../adapters/config-file.js');
    const config = await loadConfig();
    const report = await rename(oldName, newName, { dryRun }, config.esp);
    printChangeReport(io, report, `renamed ${oldName} to ${newName}`, json);
    return EXIT.ok;
  },
});
