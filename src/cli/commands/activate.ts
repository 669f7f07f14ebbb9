import { defineCommand } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { printChangeReport } from '../print-change-report.js';
import { printable } from '../render/printable.js';
import { renderRollbackReport } from '../render/rollback-report.js';
import type { RollbackReport } from '../../engine/rollback-diff.js';

export const activateCommand = defineCommand({
  name: 'activate',
  summary: 'boot a boot environment by default (or --next-boot only once)',
  usage: 'activate <name> [--next-boot] [--dry-run] [--json] | activate --clear-next-boot [--dry-run] [--json]',
  completion: { args: ['be'] },
  privilege: 'namespace',
  parse: (args) => {
    const { values, positionals } = parseCommandArgs(
      'activate',
      args,
      { 'next-boot': { type: 'boolean' }, 'clear-next-boot': { type: 'boolean' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
      { min: 0, max: 1 },
    );
    const name = positionals[0];
    const options = { dryRun: values['dry-run'] === true, json: values.json === true };
    if (values['clear-next-boot']) {
      if (name !== undefined || values['next-boot']) throw new UsageError('activate: --clear-next-boot takes no name and no other option');
      return { ...options, clear: true as const };
    }
    if (name === undefined) throw new UsageError('activate: missing boot environment name');
    return { ...options, clear: false as const, name, nextBoot: values['next-boot'] === true };
  },
  run: async (args, io) => {
    const { activate } = await import('../../engine/activate.js');
    const { clearNextBoot } = await import('../../engine/next-boot.js');
    const { loadConfig } = await import('../../adapters/config-file.js');
    if (args.clear) {
      const cleared = await clearNextBoot(args.dryRun);
      // The choice as read (an entry name; GRUB's raw next_entry if not ours), null when none was set.
      if (args.json) io.out(JSON.stringify({ cleared: cleared ?? null, dryRun: args.dryRun }));
      else io.out(cleared ? `${args.dryRun ? 'would clear' : 'cleared'} the next-boot-only choice (${printable(cleared)})` : 'no next-boot-only choice was set');
      return EXIT.ok;
    }
    const { name, nextBoot, dryRun, json } = args;
    const config = await loadConfig();
    // Printed as soon as it is known: before activate changes anything.
    const onRollbackDiff = (rollback: RollbackReport) => {
      const { out, warnings } = renderRollbackReport(rollback, name);
      if (!json) for (const line of out) io.out(line);
      for (const warning of warnings) io.err(`pve-bootenv: warning: ${warning}`);
    };
    const report = await activate(name, { nextBoot, dryRun, onRollbackDiff }, config.esp);
    printChangeReport(io, report, nextBoot ? `${name} boots at the next boot only; then the default again` : `${name} boots by default from the next boot on`, json);
    return EXIT.ok;
  },
});
