import { defineCommand } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { printChangeReport } from '../print-change-report.js';
import { rename } from '../../engine/rename.js';
import { checkNewBeName } from '../../engine/host-state.js';
import { loadConfig } from '../../adapters/config-file.js';

export const renameCommand = defineCommand({
  name: 'rename',
  summary: 'rename a boot environment (not the booted one): dataset, command line, entries',
  usage: 'rename <old> <new> [--dry-run] [--json]',
  privilege: 'namespace',
  parse: (args) => {
    const { values, positionals } = parseCommandArgs('rename', args, { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } }, { min: 2, max: 2 });
    const [oldName, newName] = positionals as [string, string];
    checkNewBeName(newName);
    return { oldName, newName, dryRun: values['dry-run'] === true, json: values.json === true };
  },
  run: async ({ oldName, newName, dryRun, json }, io) => {
    const config = await loadConfig();
    const report = await rename(oldName, newName, { dryRun }, config.esp);
    printChangeReport(io, report, `renamed ${oldName} to ${newName}`, json);
    return EXIT.ok;
  },
});
