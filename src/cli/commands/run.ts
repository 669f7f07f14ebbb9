import type { Command, Io } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { UsageError, type ExitCode } from '../exit-codes.js';
import { asRootInOwnNamespace } from '../privileged.js';
import { runInBe } from '../../engine/run-in-be.js';

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
  const outcome = await runInBe(be, command, { force });
  for (const note of outcome.notes) io.err(`pve-bootenv: ${note}`);
  return outcome.status;
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run a command inside a boot environment (mounted, chrooted, no services started)',
  usage: 'run [--force] <name> [--] <command> [args…]',
  run: (args, io) =>
    asRootInOwnNamespace(async () => {
      const { force, be, command } = splitRunArgs(args);
      return runAndReport(be, command, force, io);
    }),
};

export const shellCommand: Command = {
  name: 'shell',
  summary: 'an interactive shell inside a boot environment',
  usage: 'shell [--force] <name>',
  run: (args, io) =>
    asRootInOwnNamespace(async () => {
      const { values, positionals } = parseCommandArgs('shell', args, { force: { type: 'boolean' } }, { min: 1, max: 1 });
      const be = positionals[0]!;
      io.err(`pve-bootenv: a shell in ${be}; leave it with exit (its mounts are undone then)`);
      return runAndReport(be, ['/bin/bash', '-i'], values.force === true, io);
    }),
};
