import type { Command } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { asRootInOwnNamespace } from '../privileged.js';
import { printChangeReport } from '../print-change-report.js';
import { exportBe, importBe } from '../../engine/export-import.js';
import { loadConfig } from '../../adapters/config-file.js';

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a boot environment as a zfs send stream (to a file, or - for stdout)',
  usage: 'export <name> [<file> | -]',
  run: (args, io) =>
    asRootInOwnNamespace(async () => {
      const { positionals } = parseCommandArgs('export', args, {}, { min: 1, max: 2 });
      const [name, target = '-'] = positionals as [string, string?];
      await exportBe(name, target);
      // The stream may be on stdout: the report goes to stderr.
      if (target !== '-') io.err(`pve-bootenv: exported ${name} to ${target}`);
      return EXIT.ok;
    }),
};

export const importCommand: Command = {
  name: 'import',
  summary: 'receive a stream written by export as a new boot environment (from a file, or - for stdin)',
  usage: 'import <name> [<file> | -] [--json]',
  run: (args, io) =>
    asRootInOwnNamespace(async () => {
      const { values, positionals } = parseCommandArgs('import', args, { json: { type: 'boolean' } }, { min: 1, max: 2 });
      const [name, source = '-'] = positionals as [string, string?];
      const report = await importBe(name, source, (await loadConfig()).esp);
      printChangeReport(io, report, `imported ${name}: pve-bootenv activate ${name} [--next-boot] to boot it`, values.json);
      return EXIT.ok;
    }),
};
