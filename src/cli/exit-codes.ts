// Exit codes of the CLI, documented in --help and pve-bootenv(8).
import { PveBootenvError } from '../core/errors.js';
export const EXIT = {
  ok: 0,
  /** The command failed; the message says what to do. */
  failure: 1,
  /** The command line itself was wrong. */
  usage: 2,
  /**
   * check only, where 1 and 2 are its findings: it could not run (a wrong command line or a
   * failure of its own), the UNKNOWN of the monitoring plugins' convention.
   */
  unknown: 3,
} as const;

/** One of EXIT, or for run and shell the status of the command they ran inside the BE. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT] | number;

/** A mistake on the command line: reported as one line, exit code 2. */
export class UsageError extends PveBootenvError {
  override name = 'UsageError';
}
