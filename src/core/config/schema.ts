import type { Config } from './config.js';
import { nameTemplate, oneOf, onOff, unitList, wholeNumber, type Validator } from './validators.js';

/** One key of the config file. */
export interface Setting<T> {
  /** Its name in the file, kebab-case. */
  key: string;
  read: Validator<T>;
  /** The value when the key is absent; the shipped conffile shows it commented out. */
  default: T;
}

/** The ini sections, named as in the file: `[apt]`, `[esp]`, `[retention]`. */
export type SectionName = keyof Config;

/** A Setting for every field of Config, section by section: the compiler checks it is complete. */
export type Schema = { [S in SectionName]: { [F in keyof Config[S]]: Setting<Config[S][F]> } };

// Numbers of boot environments to keep. Above a thousand is a typo, not a policy.
const count = wholeNumber(0, 1000);

export const SCHEMA: Schema = {
  apt: {
    enabled: { key: 'enabled', read: onOff, default: true },
    onFailure: { key: 'on-failure', read: oneOf(['continue', 'abort']), default: 'continue' },
    // Free space the pool must keep for the hook to make a BE. Demanding more than half
    // of the pool free would stop nearly every upgrade from being saved.
    minFreePercent: { key: 'min-free-percent', read: wholeNumber(0, 50), default: 5 },
    nameTemplate: { key: 'name-template', read: nameTemplate, default: 'apt-%Y%m%d-%H%M%S' },
  },
  esp: {
    // Proxmox's ESPs are 512 MiB (1 GiB on new installs); 4 GiB is more than any has.
    reserveMiB: { key: 'reserve-mib', read: wholeNumber(0, 4096), default: 32 },
    // At least the booted BE; systemd-boot's menu is unusable long before 64 entries.
    maxLoaded: { key: 'max-loaded', read: wholeNumber(1, 64), default: 8 },
    kernels: { key: 'kernels', read: oneOf(['latest', 'latest-and-booted', 'all']), default: 'latest-and-booted' },
  },
  retention: {
    keepLast: { key: 'keep-last', read: count, default: 5 },
    keepImportant: { key: 'keep-important', read: count, default: 2 },
    keepHourly: { key: 'keep-hourly', read: count, default: 0 },
    keepDaily: { key: 'keep-daily', read: count, default: 3 },
    keepWeekly: { key: 'keep-weekly', read: count, default: 2 },
    keepMonthly: { key: 'keep-monthly', read: count, default: 1 },
    // Up to a year.
    minAgeHours: { key: 'min-age-hours', read: wholeNumber(0, 8760), default: 1 },
    // Below 10 % used, pruning for space would destroy BEs on a nearly empty pool.
    maxPoolUsedPercent: { key: 'max-pool-used-percent', read: wholeNumber(10, 100), default: 85 },
    timer: { key: 'timer', read: onOff, default: true },
  },
  trial: {
    // At least a minute for a host to come up; more than a day is a typo.
    timeout: { key: 'timeout', read: wholeNumber(60, 86400), default: 600 },
    requireUnits: { key: 'require-units', read: unitList, default: 'installed-proxmox' },
    onFailure: { key: 'on-failure', read: oneOf(['reboot', 'stay']), default: 'reboot' },
  },
};

export const SECTION_NAMES = Object.keys(SCHEMA) as SectionName[];

/** The keys of a section, in schema order (the order of the shipped conffile). */
export function keysOf(section: SectionName): string[] {
  return Object.values<Setting<unknown>>(SCHEMA[section]).map((setting) => setting.key);
}
