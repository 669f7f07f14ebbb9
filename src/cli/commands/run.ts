import { defineCommand, type Io } from '../command.js';
import { parseCommandArgs, plainArgument } from '../args.js';
import { UsageError, type ExitCode } from '../exit-codes.js';
import { printable } from '../render/printable.js';

/**
 * run [--force] <be> [--] <command…>: our options come before the BE's name; everything
 * after it is the command, options and all (as with chroot or bectl jail).
 */
export function splitRunArgs(args: readonly string[]): { force: boolean; be: string; command: string[] } {
  let force = false;
  let i = 0;
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    if (args[i] === '--force') force = true;
    else throw new UsageError(`run: unknown option '${args[i]}' (the command goes after the boot environment's name)`);
  }
  const be = args[i];
  if (be === undefined) throw new UsageError('run: missing boot environment name');
  const rest = args.slice(i + 1);
  const command = rest[0] === '--' ? rest.slice(1) : rest;
  if (command.length === 0) throw new UsageError('run: missing command (pve-bootenv shell <be> for a shell)');
  return { force, be, command };
}

async function runAndReport(be: string, command: string[], force: boolean, io: Io): Promise<ExitCode> {
  const { runInBe } = await import('../../engine/run-in-be.js');
  const outcome = await runInBe(be, command, { force });
  for (const note of outcome.notes) io.err(`pve-bootenv: ${printable(note)}`);
  return outcome.status;
}

export const runCommand = defineCommand({
  name: 'run',
  summary: 'run a command inside a boot environment (mounted, chrooted, no services started)',
  usage: 'run [--force] <name> [--] <command> [args…]',
  completion: { args: ['be', 'command'], rest: 'file' },
  privilege: 'own-namespace',
  parse: splitRunArgs,
  run: ({ force, be, command }, io) => runAndReport(be, command, force, io),
});

export const shellCommand = defineCommand({
  name: 'shell',
  summary: 'an interactive shell inside a boot environment',
  usage: 'shell [--force] <name>',
  completion: { args: ['be'] },
  privilege: 'own-namespace',
  parse: (args) => {
    const { values, positionals } = parseCommandArgs('shell', args, { force: { type: 'boolean' } }, { min: 1, max: 1 });
    // Printed before runInBe looks for it: a name no BE can have is refused here.
    return { be: plainArgument('shell', 'the boot environment', positionals[0]!), force: values.force === true };
  },
  run: async ({ be, force }, io) => {
    io.err(`pve-bootenv: a shell in ${be}; leave it with exit (its mounts are undone then)`);
    return runAndReport(be, ['/bin/bash', '-i'], force, io);
  },
});
