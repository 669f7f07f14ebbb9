import { defineCommand } from '../command.js';
import { parseCommandArgs, plainArgument } from '../args.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { renderLayoutReport } from '../render/layout-report.js';

export const layoutCommand = defineCommand({
  name: 'layout',
  summary: 'move /var/lib/pve-cluster, /var/log, /var/lib/vz… out of the root dataset, shared by every boot environment',
  usage: 'layout [--dry-run] [--json] (<dir>… | --recommended)',
  completion: { args: [], rest: 'dir' },
  privilege: 'namespace',
  parse: (args) => {
    const { values, positionals } = parseCommandArgs(
      'layout',
      args,
      { recommended: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
      { min: 0, max: 16 },
    );
    const recommended = values.recommended === true;
    if (recommended === positionals.length > 0) throw new UsageError('layout: name the directories to move, or --recommended');
    const paths = positionals.map((path) => plainArgument('layout', 'the directory', path));
    return { paths, recommended, dryRun: values['dry-run'] === true, json: values.json === true };
  },
  run: async ({ json, ...options }, io) => {
    const { layout } = await import('../../engine/layout.js');
    const { loadConfig } = await import('../../adapters/config-file.js');
    const config = await loadConfig();
    const report = await layout(options, config.esp);
    if (json) io.out(JSON.stringify(report, null, 2));
    else for (const line of renderLayoutReport(report)) io.out(line);
    return EXIT.ok;
  },
});
