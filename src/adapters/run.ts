// Runs a program with an argv array (never through a shell) and returns its output.
import { execa } from 'execa';
import createDebug from 'debug';
import { PveBootenvError } from '../core/errors.js';

const trace = createDebug('pve-bootenv:run');

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export class CommandFailed extends PveBootenvError {
  override name = 'CommandFailed';
  constructor(readonly argv: readonly string[], readonly result: RunResult) {
    // The program's own last line of complaint is what an admin needs to see.
    const reason = result.stderr.trim().split('\n').pop() || `exit code ${result.exitCode}`;
    super(`${argv.join(' ')}: ${reason}`);
  }
}

/** Runs file with args; throws CommandFailed on a non-zero exit unless allowFailure. */
export async function run(file: string, args: readonly string[], options: { allowFailure?: boolean } = {}): Promise<RunResult> {
  trace('%s %o', file, args);
  const result = await execa(file, args, { reject: false, stdin: 'ignore', encoding: 'utf8', stripFinalNewline: false });
  const outcome: RunResult = {
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    exitCode: result.exitCode ?? 128,
  };
  if (result.failed && result.exitCode === undefined) {
    throw new CommandFailed([file, ...args], { ...outcome, stderr: result.shortMessage ?? '' });
  }
  if (outcome.exitCode !== 0 && !options.allowFailure) throw new CommandFailed([file, ...args], outcome);
  return outcome;
}
