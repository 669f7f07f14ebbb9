// What `pve-bootenv check` looks at, as data: the adapters gather it (mounting the ESPs,
// reading each BE's /boot, asking ZFS), checkHost judges it. Nothing here reads the system.
import type { BootloaderId } from '../bootloader/strategies.js';
import type { Advice, SetupProblem } from '../bootloader/strategy.js';
import type { EspEntry } from '../sync/model.js';
import type { PlatformFacts } from '../host/platform.js';

/** A kernel or initrd of ours stored on an ESP. */
export interface CheckedFile {
  /** Relative to the ESP's root, e.g. EFI/pve-bootenv/vmlinuz-<kver>-<sha256>. */
  path: string;
  size: number;
  /** Hashed on the ESP; undefined if it was not read. */
  sha256?: string;
}

/** A boot file a BE's entry should boot: its path on the ESP, and size and hash of the BE's own file. */
export interface WantedFile {
  path: string;
  size: number;
  sha256: string;
}

/** One entry a BE should have on every ESP, as the sync computes it from the BE's own /boot. */
export interface WantedCheckEntry {
  /** File name under loader/entries/. */
  name: string;
  kver: string;
  text: string;
  linux: WantedFile;
  initrd: WantedFile;
}

export interface BeFacts {
  name: string;
  dataset: string;
  /** The dataset's canmount property: on, off or noauto. */
  canmount: string;
  booted: boolean;
  isDefault: boolean;
  nextBoot: boolean;
  /**
   * The entries the BE should have on every ESP, first the one its default entry boots.
   * Empty when the BE has no kernel (or its /boot could not be read: see problems).
   */
  wanted: WantedCheckEntry[];
  /** Kernel versions with /lib/modules/<kver> inside the BE. */
  modules: string[];
  /** Problems found reading the BE (cannot mount, no kernel in /boot…), one line each. */
  problems: string[];
  /** Why its trial boot failed, when it did (activate --trial). */
  trialFailed?: string;
}

/** An ESP that could be read, of a boot loader we handle. */
export interface ReadableEsp {
  /** How the ESP is named in messages: its vfat UUID, or its mount point. */
  id: string;
  kind: 'readable';
  /** Which boot loader boots it: how check names its default (core/bootloader). */
  bootloader: BootloaderId;
  sizeBytes: number;
  freeBytes: number;
  /** Entries under loader/entries/ (others' are ignored), or our GRUB menu's as loader entries: file name and text. */
  entries: EspEntry[];
  /** Our stored kernels and initrds. */
  files: CheckedFile[];
  /** The effective default (loader.conf's `default` line, or our GRUB menu's); undefined if none. */
  loaderDefault?: string;
  /** Why the default cannot be read (a malformed line of loader.conf), as a finding; then loaderDefault is unknown. */
  defaultProblem?: Advice;
  /** What in the ESP's setup keeps its boot loader from showing our entries (a grub.cfg that does not source our menu). */
  setupProblems: SetupProblem[];
}

export type EspFacts =
  | ReadableEsp
  /** GRUB on an ESP proxmox-boot-tool does not manage: its grub.cfg is not ours to hook. */
  | { id: string; kind: 'unsupported'; why: string }
  | { id: string; kind: 'unreachable'; error: string };

export interface CheckFacts {
  /** The dataset the BEs are children of, e.g. rpool/ROOT. */
  beRoot: string;
  bes: BeFacts[];
  esps: EspFacts[];
  /** Every dataset name that exists in the pool (for the root= checks). */
  datasets: string[];
  pool: { name: string; sizeBytes: number; usedBytes: number };
  /** Paths of interest and the dataset each one lives on (findmnt --target / stat). */
  layout: Array<{
    path: string;
    /** Undefined if the path is not on ZFS (a tmpfs, say). */
    dataset: string | undefined;
    /** How much is stored there, if known (shown in the advice). */
    bytes?: number;
  }>;
  /** The dataset mounted at / (the booted BE's, when the host runs from one). */
  booted: string;
  /** Lines of /etc/kernel/proxmox-boot-uuids whose UUID does not resolve to a device. */
  unresolvedEspUuids: string[];
  /** [esp] reserve-mib: the free space every ESP should keep. */
  reserveMiB: number;
  /** What the host runs (OpenZFS, Debian release, systemd-boot packages): core/host/platform.ts. */
  platform: PlatformFacts;
}
