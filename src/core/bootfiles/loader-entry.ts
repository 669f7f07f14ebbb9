import { describeControlChar } from './control-chars.js';
import { isQuotedWhole, lexConfigLines } from './config-lines.js';
import { BootFileError } from './errors.js';

/**
 * A Boot Loader Specification type #1 entry (`loader/entries/*.conf`), as systemd-boot
 * uses it. Absent single-valued keys are absent properties (not `undefined` values), so
 * entries compare with a deep equality.
 */
export interface LoaderEntry {
  title?: string;
  version?: string;
  /** Key `sort-key`. */
  sortKey?: string;
  /** Key `machine-id`. */
  machineId?: string;
  linux?: string;
  efi?: string;
  /** Every `initrd` line, in order: systemd-boot loads them all. */
  initrd: string[];
  /** Every non-empty `options` line joined by one space, as systemd-boot joins them; '' if none. */
  options: string;
  /** Keys this model does not name (`devicetree`, `architecture`…), in file order. */
  other: Array<[string, string]>;
}

type SingleKey = 'title' | 'version' | 'sortKey' | 'machineId' | 'linux' | 'efi';

// Render order too: proxmox-boot-tool writes title, version, options, linux, initrd.
const SINGLE_KEYS: ReadonlyArray<readonly [string, SingleKey]> = [
  ['title', 'title'],
  ['version', 'version'],
  ['sort-key', 'sortKey'],
  ['machine-id', 'machineId'],
];
const LOADER_KEYS: ReadonlyArray<readonly [string, SingleKey]> = [
  ['linux', 'linux'],
  ['efi', 'efi'],
];
const SINGLE_BY_FILE_KEY = new Map<string, SingleKey>([...SINGLE_KEYS, ...LOADER_KEYS]);
const MODELLED_KEYS = new Set<string>([...SINGLE_BY_FILE_KEY.keys(), 'options', 'initrd']);

/**
 * Parses an entry file. Stricter than systemd-boot, which skips lines it cannot use: an
 * entry we are about to copy or rewrite must mean exactly what it says, so an odd line
 * is an error (BootFileError naming the line) rather than something silently dropped.
 * A repeated single-valued key keeps its last value, as in systemd-boot.
 */
export function parseLoaderEntry(text: string): LoaderEntry {
  const entry: LoaderEntry = { initrd: [], options: '', other: [] };
  const options: string[] = [];
  for (const line of lexConfigLines(text)) {
    if (line.kind === 'blank' || line.kind === 'comment') continue;
    if (line.kind === 'invalid') throw new BootFileError(line.problem, line.line.number);
    const { key, value } = line;
    if (value === '') {
      // systemd documents an empty `options` line as harmless; it adds nothing.
      if (key === 'options') continue;
      throw new BootFileError(`key "${key}" has no value`, line.line.number);
    }
    const single = SINGLE_BY_FILE_KEY.get(key);
    if (single !== undefined) entry[single] = value;
    else if (key === 'options') options.push(value);
    else if (key === 'initrd') entry.initrd.push(value);
    else entry.other.push([key, value]);
  }
  entry.options = options.join(' ');
  return entry;
}

/** proxmox-boot-tool's layout: the key left-aligned in 9 columns (`title    …`). */
function renderLine(key: string, value: string): string {
  checkValue(key, value);
  return `${key.padEnd(8)} ${value}\n`;
}

/**
 * Renders canonical entry text, one key per line in a fixed order. Throws BootFileError
 * for any value that would not read back the same (line breaks, control characters,
 * surrounding whitespace or quotes, empty values), so parse(render(e)) equals e.
 */
export function renderLoaderEntry(entry: LoaderEntry): string {
  let text = '';
  for (const [fileKey, field] of SINGLE_KEYS) {
    const value = entry[field];
    if (value !== undefined) text += renderLine(fileKey, value);
  }
  // An empty options line would read back as no options at all: leave it out.
  if (entry.options !== '') text += renderLine('options', entry.options);
  for (const [fileKey, field] of LOADER_KEYS) {
    const value = entry[field];
    if (value !== undefined) text += renderLine(fileKey, value);
  }
  for (const initrd of entry.initrd) text += renderLine('initrd', initrd);
  for (const [key, value] of entry.other) {
    if (!/^[a-z0-9-]+$/.test(key)) {
      throw new BootFileError(`key ${JSON.stringify(key)} is not made of a-z, 0-9 and '-'`);
    }
    if (MODELLED_KEYS.has(key)) {
      throw new BootFileError(`key "${key}" belongs in its own field, not in "other"`);
    }
    text += renderLine(key, value);
  }
  return text;
}

function checkValue(key: string, value: string): void {
  const bad = (what: string): BootFileError => new BootFileError(`value of "${key}" ${what}`);
  if (/[\r\n]/.test(value)) throw bad('contains a line break');
  const control = describeControlChar(value);
  if (control !== undefined) throw bad(`contains a ${control}`);
  if (value === '') throw bad('is empty');
  if (/^[ \t]|[ \t]$/.test(value)) throw bad('starts or ends with whitespace, which would be lost');
  if (isQuotedWhole(value)) throw bad('starts and ends with a quote, which systemd-boot would strip');
}
