import { describeControlChar } from './control-chars.js';
import { BootFileError } from './errors.js';

/**
 * The longest command line the kernel takes whole: x86's COMMAND_LINE_SIZE is 4096 bytes,
 * its terminating NUL included, and the kernel cuts what is longer (strscpy into
 * boot_command_line), silently dropping the end of the last parameters.
 */
export const COMMAND_LINE_SIZE = 4096;
export const MAX_CMDLINE_BYTES = COMMAND_LINE_SIZE - 1;

/**
 * Why a command line (the first line of `text`, as proxmox-boot-tool reads
 * /etc/kernel/cmdline) is too long for the kernel, or undefined if it fits. Bytes of UTF-8,
 * as the kernel counts them.
 */
export function cmdlineLengthProblem(text: string): string | undefined {
  const line = firstLine(text);
  // Cheap first: no line of this many UTF-16 units is longer in UTF-8 than 3 bytes each.
  if (line.length * 3 <= MAX_CMDLINE_BYTES) return undefined;
  const bytes = Buffer.byteLength(line);
  if (bytes <= MAX_CMDLINE_BYTES) return undefined;
  return `the kernel command line is ${bytes} bytes long; the kernel takes at most ${MAX_CMDLINE_BYTES} (COMMAND_LINE_SIZE ${COMMAND_LINE_SIZE}, with its NUL) and would cut the rest`;
}

/**
 * `/etc/kernel/cmdline`. proxmox-boot-tool reads only its first line and copies that line
 * verbatim into the `options` line of every entry it writes, so that line is the file.
 *
 * Tokens are split the way the kernel splits its command line: on spaces and tabs, except
 * inside double quotes (`dyndbg="file x +p"` is one parameter). A whitespace split would
 * break such a value apart, and could mistake a `root=` inside it for the real one.
 */
export function parseKernelCmdline(text: string): string[] {
  const line = firstLine(text);
  const control = describeControlChar(line);
  if (control !== undefined) throw new BootFileError(`kernel command line contains a ${control}`, 1);
  return tokenize(line, (problem) => new BootFileError(`kernel command line has ${problem}`, 1));
}

/** The line proxmox-boot-tool reads: up to the first newline, a CR before it dropped. */
function firstLine(text: string): string {
  const newline = text.indexOf('\n');
  const line = newline === -1 ? text : text.slice(0, newline);
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/**
 * The command line a boot environment boots with: every `root=` parameter replaced by one
 * `root=ZFS=<dataset>` where the first stood (appended if there was none), every other
 * parameter kept in order. More than one `root=` is collapsed because the kernel and the
 * initramfs would each pick one, and they must agree on ours.
 */
export function withRootDataset(tokens: readonly string[], dataset: string): string[] {
  if (dataset === '' || /[\s"]/.test(dataset) || describeControlChar(dataset) !== undefined) {
    throw new BootFileError(
      `dataset ${JSON.stringify(dataset)} cannot go into root=ZFS=: it is empty or has whitespace, a quote or a control character`,
    );
  }
  for (const token of tokens) checkToken(token);
  const root = `root=ZFS=${dataset}`;
  const result: string[] = [];
  let placed = false;
  for (const token of tokens) {
    if (!isRootParameter(token)) result.push(token);
    else if (!placed) {
      result.push(root);
      placed = true;
    }
  }
  if (!placed) result.push(root);
  return result;
}

/** The file's content: one line, parameters separated by one space. */
export function renderKernelCmdline(tokens: readonly string[]): string {
  for (const token of tokens) checkToken(token);
  const line = tokens.join(' ');
  // systemd-boot strips a quote at both ends of an entry value (see config-lines.ts), so
  // such a line would reach the kernel with its first and last quotes gone.
  if (line.length >= 2 && line.startsWith('"') && line.endsWith('"')) {
    throw new BootFileError(
      'kernel command line starts and ends with a quote, which systemd-boot would strip from the entry',
    );
  }
  return `${line}\n`;
}

/** The kernel strips quotes before matching a name, so `"root=…"` is a root= too. */
function isRootParameter(token: string): boolean {
  return (token.startsWith('"') ? token.slice(1) : token).startsWith('root=');
}

/** A token must read back as itself: non-empty, one parameter, balanced quotes. */
function checkToken(token: string): void {
  const bad = (problem: string): BootFileError =>
    new BootFileError(`kernel parameter ${JSON.stringify(token)} has ${problem}`);
  const control = describeControlChar(token);
  if (control !== undefined) throw bad(`a ${control}`);
  const parts = tokenize(token, bad);
  if (parts.length !== 1) throw bad(parts.length === 0 ? 'no content' : 'whitespace outside quotes');
}

function tokenize(line: string, error: (problem: string) => BootFileError): string[] {
  const tokens: string[] = [];
  let current = '';
  let quoteOpenedAt = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (c === '"') quoteOpenedAt = quoteOpenedAt === -1 ? i : -1;
    if (quoteOpenedAt === -1 && (c === ' ' || c === '\t')) {
      if (current !== '') tokens.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  // The kernel would take the rest of the line as one value: never what was meant.
  if (quoteOpenedAt !== -1) throw error(`an unterminated quote at column ${quoteOpenedAt + 1}`);
  if (current !== '') tokens.push(current);
  return tokens;
}
