import type { ExitCode } from './exit-codes.js';

/** Where a command writes: injected so the dispatcher can be tested without a terminal. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/**
 * What a command needs before it runs (src/cli/privileged.ts):
 * - namespace: root on the host, in a private mount namespace, holding our lock;
 * - own-namespace: the same without the lock (it takes the lock around its changes);
 * - host: root on the host, in the caller's mount namespace (mounts that must stay);
 * - none: nothing.
 */
export type Privilege = 'namespace' | 'own-namespace' | 'host' | 'none';

/**
 * What a word of the command line names, for shell completion (cli/bash-completion.ts):
 * an existing boot environment, a new name, a file, a directory, a program, or free text.
 */
export type WordKind = 'be' | 'new-name' | 'file' | 'dir' | 'command' | 'text';

/** The words after the verb, for shell completion; the options themselves come from usage. */
export interface CompletionSpec {
  /** The positional arguments, in order. */
  args: WordKind[];
  /** What the positionals after those are, if more may follow. */
  rest?: WordKind;
  /** Options that take a value, with what it is (e.g. create's -e: a BE). */
  optionValues?: Record<string, WordKind>;
}

/**
 * One verb of the CLI. Each lives in its own file under src/cli/commands/. The dispatcher
 * (main.ts) calls parse, then checks privilege, then calls run: a wrong command line is
 * a usage error for anyone, never "this needs root".
 */
export interface Command<Args = unknown> {
  name: string;
  /** One line for the command overview in --help. */
  summary: string;
  /** e.g. "list [--json] [-H]" */
  usage: string;
  privilege: Privilege;
  /**
   * What a wrong command line or a failure of the command itself exits with, where the usual
   * EXIT.usage and EXIT.failure mean something else for this command (check's findings).
   */
  errorExit?: ExitCode;
  /** For shell completion; a command without it takes no positional arguments. */
  completion?: CompletionSpec;
  /**
   * The command line checked and turned into what run needs: throws UsageError (or
   * another one-line error) when it is wrong. Pure: no root, no ZFS, no files.
   */
  parse(args: string[]): Args;
  run(args: Args, io: Io): Promise<ExitCode>;
}

/** A Command, with run's argument typed from what parse returns. */
export function defineCommand<Args>(command: Command<Args>): Command<Args> {
  return command;
}
