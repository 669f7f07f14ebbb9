import type { Command } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { asPrivileged } from '../privileged.js';
import { printChangeReport } from '../print-change-report.js';
import { rename } from '../../engine/rename.js';
import { loadConfig } from '../../adapters/config-file.js';

export const renameCommand: Command = {
  name: 'rename',
  summary: 'rename a boot environment (not the booted one): dataset, command line, entries',
  usage: 'rename <old> <new> [--dry-run] [--json]',
  run: (args, io) =>
    asPrivileged(async () => {
      const { values, positionals } = parseCommandArgs('rename', args, { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } }, { min: 2, max: 2 });
      const [oldName, newName] = positionals as [string, string];
      const config = await loadConfig();
      const report = await rename(oldName, newName, { dryRun: values['dry-run'] === true }, config.esp);
      printChangeReport(io, report, `renamed ${oldName} to ${newName}`, values.json);
      return EXIT.ok;
    }),
};
