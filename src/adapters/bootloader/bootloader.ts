// A boot loader as the engine deals with it: one implementation per boot loader (in
// systemd-boot/ and grub/), chosen once per ESP by registry.ts. An implementation reads
// what its boot loader has of ours on a mounted ESP, and keeps what lives outside any one
// ESP: the next-boot-only choice, and a default held in firmware. How entries and the
// default are planned and named is pure, in its core strategy (core/bootloader); the
// plan's writes go through the one ESP writer (esp/apply.ts).
import type { BootloaderId, BootloaderState } from '../../core/bootloader/strategies.js';
import type { SetupProblem } from '../../core/bootloader/strategy.js';
import type { EspEntry } from '../../core/sync/model.js';
import type { EspLocation } from '../esp/discover.js';

/** The boot loader of one mounted ESP. */
export interface EspBootloader {
  readonly id: BootloaderId;
  /** Our entries there (as loader entry texts: what the planner and check compare) and its own files, as the plan builds on them. */
  read(): Promise<{ entries: EspEntry[]; state: BootloaderState }>;
  /** What in the ESP's setup keeps the boot loader from showing our entries. */
  setupProblems(): Promise<SetupProblem[]>;
}

/** An ESP its boot loader boots in a way that is not ours to touch: skipped by the sync, reported by check. */
export interface UnsupportedEsp {
  unsupported: string;
}

/**
 * The next-boot-only choice where one boot loader looks for it. Callers speak of entry
 * names (pve-bootenv-<be>-<kver>.conf); the choice translates them to its own.
 */
export interface OneShotChoice {
  /**
   * Where it keeps the choice: in firmware (an EFI variable, which any host can hold), or on
   * the ESPs it boots (a host may have none of those).
   */
  readonly keptIn: 'firmware' | 'esps';
  /** Whether it started the running system (false when it cannot tell): then its choice is the only one that counts. */
  bootedUs(): Promise<boolean>;
  read(): Promise<string | undefined>;
  /** Sets the choice (undefined: clears it) wherever this boot loader looks; returns in how many places (0: none on this host). */
  write(entry: string | undefined): Promise<number>;
}

/**
 * A default the boot loader keeps in firmware besides the one on its ESPs (which the plan
 * writes): set after a sync, once the entry is on some ESP it boots. Some firmware refuses
 * the write: the sync then warns, and the ESPs' default still selects the entry.
 */
export interface FirmwareDefault {
  read(): Promise<string | undefined>;
  set(entry: string): Promise<void>;
  /** The sync's warning when the firmware refused (reason: the error's message). */
  refused(reason: string): string;
}

export interface Bootloader {
  readonly id: BootloaderId;
  /**
   * Its part in a mounted ESP: undefined when it does not boot it, UnsupportedEsp when it
   * does but not in a way of ours (registry.ts asks the boot loaders in turn).
   */
  detect(location: EspLocation, root: string): Promise<EspBootloader | UnsupportedEsp | undefined>;
  readonly oneShot: OneShotChoice;
  /** Absent when the boot loader's default is only the one on its ESPs. */
  readonly firmwareDefault?: FirmwareDefault;
}
