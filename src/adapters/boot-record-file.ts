// The boot record (core/sync/boot-record.ts) in /var/cache/pve-bootenv: a cache, so a file
// that cannot be read is an empty record, and one that cannot be written only costs the
// next sync its mounts.
import { readFile } from 'node:fs/promises';
import { parseBootRecord, serializeBootRecord, type BootRecord } from '../core/sync/boot-record.js';
import { writeFileIfChanged } from './atomic-write.js';
import { BOOT_RECORD_FILE } from './runtime-paths.js';

export async function readBootRecord(file = BOOT_RECORD_FILE): Promise<BootRecord> {
  return parseBootRecord(await readFile(file, 'utf8').catch(() => undefined));
}

/** Writes the record, unless the file already holds exactly that (a no-op sync writes nothing). */
export async function writeBootRecord(record: BootRecord, file = BOOT_RECORD_FILE): Promise<void> {
  await writeFileIfChanged(file, serializeBootRecord(record));
}
