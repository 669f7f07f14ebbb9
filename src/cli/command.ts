import type { ExitCode } from './exit-codes.js';

/** Where a command writes: injected so the dispatcher can be tested without a terminal. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** One verb of the CLI. Each lives in its own file under src/cli/commands/. */
export interface Command {
  name: string;
  /** One line for the command overview in --help. */
  summary: string;
  /** e.g. "list [--json] [-H]" */
  usage: string;
  run(args: string[], io: Io): Promise<ExitCode>;
}
