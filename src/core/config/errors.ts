import { PveBootenvError } from '../errors.js';

/**
 * `/etc/pve-bootenv.conf` holds something we do not accept. The message is one line that
 * names the section and key, shows what was written and says what is accepted, so the
 * admin can fix it without reading the manual; callers add the file's path (and `line`)
 * when they report it. Nothing is done on a config that does not parse.
 */
export class ConfigError extends PveBootenvError {
  override name = 'ConfigError';

  /** 1-based line of the file at fault, when one line is. */
  readonly line: number | undefined;

  constructor(message: string, line?: number) {
    super(message);
    this.line = line;
  }
}

/**
 * `text` in double quotes for an error message, escaped as JSON, and with the characters
 * JSON leaves alone but a terminal may break a line on (C1 controls, U+2028, U+2029)
 * escaped too: the message stays on one line, whatever the file holds.
 */
export function quote(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** "a", "a or b", "a, b or c": for the "expected …" part of a message. */
export function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}
