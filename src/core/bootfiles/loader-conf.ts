import { describeControlChar } from './control-chars.js';
import { isQuotedWhole, lexConfigLines } from './config-lines.js';
import { BootFileError } from './errors.js';

/** `loader/loader.conf` as systemd-boot reads it. */
export interface LoaderConf {
  /** The entry id or glob systemd-boot boots when no EFI variable says otherwise. */
  default?: string;
  timeout?: string;
  /** Every other setting (`editor`, `console-mode`…), in file order. */
  other: Array<[string, string]>;
}

/**
 * Parses loader.conf. Like systemd-boot, the last `default` and the last `timeout` win.
 * A key without a value (`editor` alone) is skipped, as systemd-boot's line_get_key_value
 * skips it: sync and check must read the file as the boot loader does, and proxmox-boot-tool
 * or an admin may leave such a line. Other malformed lines throw BootFileError, as for
 * entries.
 */
export function parseLoaderConf(text: string): LoaderConf {
  const conf: LoaderConf = { other: [] };
  for (const line of lexConfigLines(text)) {
    if (line.kind === 'blank' || line.kind === 'comment') continue;
    if (line.kind === 'invalid') throw new BootFileError(line.problem, line.line.number);
    if (line.value === '') continue;
    if (line.key === 'default') conf.default = line.value;
    else if (line.key === 'timeout') conf.timeout = line.value;
    else conf.other.push([line.key, line.value]);
  }
  return conf;
}

/**
 * Returns loader.conf with its effective `default` set to `pattern`, changing nothing
 * else: this file belongs to proxmox-boot-tool (and the admin), and the only line we may
 * touch is `default`. The value of the last `default` line is replaced in place (earlier
 * ones are dead, as systemd-boot uses the last); with none, a line is appended, using the
 * file's own line ending. Unrelated malformed lines are kept as they are, not rejected.
 * If the default already is `pattern`, the text comes back unchanged.
 */
export function setLoaderDefault(text: string, pattern: string): string {
  checkPattern(pattern);
  let last: { value: string; keyEnd: number; valueStart: number; valueEnd: number } | undefined;
  for (const line of lexConfigLines(text)) {
    if (line.kind === 'setting' && line.key === 'default') last = line;
  }
  if (last === undefined) {
    const eol = lineEnding(text);
    const separator = text === '' || text.endsWith('\n') ? '' : eol;
    return `${text}${separator}default ${pattern}${eol}`;
  }
  if (last.value === pattern) return text;
  if (last.valueStart === last.valueEnd) {
    // `default` with no value: systemd-boot ignores that line; give it one.
    return `${text.slice(0, last.keyEnd)} ${pattern}${text.slice(last.keyEnd)}`;
  }
  return text.slice(0, last.valueStart) + pattern + text.slice(last.valueEnd);
}

function checkPattern(pattern: string): void {
  const bad = (what: string): BootFileError =>
    new BootFileError(`default entry pattern ${JSON.stringify(pattern)} ${what}`);
  if (pattern === '') throw bad('is empty');
  if (/\s/.test(pattern)) throw bad('contains whitespace');
  const control = describeControlChar(pattern);
  if (control !== undefined) throw bad(`contains a ${control}`);
  if (isQuotedWhole(pattern)) throw bad('is wrapped in quotes, which systemd-boot would strip');
}

/** The file's own convention, judged by its first line; "\n" for a one-line or empty file. */
function lineEnding(text: string): string {
  const newline = text.indexOf('\n');
  return newline > 0 && text.charAt(newline - 1) === '\r' ? '\r\n' : '\n';
}
