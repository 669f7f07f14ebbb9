import { defineCommand } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { renderCheckReport } from '../render/check-report.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

export const checkCommand = defineCommand({
  name: 'check',
  summary: 'verify every boot environment on every ESP and the host layout (exit 0 ok, 1 warning, 2 critical, 3 unknown)',
  usage: 'check [--json]',
  privilege: 'namespace',
  // A monitoring system must not read "check could not run" (needs root, a bad config, a
  // wrong option) as a warning or a critical finding.
  errorExit: EXIT.unknown,
  parse: (args) => parseCommandArgs('check', args, { json: { type: 'boolean' } }).values,
  run: async (values, io) => {
    const { check } = await import('../../engine/check.js');
    const { loadConfig } = await import('../../adapters/config-file.js');
    const config = await loadConfig();
    const report = await check(config.esp);
    if (values.json) io.out(JSON.stringify(report, null, 2));
    else for (const line of renderCheckReport(report)) io.out(line);
    // For monitoring: 0 all good, 1 warnings, 2 a booted or default BE would not boot.
    return report.exitCode as ExitCode;
  },
});
