import { defineCommand } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { printChangeReport } from '../print-change-report.js';
import { printable } from '../render/printable.js';
import { checkNewBeName } from '../../core/be/names.js';

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'write a boot environment as a zfs send stream (to a file, or - for stdout)',
  usage: 'export <name> [<file> | -]',
  completion: { args: ['be', 'file'] },
  privilege: 'own-namespace',
  parse: (args) => {
    const [name, target = '-'] = parseCommandArgs('export', args, {}, { min: 1, max: 2 }).positionals as [string, string?];
    return { name, target };
  },
  run: async ({ name, target }, io) => {
    const { exportBe } = await import('../../engine/export-import.js');
    await exportBe(name, target);
    // The stream may be on stdout: the report goes to stderr.
    if (target !== '-') io.err(`pve-bootenv: exported ${name} to ${printable(target)}`);
    return EXIT.ok;
  },
});

export const importCommand = defineCommand({
  name: 'import',
  summary: 'receive a stream written by export as a new boot environment (from a file, or - for stdin)',
  usage: 'import <name> [<file> | -] [--json]',
  completion: { args: ['new-name', 'file'] },
  privilege: 'own-namespace',
  parse: (args) => {
    const { values, positionals } = parseCommandArgs('import', args, { json: { type: 'boolean' } }, { min: 1, max: 2 });
    const [name, source = '-'] = positionals as [string, string?];
    checkNewBeName(name);
    return { name, source, json: values.json === true };
  },
  run: async ({ name, source, json }, io) => {
    const { importBe } = await import('../../engine/export-import.js');
    const { loadConfig } = await import('../../adapters/config-file.js');
    const report = await importBe(name, source, (await loadConfig()).esp);
    printChangeReport(io, report, `imported ${name}: pve-bootenv activate ${name} [--next-boot] to boot it`, json);
    return EXIT.ok;
  },
});
