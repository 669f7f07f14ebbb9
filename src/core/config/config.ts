import ini from 'ini';
import { ConfigError, quote } from './errors.js';
import { scanIniLines } from './ini-lines.js';
import { checkLayout, type KeyLines } from './layout.js';
import { SCHEMA, type SectionName, type Setting } from './schema.js';

/** The settings of `/etc/pve-bootenv.conf`. */
export interface Config {
  apt: {
    /** Make a boot environment before each apt run that changes packages. */
    enabled: boolean;
    /** When that fails: warn and let apt go on, or stop apt. */
    onFailure: 'continue' | 'abort';
    /** Make no BE (a failure, see onFailure) when less than this % of the pool is free. */
    minFreePercent: number;
    /** Name of the BEs the hook makes, with strftime escapes %Y %m %d %H %M %S. */
    nameTemplate: string;
  };
  esp: {
    /** MiB always left free on every ESP. */
    reserveMiB: number;
    /** How many BEs get boot entries on the ESPs. */
    maxLoaded: number;
    /** Which kernels of each loaded BE go on the ESPs. */
    kernels: 'latest' | 'latest-and-booted' | 'all';
  };
  /** Pruning of the BEs the apt hook made; a BE any keep rule keeps is kept. */
  retention: {
    /** The newest ones, however old. */
    keepLast: number;
    /** The newest ones made before a kernel upgrade, however old. */
    keepImportant: number;
    /** The newest one of each of the last N hours (days, weeks, months) that have one. */
    keepHourly: number;
    keepDaily: number;
    keepWeekly: number;
    keepMonthly: number;
    /** BEs younger than this are never pruned. */
    minAgeHours: number;
    /** While the pool is fuller than this (% used), prune even BEs a keep rule keeps. */
    maxPoolUsedPercent: number;
    /** Also prune daily from a systemd timer, not only after apt and when asked. */
    timer: boolean;
  };
  /** Trial boots (activate --trial): the health gate that decides them. */
  trial: {
    /** Seconds the gate may take from the trial boot's start, settling included. */
    timeout: number;
    /** Units that must be active; 'installed-proxmox' is Proxmox's API and cluster units, where installed. */
    requireUnits: string[] | 'installed-proxmox';
    /** After a failed gate: reboot into the default, or stay up for a look. */
    onFailure: 'reboot' | 'stay';
  };
}

/**
 * Every key at its default (from the schema): what an empty or all-commented file gives.
 * Frozen, as it is shared: change a copy.
 */
export const DEFAULT_CONFIG: Config = deepFreeze(parseConfig(''));

/**
 * Parses the config file: ini, with sections [apt], [esp], [retention] and [trial], kebab-case
 * keys; a key that is absent takes its default. Anything we do not accept, anywhere in
 * the file, throws a ConfigError naming it (the first problem in file order): a setting
 * that is ignored or guessed at would surprise the admin later, at the worst moment.
 */
export function parseConfig(text: string): Config {
  // A byte order mark, as Windows editors write: neither ini nor we would see "[apt]".
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const keyLines = checkLayout(scanIniLines(body));
  const values: Record<string, unknown> = ini.parse(body);
  const problems: ConfigError[] = [];
  const section = <S extends SectionName>(name: S): Config[S] =>
    readSection(name, values[name] as Record<string, unknown> | undefined, keyLines, problems);
  const config: Config = { apt: section('apt'), esp: section('esp'), retention: section('retention'), trial: section('trial') };
  const first = problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))[0];
  if (first !== undefined) throw first;
  return config;
}

/**
 * One section's settings from ini's values, defaults for absent keys. A refused value is
 * added to `problems`, and the default stands in for it so the rest can still be read.
 */
function readSection<S extends SectionName>(
  name: S,
  values: Record<string, unknown> | undefined,
  keyLines: KeyLines,
  problems: ConfigError[],
): Config[S] {
  // Field by field through the schema, whose type the compiler checks against Config.
  const result: Record<string, unknown> = {};
  for (const [field, setting] of Object.entries<Setting<unknown>>(SCHEMA[name])) {
    result[field] = setting.default;
    const value = values?.[setting.key];
    if (value === undefined) continue;
    const text = valueText(value);
    const checked = setting.read(text);
    if (checked.ok) result[field] = checked.value;
    else {
      const line = keyLines.get(name)?.get(setting.key);
      problems.push(new ConfigError(`[${name}] ${setting.key} = ${quote(text)}: ${checked.reason}`, line));
    }
  }
  return result as Config[S];
}

/**
 * The text of a value as written. ini turns a bare true, false or null into that JSON
 * value, and parses a single-quoted value as JSON; writing those back gives the text.
 */
function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) {
    if (typeof inner === 'object' && inner !== null) deepFreeze(inner as object);
  }
  return Object.freeze(value);
}
