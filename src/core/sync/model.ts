// The data the ESP sync planner works on. Gathered by adapters, planned by pure code.
import type { BootloaderAction, BootloaderId, BootloaderState } from '../bootloader/strategies.js';
import type { BootFileKind } from '../esp/layout.js';
import type { PinFiles } from './kernel-pin.js';

/** What a boot environment can boot, as read from its tree (adapters/boot-dir.ts). */
export interface BootDir {
  /** Kernel versions that have both vmlinuz-<kver> and initrd.img-<kver>, regular files. */
  kvers: string[];
  /**
   * Its kernel command line: the first line of etc/kernel/cmdline (systemd-boot hosts), or
   * else what its GRUB settings give (etc/default/grub, GRUB hosts); undefined if neither.
   */
  cmdline: string | undefined;
  cmdlineFrom?: 'etc/kernel/cmdline' | 'etc/default/grub';
  /** One line for each kernel, initrd or pin file left out because it is not a regular file of the BE. */
  skipped: string[];
  /** proxmox-boot-tool's kernel pins in its etc/kernel (core/sync/kernel-pin.ts). */
  pins: PinFiles;
}

/** A kernel or initrd inside a boot environment's own /boot. */
export interface SourceFile {
  kind: BootFileKind;
  kver: string;
  sha256: string;
  size: number;
  /** Where it can be read while the sync runs (a path on the host, for the adapter). */
  source: string;
}

/** An entry of ours on an ESP, in the loader entry form the planner and check compare. */
export interface EspEntry {
  /** Its file name under loader/entries/ (its id), also for the entries of a GRUB menu. */
  name: string;
  text: string;
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
  /** Our entries: loader entries, or those of the boot loader's own file, as loader entry texts. */
  entries: EspEntry[];
  /** Leftovers of an interrupted write (ours, by their prefix), with their sizes. */
  tempFiles: Array<{ path: string; size: number }>;
  /**
   * What the ESP's boot loader keeps of its own (loader.conf; our GRUB menu and the ESP's
   * vfat UUID): the plan's last steps, entries and default, are written in its form.
   */
  bootloader: BootloaderState;
}

export type EspAction =
  | { op: 'remove-temp'; path: string }
  | { op: 'remove-file'; path: string }
  /** repair: a file of that name was there, but of another size or (verified) other bytes. */
  | { op: 'write-file'; path: string; from: SourceFile; repair?: true }
  /** Entries and the default, in the form of the ESP's boot loader (core/bootloader). */
  | BootloaderAction;

export interface EspPlan {
  esp: string;
  bootloader: BootloaderId;
  actions: EspAction[];
  /** Boot environments with entries on this ESP after the plan. */
  loaded: Array<{ be: string; reason: LoadReason }>;
  notLoaded: Array<{ be: string; why: string }>;
  /** Set when the ESP cannot be synced at all; then there are no actions. */
  error?: string;
  /** Bytes the plan writes (files, entries and default), for the report. */
  bytesToWrite: number;
}
