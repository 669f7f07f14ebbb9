import { defineCommand } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { printChangeReport } from '../print-change-report.js';
import { printable } from '../render/printable.js';
import { renderRollbackReport } from '../render/rollback-report.js';
import type { RollbackReport } from '../../engine/rollback-diff.js';
import { activationDone } from '../render/activation-done.js';

export const activateCommand = defineCommand({
  name: 'activate',
  summary: 'boot a boot environment by default (or --next-boot only once; --trial once, then by default if the host came up healthy)',
  usage: 'activate <name> [--next-boot | --trial] [--dry-run] [--json] | activate --clear-next-boot [--dry-run] [--json]',
  completion: { args: ['be'] },
  privilege: 'namespace',
  parse: (args) => {
    const { values, positionals } = parseCommandArgs(
      'activate',
      args,
      { 'next-boot': { type: 'boolean' }, trial: { type: 'boolean' }, 'clear-next-boot': { type: 'boolean' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
      { min: 0, max: 1 },
    );
    const name = positionals[0];
    const options = { dryRun: values['dry-run'] === true, json: values.json === true };
    if (values['clear-next-boot']) {
      if (name !== undefined || values['next-boot'] || values.trial) throw new UsageError('activate: --clear-next-boot takes no name and no other option');
      return { ...options, clear: true as const };
    }
    if (name === undefined) throw new UsageError('activate: missing boot environment name');
    if (values['next-boot'] && values.trial) throw new UsageError('activate: --next-boot and --trial exclude each other (a trial boots once too)');
    return { ...options, clear: false as const, name, nextBoot: values['next-boot'] === true, trial: values.trial === true };
  },
  run: async (args, io) => {
    const { activate } = await import('../../engine/activate.js');
    const { clearNextBoot } = await import('../../engine/next-boot.js');
    const { loadConfig } = await import('../../adapters/config-file.js');
    if (args.clear) {
      const { cleared, trialCancelled } = await clearNextBoot(args.dryRun);
      // The choice as read (an entry name; GRUB's raw next_entry if not ours), null when none was set.
      if (args.json) io.out(JSON.stringify({ cleared: cleared ?? null, trialCancelled: trialCancelled ?? null, dryRun: args.dryRun }));
      else {
        io.out(cleared ? `${args.dryRun ? 'would clear' : 'cleared'} the next-boot-only choice (${printable(cleared)})` : 'no next-boot-only choice was set');
        if (trialCancelled) io.out(`${args.dryRun ? 'would cancel' : 'cancelled'} the trial of ${printable(trialCancelled)}`);
      }
      return EXIT.ok;
    }
    const { name, nextBoot, trial, dryRun, json } = args;
    const config = await loadConfig();
    // Printed as soon as it is known: before activate changes anything.
    const onRollbackDiff = (rollback: RollbackReport) => {
      const { out, warnings } = renderRollbackReport(rollback, name);
      if (!json) for (const line of out) io.out(line);
      for (const warning of warnings) io.err(`pve-bootenv: warning: ${warning}`);
    };
    const report = await activate(name, { nextBoot, trial, dryRun, onRollbackDiff }, config.esp);
    printChangeReport(io, report, activationDone(name, trial ? 'trial' : nextBoot ? 'next-boot' : 'activate'), json);
    return EXIT.ok;
  },
});
