// SHA-256 of the kernels and initrds in boot environments, remembered between runs: a BE's
// /boot rarely changes, and hashing every BE's 40-50 MB on every sync would dominate it.
// An entry is reused only while the file's inode, size, mtime and ctime are all unchanged
// (any write changes ctime). Clones share inodes and times with their origin, and then
// also its content, so they share entries too. Losing the cache costs time, never
// correctness: names on the ESP carry the hash, and `sync --verify` checks them. A value
// that is not 64 hex digits is dropped on load: ESP file names are built from these, and
// a "hash" with "/" or ".." in it would name a file outside our directory.
import { mkdir, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isSha256Hex } from '../core/esp/layout.js';
import { writeFileAtomically } from './atomic-write.js';
import { HASH_CACHE_FILE } from './runtime-paths.js';
import { sha256OfHandle } from './sha256-file.js';

type Entries = Record<string, string>;

export class HashCache {
  private changed = false;
  private readonly used = new Set<string>();

  private constructor(private readonly file: string, private readonly entries: Entries) {}

  static async load(file = HASH_CACHE_FILE): Promise<HashCache> {
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const valid = Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && isSha256Hex(entry[1]));
        return new HashCache(file, Object.fromEntries(valid));
      }
    } catch {
      // missing or unreadable: start empty
    }
    return new HashCache(file, {});
  }

  /** The open file's size and SHA-256, the hash from the cache when the file has not changed since. */
  async sizeAndSha256(handle: FileHandle, relativeName: string): Promise<{ size: number; sha256: string }> {
    const s = await handle.stat({ bigint: true });
    const size = Number(s.size);
    const key = [relativeName, s.ino, s.size, s.mtimeNs, s.ctimeNs].join('|');
    this.used.add(key);
    const known = this.entries[key];
    if (known !== undefined && isSha256Hex(known)) return { size, sha256: known };
    const sha256 = await sha256OfHandle(handle);
    this.entries[key] = sha256;
    this.changed = true;
    return { size, sha256 };
  }

  /** Writes the cache if something new was hashed; forgets what was not asked for. */
  async save(): Promise<void> {
    if (!this.changed) return;
    const kept: Entries = {};
    for (const key of this.used) if (this.entries[key]) kept[key] = this.entries[key]!;
    await mkdir(dirname(this.file), { recursive: true });
    await writeFileAtomically(this.file, JSON.stringify(kept));
  }
}
