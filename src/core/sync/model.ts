// The data the ESP sync planner works on. Gathered by adapters, planned by pure code.
import type { BootFileKind } from '../esp/layout.js';

/** A kernel or initrd inside a boot environment's own /boot. */
export interface SourceFile {
  kind: BootFileKind;
  kver: string;
  sha256: string;
  size: number;
  /** Where it can be read while the sync runs (a path on the host, for the adapter). */
  source: string;
}

/** One loader entry we want on every ESP: a boot environment booting one of its kernels. */
export interface WantedEntry {
  /** File name under loader/entries/, which is also the entry's id. */
  name: string;
  text: string;
  linux: SourceFile;
  initrd: SourceFile;
}

export type LoadReason = 'booted' | 'default' | 'next-boot' | 'newest';

/** A boot environment in the order it should get onto the ESPs (most important first). */
export interface WantedBe {
  be: string;
  /** Why it is wanted; booted, default and next-boot ones must fit or the ESP is not synced. */
  reason: LoadReason;
  /** One per kernel; the first is the one its default entry boots. */
  entries: WantedEntry[];
}

/** What an ESP holds now, as far as the plan cares. */
export interface EspSnapshot {
  /** How the ESP is named in messages: its vfat UUID, or its mount point. */
  id: string;
  freeBytes: number;
  /** Our stored kernels and initrds: path relative to the ESP → size, and hash if verified. */
  files: Array<{ path: string; size: number; sha256?: string }>;
  /** Our entries: file name → text. */
  entries: Array<{ name: string; text: string }>;
  /** Leftovers of an interrupted write (ours, by their prefix), with their sizes. */
  tempFiles: Array<{ path: string; size: number }>;
  /** loader/loader.conf's text ('' if there is none). */
  loaderConf: string;
  /**
   * Set on a GRUB-mode ESP: then `entries` are those of our menu file, and the menu (with
   * the default in it) is what the plan writes instead of loader entries and loader.conf.
   */
  grub?: {
    /** The ESP's vfat UUID: the menu's entries find their files by it. */
    fsUuid: string;
    /** Our menu file's text ('' if there is none). */
    menu: string;
  };
}

export type EspAction =
  | { op: 'remove-temp'; path: string }
  | { op: 'remove-entry'; name: string }
  | { op: 'remove-file'; path: string }
  | { op: 'write-file'; path: string; from: SourceFile }
  | { op: 'write-entry'; name: string; text: string }
  | { op: 'set-default'; entry: string; loaderConf: string }
  /** GRUB mode: our whole menu, entries and default at once. */
  | { op: 'write-grub-menu'; text: string };

export interface EspPlan {
  esp: string;
  bootloader: 'systemd-boot' | 'grub';
  actions: EspAction[];
  /** Boot environments with entries on this ESP after the plan. */
  loaded: Array<{ be: string; reason: LoadReason }>;
  notLoaded: Array<{ be: string; why: string }>;
  /** Set when the ESP cannot be synced at all; then there are no actions. */
  error?: string;
  /** Bytes the plan writes (files and entries), for the report. */
  bytesToWrite: number;
}
