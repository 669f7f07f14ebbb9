// pmxcfs opens config.db in WAL mode (pve-cluster src/pmxcfs/database.c, bdb_create:
// "PRAGMA journal_mode=WAL"), so what it wrote since the last checkpoint is only in
// config.db-wal. A snapshot holds both files as they were at one instant, as after a
// power cut; SQLite's own recovery would replay the committed frames of the WAL. sql.js
// opens an in-memory image and has no way to be handed a -wal file, so the replay is done
// here on the image, by the rules of https://sqlite.org/fileformat2.html#walformat:
// - the WAL header (32 bytes) has a magic whose low bit says the byte order of the
//   checksums, the page size, two salts and a checksum of its first 24 bytes; a header
//   that does not check out means an empty WAL;
// - each frame is a 24-byte header (page number, database size in pages for a commit
//   frame or 0, the two salts, a running checksum) and one page; frames count from the
//   first up to the first one whose salts or checksum are wrong (older leftovers of a
//   reset WAL, a torn write), and only up to the last commit frame among those.
import { PveBootenvError } from '../errors.js';

export class WalError extends PveBootenvError {
  override name = 'WalError';
}

const MAGIC = 0x377f0682;
const FORMAT_VERSION = 3007000;
const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;

/**
 * The database image with the WAL's committed frames laid on it, marked as a rollback-
 * journal database so that nothing looks for a WAL again. The input arrays are not
 * changed. Throws WalError when the result would exceed maxBytes or the WAL is of a format
 * SQLite itself would refuse.
 */
export function applyWal(db: Uint8Array, wal: Uint8Array | undefined, maxBytes: number): Uint8Array {
  const committed = wal === undefined ? undefined : committedFrames(wal);
  if (wal === undefined || committed === undefined) return withRollbackJournalHeader(db.slice());
  const { pageSize, pages, dbPages } = committed;
  const size = dbPages * pageSize;
  if (size > maxBytes) throw new WalError(`the WAL makes the database ${size} bytes, more than the ${maxBytes} read at most`);
  const image = new Uint8Array(size);
  image.set(db.subarray(0, Math.min(db.length, size)));
  for (const [pageNumber, offset] of pages) {
    // A page beyond the size of the last commit was truncated away by it.
    if (pageNumber <= dbPages) image.set(wal.subarray(offset, offset + pageSize), (pageNumber - 1) * pageSize);
  }
  if (size >= 100) {
    // The in-header size counts only when the change counter (24) equals version-valid-for (92).
    new DataView(image.buffer).setUint32(28, dbPages);
    image.copyWithin(92, 24, 28);
  }
  return withRollbackJournalHeader(image);
}

interface CommittedFrames {
  pageSize: number;
  /** Page number → offset of its newest committed content in the WAL. */
  pages: Map<number, number>;
  /** The database size in pages after the last commit. */
  dbPages: number;
}

/** What the WAL commits, or undefined when it commits nothing (empty, reset or invalid header). */
function committedFrames(wal: Uint8Array): CommittedFrames | undefined {
  if (wal.length < WAL_HEADER_BYTES) return undefined;
  const view = new DataView(wal.buffer, wal.byteOffset, wal.byteLength);
  const magic = view.getUint32(0);
  if ((magic & ~1) >>> 0 !== MAGIC) return undefined;
  if (view.getUint32(4) !== FORMAT_VERSION) throw new WalError(`the WAL has format version ${view.getUint32(4)}, not ${FORMAT_VERSION}`);
  const pageSize = view.getUint32(8);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return undefined;
  const littleEndian = (magic & 1) === 0;
  let sum = checksum(view, 0, 24, littleEndian, [0, 0]);
  if (sum[0] !== view.getUint32(24) || sum[1] !== view.getUint32(28)) return undefined;
  const salt1 = view.getUint32(16);
  const salt2 = view.getUint32(20);

  const pending = new Map<number, number>();
  const pages = new Map<number, number>();
  let dbPages = 0;
  for (let at = WAL_HEADER_BYTES; at + FRAME_HEADER_BYTES + pageSize <= wal.length; at += FRAME_HEADER_BYTES + pageSize) {
    const pageNumber = view.getUint32(at);
    if (pageNumber === 0 || view.getUint32(at + 8) !== salt1 || view.getUint32(at + 12) !== salt2) break;
    sum = checksum(view, at, 8, littleEndian, sum);
    sum = checksum(view, at + FRAME_HEADER_BYTES, pageSize, littleEndian, sum);
    if (sum[0] !== view.getUint32(at + 16) || sum[1] !== view.getUint32(at + 20)) break;
    pending.set(pageNumber, at + FRAME_HEADER_BYTES);
    const commitSize = view.getUint32(at + 4);
    if (commitSize !== 0) {
      for (const [page, offset] of pending) pages.set(page, offset);
      pending.clear();
      dbPages = commitSize;
    }
  }
  return dbPages === 0 ? undefined : { pageSize, pages, dbPages };
}

/** SQLite's WAL checksum: pairs of 32-bit words, each sum fed into the other, modulo 2^32. */
function checksum(view: DataView, start: number, length: number, littleEndian: boolean, [s1, s2]: [number, number]): [number, number] {
  for (let at = start; at < start + length; at += 8) {
    s1 = (s1 + view.getUint32(at, littleEndian) + s2) >>> 0;
    s2 = (s2 + view.getUint32(at + 4, littleEndian) + s1) >>> 0;
  }
  return [s1, s2];
}

/** Bytes 18 and 19 (file format write/read version): 1 = rollback journal, 2 = WAL. */
function withRollbackJournalHeader(image: Uint8Array): Uint8Array {
  if (image.length >= 20 && image[18] === 2 && image[19] === 2) {
    image[18] = 1;
    image[19] = 1;
  }
  return image;
}
