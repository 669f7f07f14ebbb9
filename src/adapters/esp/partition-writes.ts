// What tells whether an ESP was written since we last looked, without mounting it: the
// block layer's write counters of its partition, which count from boot (so they go with
// the boot id, adapters/running-boot.ts). Used by the ESP listing record (list) and the apt hook's boot inputs.
import { readFile, realpath } from 'node:fs/promises';
import { basename } from 'node:path';
import { writeCounters } from '../../core/esp/listing-record.js';

/** The write counters of the partition behind device (a /dev/disk/by-uuid link), or undefined. */
export async function partitionWrites(device: string): Promise<string | undefined> {
  try {
    const name = basename(await realpath(device));
    return writeCounters(await readFile(`/sys/class/block/${name}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}
