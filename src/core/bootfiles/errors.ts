import { PveBootenvError } from '../errors.js';

/**
 * A boot file (loader entry, loader.conf, kernel command line, ESP list) that cannot be
 * read or written safely. The parsers are pure and do not know the file's path: callers
 * add it when they report the error.
 */
export class BootFileError extends PveBootenvError {
  override name = 'BootFileError';

  /** 1-based line number, when the problem is on one line of a file being parsed. */
  readonly line: number | undefined;

  constructor(message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.line = line;
  }
}
