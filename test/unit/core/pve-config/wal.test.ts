import { describe, expect, test } from '@jest/globals';
import { applyWal, WalError } from '../../../../src/core/pve-config/wal.js';
import { thrown } from '../../thrown.js';
import { buildWal, pagesOf } from './wal-builder.js';

const PAGE = 512;
const LIMIT = 1 << 20;

/** The fill byte of each page (page 1 looked at past its 100-byte header), or -1 for a mixed page. */
function fills(image: Uint8Array, pageSize = PAGE): number[] {
  const result: number[] = [];
  for (let start = 0; start < image.length; start += pageSize) {
    const page = image.subarray(start === 0 ? 100 : start, start + pageSize);
    result.push(page.every((b) => b === page[0]) ? page[0]! : -1);
  }
  return result;
}

describe('applyWal', () => {
  test('without a WAL the image is the database, unchanged, as a copy', () => {
    const db = pagesOf(PAGE, [1, 2, 3]);
    const image = applyWal(db, undefined, LIMIT);
    expect(image).toEqual(db);
    expect(image).not.toBe(db);
  });

  test('committed frames replace their pages; the newest committed copy of a page wins', () => {
    const db = pagesOf(PAGE, [1, 2, 3]);
    const wal = buildWal({ pageSize: PAGE, frames: [{ page: 2, fill: 20 }, { page: 3, fill: 30, commit: 3 }, { page: 2, fill: 21, commit: 3 }] });
    expect(fills(applyWal(db, wal, LIMIT))).toEqual([1, 21, 30]);
  });

  test('frames after the last commit are not part of the database', () => {
    const db = pagesOf(PAGE, [1, 2, 3]);
    const wal = buildWal({ pageSize: PAGE, frames: [{ page: 2, fill: 20, commit: 3 }, { page: 3, fill: 30 }, { page: 4, fill: 40 }] });
    expect(fills(applyWal(db, wal, LIMIT))).toEqual([1, 20, 3]);
  });

  test('a WAL that commits nothing leaves the database as it is', () => {
    const db = pagesOf(PAGE, [1, 2]);
    expect(applyWal(db, buildWal({ pageSize: PAGE, frames: [{ page: 2, fill: 20 }] }), LIMIT)).toEqual(db);
    expect(applyWal(db, buildWal({ pageSize: PAGE, frames: [] }), LIMIT)).toEqual(db);
    expect(applyWal(db, new Uint8Array(0), LIMIT)).toEqual(db);
    expect(applyWal(db, new Uint8Array(20), LIMIT)).toEqual(db);
  });

  test('the frames stop at the first with other salts (an older WAL generation) or a wrong checksum', () => {
    const db = pagesOf(PAGE, [1, 2, 3]);
    const otherSalts = buildWal({
      pageSize: PAGE,
      frames: [{ page: 2, fill: 20, commit: 3 }, { page: 3, fill: 30, commit: 3, salts: [7, 8] }, { page: 2, fill: 22, commit: 3 }],
    });
    expect(fills(applyWal(db, otherSalts, LIMIT))).toEqual([1, 20, 3]);
    const torn = buildWal({ pageSize: PAGE, frames: [{ page: 2, fill: 20, commit: 3 }, { page: 3, fill: 30, commit: 3, badChecksum: true }, { page: 2, fill: 22, commit: 3 }] });
    expect(fills(applyWal(db, torn, LIMIT))).toEqual([1, 20, 3]);
  });

  test('a frame cut short at the end of the file is not read', () => {
    const db = pagesOf(PAGE, [1, 2, 3]);
    const wal = buildWal({ pageSize: PAGE, frames: [{ page: 2, fill: 20, commit: 3 }, { page: 3, fill: 30, commit: 3 }] });
    expect(fills(applyWal(db, wal.subarray(0, wal.length - 1), LIMIT))).toEqual([1, 20, 3]);
  });

  test('page number 0 ends the frames', () => {
    const db = pagesOf(PAGE, [1, 2]);
    const wal = buildWal({ pageSize: PAGE, frames: [{ page: 0, fill: 9, commit: 2 }, { page: 2, fill: 20, commit: 2 }] });
    expect(applyWal(db, wal, LIMIT)).toEqual(db);
  });

  test('big-endian checksums (magic 0x377f0683) are read as such', () => {
    const db = pagesOf(PAGE, [1, 2]);
    const wal = buildWal({ pageSize: PAGE, bigEndianChecksums: true, frames: [{ page: 2, fill: 20, commit: 2 }] });
    expect(fills(applyWal(db, wal, LIMIT))).toEqual([1, 20]);
  });

  test('a header that does not check out means an empty WAL', () => {
    const db = pagesOf(PAGE, [1, 2]);
    const frames = [{ page: 2, fill: 20, commit: 2 }];
    expect(applyWal(db, buildWal({ pageSize: PAGE, frames, badHeaderChecksum: true }), LIMIT)).toEqual(db);
    expect(applyWal(db, buildWal({ pageSize: PAGE, frames, magic: 0x12345678 }), LIMIT)).toEqual(db);
    expect(applyWal(db, buildWal({ pageSize: 1000, frames }), LIMIT)).toEqual(pagesOf(PAGE, [1, 2]));
  });

  test('a WAL of another format version is refused, as SQLite refuses it', () => {
    const wal = buildWal({ pageSize: PAGE, version: 3007001, frames: [{ page: 1, fill: 1, commit: 1 }] });
    expect(thrown(WalError, () => applyWal(pagesOf(PAGE, [1]), wal, LIMIT)).message).toBe('the WAL has format version 3007001, not 3007000');
  });

  test('the database grows and shrinks to the size of the last commit', () => {
    const db = pagesOf(PAGE, [1, 2, 3]);
    const grown = buildWal({ pageSize: PAGE, frames: [{ page: 4, fill: 40 }, { page: 5, fill: 50, commit: 5 }] });
    expect(fills(applyWal(db, grown, LIMIT))).toEqual([1, 2, 3, 40, 50]);
    const shrunk = buildWal({ pageSize: PAGE, frames: [{ page: 4, fill: 40, commit: 4 }, { page: 2, fill: 20, commit: 2 }] });
    expect(fills(applyWal(db, shrunk, LIMIT))).toEqual([1, 20]);
  });

  test('the header is made that of a rollback-journal database of the new size', () => {
    const db = pagesOf(PAGE, [0, 2]);
    db[18] = 2;
    db[19] = 2;
    new DataView(db.buffer).setUint32(24, 77);
    const wal = buildWal({ pageSize: PAGE, frames: [{ page: 3, fill: 30, commit: 3 }] });
    const image = applyWal(db, wal, LIMIT);
    const view = new DataView(image.buffer);
    expect([image[18], image[19], view.getUint32(28), view.getUint32(92)]).toEqual([1, 1, 3, 77]);
    // Without a WAL too: nothing may look for one.
    expect([...applyWal(db, undefined, LIMIT).subarray(18, 20)]).toEqual([1, 1]);
    expect([db[18], db[19]]).toEqual([2, 2]);
  });

  test('neither input is changed', () => {
    const db = pagesOf(PAGE, [1, 2]);
    const wal = buildWal({ pageSize: PAGE, frames: [{ page: 1, fill: 10, commit: 2 }] });
    const [dbCopy, walCopy] = [db.slice(), wal.slice()];
    applyWal(db, wal, LIMIT);
    expect([db, wal]).toEqual([dbCopy, walCopy]);
  });

  test('a commit claiming a database bigger than the limit is refused before anything is allocated', () => {
    const wal = buildWal({ pageSize: PAGE, frames: [{ page: 1, fill: 1, commit: 0xffffffff }] });
    expect(thrown(WalError, () => applyWal(pagesOf(PAGE, [1]), wal, LIMIT)).message).toMatch(/^the WAL makes the database \d+ bytes, more than the 1048576 read at most$/);
  });
});
