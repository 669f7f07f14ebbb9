import { PveBootenvError } from '../errors.js';

/**
 * Output of a `zfs` command that does not have the shape we asked for: a sign that the
 * command line and the parser disagree, or of a zfs version we do not understand. Never
 * guess at such output: a misread dataset name could end in a destroy of the wrong one.
 */
export class ZfsOutputError extends PveBootenvError {
  override name = 'ZfsOutputError';

  /** 1-based line number in the output, when one line is at fault. */
  readonly line: number | undefined;

  constructor(message: string, line?: number) {
    super(line === undefined ? message : `zfs output line ${line}: ${message}`);
    this.line = line;
  }
}
