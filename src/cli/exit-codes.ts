// Exit codes of the CLI, documented in --help and pve-bootenv(8).
export const EXIT = {
  ok: 0,
  /** The command failed; the message says what to do. */
  failure: 1,
  /** The command line itself was wrong. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake on the command line: reported as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
