// What the last sync read of each boot environment that was not mounted: its /boot's
// kernels, command line and pins, and the size and SHA-256 of the files it hashed, by
// dataset guid. A later sync uses that instead of mounting the BE while ZFS shows that
// nothing was written to it since: the sync moved the BE's bookmark SEEN_BOOKMARK to "now"
// before reading it, so `zfs list`'s written#<bookmark> is 0 until a write, and its
// referenced size is what it was (a rollback to an older snapshot changes that).
//
// The record is a cache: one that is missing, corrupt or of another version is an empty
// one, and an entry in any way malformed is dropped. Either way the BE is read again.
// `sync --verify` never uses it; the ESP writer checks every copy against the recorded
// hash, so a record that lied would fail a copy, not put wrong bytes on an ESP.
import type { BootEnvironment } from '../be/boot-environment.js';
import { isSha256Hex } from '../esp/layout.js';
import type { BootDir } from './model.js';
import { isCount, isObject, parseJsonObject } from '../state-json.js';

export const BOOT_RECORD_VERSION = 1;

export interface RecordedFile {
  size: number;
  sha256: string;
}

export interface RecordedBe {
  /** The dataset as it was named then, for a reader of the file (guid is the key). */
  dataset: string;
  /** Its referenced bytes then. */
  referenced: number;
  boot: BootDir;
  /** The files of /boot that were hashed, by name (vmlinuz-<kver>, initrd.img-<kver>). */
  files: Record<string, RecordedFile>;
}

export interface BootRecord {
  version: typeof BOOT_RECORD_VERSION;
  /** By dataset guid. */
  bes: Record<string, RecordedBe>;
}

export function emptyBootRecord(): BootRecord {
  return { version: BOOT_RECORD_VERSION, bes: {} };
}

/**
 * What the record says of a BE, if it may be used: the BE is not mounted (a write in
 * flight is not in written# yet), has the bookmark with nothing written since, and refers
 * to as many bytes as when it was read.
 */
export function recordedBoot(record: BootRecord, be: BootEnvironment, mounted: boolean): RecordedBe | undefined {
  if (mounted || be.guid === undefined || be.writtenSinceSeen !== 0 || be.referencedBytes === undefined) return undefined;
  const entry = record.bes[be.guid];
  return entry !== undefined && entry.referenced === be.referencedBytes ? entry : undefined;
}

/** The record in its file's form: BEs in guid order, so the same record is the same bytes. */
export function serializeBootRecord(record: BootRecord): string {
  const bes = Object.fromEntries(Object.keys(record.bes).sort().map((guid) => [guid, record.bes[guid]]));
  return `${JSON.stringify({ version: record.version, bes })}\n`;
}

/** The record a file holds; an empty one for a missing, unreadable or other-version file. */
export function parseBootRecord(text: string | undefined): BootRecord {
  const record = emptyBootRecord();
  const parsed = parseJsonObject(text);
  if (parsed === undefined || parsed['version'] !== BOOT_RECORD_VERSION || !isObject(parsed['bes'])) return record;
  for (const [guid, entry] of Object.entries(parsed['bes'])) {
    if (/^\d+$/.test(guid) && isRecordedBe(entry)) record.bes[guid] = entry;
  }
  return record;
}

function isRecordedBe(value: unknown): value is RecordedBe {
  if (!isObject(value)) return false;
  const { dataset, referenced, boot, files } = value;
  return typeof dataset === 'string' && isCount(referenced) && isBootDir(boot) && isObject(files) && Object.values(files).every(isRecordedFile);
}

function isBootDir(value: unknown): value is BootDir {
  if (!isObject(value)) return false;
  const { kvers, cmdline, cmdlineFrom, skipped, pins } = value;
  return (
    isStringArray(kvers) &&
    (cmdline === undefined || typeof cmdline === 'string') &&
    (cmdlineFrom === undefined || cmdlineFrom === 'etc/kernel/cmdline' || cmdlineFrom === 'etc/default/grub') &&
    isStringArray(skipped) &&
    isObject(pins) &&
    Object.entries(pins).every(([key, text]) => (key === 'nextBoot' || key === 'permanent') && (text === undefined || typeof text === 'string'))
  );
}

function isRecordedFile(value: unknown): value is RecordedFile {
  // The hash names a file on the ESP: anything but 64 hex digits could name one outside ours.
  return isObject(value) && isCount(value['size']) && typeof value['sha256'] === 'string' && isSha256Hex(value['sha256']);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
