import type { Command, Io } from './command.js';
import { COMMANDS } from './commands.js';
import { EXIT, UsageError, type ExitCode } from './exit-codes.js';
import { renderHelp } from './help.js';
import { withPrivilege } from './privileged.js';
import { printable } from './render/printable.js';
import { VERSION } from '../version.js';
import { messageOf } from '../core/errors.js';

/** Runs the CLI for argv (without node and script); returns the exit code. */
export async function runCli(argv: string[], io: Io, commands: readonly Command[] = COMMANDS): Promise<ExitCode> {
  let command: Command | undefined;
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      io.err(renderHelp(commands));
      return EXIT.usage;
    }
    if (first === '-h' || first === '--help' || first === 'help') {
      io.out(renderHelp(commands));
      return EXIT.ok;
    }
    if (first === '-V' || first === '--version') {
      io.out(`pve-bootenv ${VERSION}`);
      return EXIT.ok;
    }
    if (first.startsWith('-')) throw new UsageError(`unknown option '${first}'`);
    command = commands.find((c) => c.name === first);
    if (!command) throw new UsageError(`unknown command '${first}'`);
    // Parsed before the root check, so that a wrong command line is said to be one.
    const chosen = command;
    const args = chosen.parse(rest);
    return await withPrivilege(chosen.privilege, () => chosen.run(args, io));
  } catch (error) {
    // Messages may quote the command line or a BE's properties: one line, whatever they hold.
    if (error instanceof UsageError) {
      io.err(`pve-bootenv: ${printable(error.message)}; see 'pve-bootenv --help'`);
      return command?.errorExit ?? EXIT.usage;
    }
    io.err(`pve-bootenv: ${printable(messageOf(error))}`);
    return command?.errorExit ?? EXIT.failure;
  }
}
