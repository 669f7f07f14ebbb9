// Builds SQLite WAL files for the tests of applyWal, written from the format description
// (https://sqlite.org/fileformat2.html#walformat), separately from the code under test.

export interface FrameSpec {
  page: number;
  /** The byte every byte of the page is. */
  fill: number;
  /** Database size in pages after this frame, for a commit frame. */
  commit?: number;
  /** Other salts than the header's (a leftover of an older WAL). */
  salts?: [number, number];
  /** Store a wrong checksum. */
  badChecksum?: boolean;
}

export interface WalSpec {
  pageSize: number;
  frames: FrameSpec[];
  bigEndianChecksums?: boolean;
  salts?: [number, number];
  version?: number;
  magic?: number;
  badHeaderChecksum?: boolean;
}

export function buildWal(spec: WalSpec): Uint8Array {
  const { pageSize, frames } = spec;
  const salts = spec.salts ?? [0x11111111, 0x22222222];
  const bigEndian = spec.bigEndianChecksums ?? false;
  const bytes = new Uint8Array(32 + frames.length * (24 + pageSize));
  const view = new DataView(bytes.buffer);
  view.setUint32(0, spec.magic ?? (bigEndian ? 0x377f0683 : 0x377f0682));
  view.setUint32(4, spec.version ?? 3007000);
  view.setUint32(8, pageSize);
  view.setUint32(12, 0);
  view.setUint32(16, salts[0]);
  view.setUint32(20, salts[1]);
  let sums = sumWords(view, 0, 24, !bigEndian, 0, 0);
  view.setUint32(24, spec.badHeaderChecksum ? sums[0] ^ 1 : sums[0]);
  view.setUint32(28, sums[1]);
  frames.forEach((frame, i) => {
    const at = 32 + i * (24 + pageSize);
    view.setUint32(at, frame.page);
    view.setUint32(at + 4, frame.commit ?? 0);
    view.setUint32(at + 8, (frame.salts ?? salts)[0]);
    view.setUint32(at + 12, (frame.salts ?? salts)[1]);
    bytes.fill(frame.fill, at + 24, at + 24 + pageSize);
    sums = sumWords(view, at, 8, !bigEndian, ...sums);
    sums = sumWords(view, at + 24, pageSize, !bigEndian, ...sums);
    view.setUint32(at + 16, frame.badChecksum ? (sums[0] + 1) >>> 0 : sums[0]);
    view.setUint32(at + 20, sums[1]);
  });
  return bytes;
}

function sumWords(view: DataView, start: number, length: number, littleEndian: boolean, a: number, b: number): [number, number] {
  for (let i = start; i < start + length; i += 8) {
    a = (a + view.getUint32(i, littleEndian) + b) >>> 0;
    b = (b + view.getUint32(i + 4, littleEndian) + a) >>> 0;
  }
  return [a, b];
}

/** A database image of pages whose bytes are all `fill` (page 1 too: applyWal reads nothing of it). */
export function pagesOf(pageSize: number, fills: number[]): Uint8Array {
  const image = new Uint8Array(pageSize * fills.length);
  fills.forEach((fill, i) => image.fill(fill, i * pageSize, (i + 1) * pageSize));
  return image;
}
