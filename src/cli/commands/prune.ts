import { defineCommand } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { printable } from '../render/printable.js';
import { renderPruneReport } from '../render/prune-report.js';

export const pruneCommand = defineCommand({
  name: 'prune',
  summary: 'destroy old automatic boot environments by the [retention] policy, saying why for each',
  usage: 'prune [--dry-run] [--json] [--include-manual] [--timer]',
  privilege: 'namespace',
  parse: (args) =>
    parseCommandArgs('prune', args, {
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      'include-manual': { type: 'boolean' },
      // Run by pve-bootenv-prune.timer: does nothing when [retention] timer = no.
      timer: { type: 'boolean' },
    }).values,
  run: async (values, io) => {
    const { prune } = await import('../../engine/prune.js');
    const { loadConfig } = await import('../../adapters/config-file.js');
    const config = await loadConfig();
    if (values.timer && !config.retention.timer) {
      io.out('the daily prune is off ([retention] timer = no)');
      return EXIT.ok;
    }
    const report = await prune({ dryRun: values['dry-run'] === true, includeManual: values['include-manual'] === true }, config);
    if (values.json) io.out(JSON.stringify(report, null, 2));
    else for (const line of renderPruneReport(report)) io.out(line);
    for (const problem of report.sync?.problems ?? []) io.err(`pve-bootenv: warning: ${printable(problem)}`);
    return report.failed.length > 0 ? EXIT.failure : EXIT.ok;
  },
});
