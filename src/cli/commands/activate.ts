import type { Command } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { asPrivileged } from '../privileged.js';
import { printChangeReport } from '../print-change-report.js';
import { renderRollbackReport } from '../render/rollback-report.js';
import { activate } from '../../engine/activate.js';
import type { RollbackReport } from '../../engine/rollback-diff.js';
import { clearNextBoot } from '../../engine/next-boot.js';
import { loadConfig } from '../../adapters/config-file.js';

export const activateCommand: Command = {
  name: 'activate',
  summary: 'boot a boot environment by default (or --next-boot only once)',
  usage: 'activate <name> [--next-boot] [--dry-run] [--json] | activate --clear-next-boot',
  run: (args, io) =>
    asPrivileged(async () => {
      const { values, positionals } = parseCommandArgs(
        'activate',
        args,
        { 'next-boot': { type: 'boolean' }, 'clear-next-boot': { type: 'boolean' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
        { min: 0, max: 1 },
      );
      if (values['clear-next-boot']) {
        if (positionals.length > 0 || values['next-boot']) throw new UsageError('activate: --clear-next-boot takes no name and no other option');
        const cleared = await clearNextBoot(values['dry-run'] === true);
        io.out(cleared ? `${values['dry-run'] ? 'would clear' : 'cleared'} the next-boot-only choice (${cleared})` : 'no next-boot-only choice was set');
        return EXIT.ok;
      }
      const name = positionals[0];
      if (name === undefined) throw new UsageError('activate: missing boot environment name');
      const config = await loadConfig();
      const nextBoot = values['next-boot'] === true;
      // Printed as soon as it is known: before activate changes anything.
      const onRollbackDiff = (rollback: RollbackReport) => {
        const { out, warnings } = renderRollbackReport(rollback, name);
        if (!values.json) for (const line of out) io.out(line);
        for (const warning of warnings) io.err(`pve-bootenv: warning: ${warning}`);
      };
      const report = await activate(name, { nextBoot, dryRun: values['dry-run'] === true, onRollbackDiff }, config.esp);
      printChangeReport(io, report, nextBoot ? `${name} boots at the next boot only; then the default again` : `${name} boots by default from the next boot on`, values.json);
      return EXIT.ok;
    }),
};
