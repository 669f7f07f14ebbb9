import { defineCommand } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { printable } from '../render/printable.js';
import { renderSyncReport } from '../render/sync-report.js';

export const syncCommand = defineCommand({
  name: 'sync',
  summary: 'put every kept boot environment on every ESP, and the active one as default',
  usage: 'sync [--dry-run] [--json] [--verify]',
  privilege: 'namespace',
  parse: (args) =>
    parseCommandArgs('sync', args, {
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      verify: { type: 'boolean' },
    }).values,
  run: async (values, io) => {
    const { sync } = await import('../../engine/sync.js');
    const { loadConfig } = await import('../../adapters/config-file.js');
    const config = await loadConfig();
    const dryRun = values['dry-run'] === true;
    const report = await sync({ dryRun, verify: values.verify === true, ...config.esp });
    if (values.json) io.out(JSON.stringify(report, null, 2));
    else for (const line of renderSyncReport(report, dryRun)) io.out(line);
    for (const problem of report.problems) io.err(`pve-bootenv: warning: ${printable(problem)}`);
    return report.esps.some((e) => e.status === 'failed') ? EXIT.failure : EXIT.ok;
  },
});
