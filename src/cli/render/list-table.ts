// Output of `pve-bootenv list`: an aligned table for people, and under -H one
// tab-separated line per BE with raw numbers, for scripts (like `zfs list -H -p`).
// Descriptions, made-by and mountpoints come from whoever could set a ZFS property or mount
// a dataset: every such cell is printable(), so no row, column or escape sequence is forged.
import { trialNote, type BeListRow, type ListView } from '../../core/be/list-view.js';
import { printable } from './printable.js';

const HEADER = ['BE', 'Active', 'Mountpoint', 'Space', 'Created', 'Made-by', 'ESPs', 'Description'];
const UNITS = ['K', 'M', 'G', 'T', 'P', 'E'];

/** 1024-based, one decimal below 10 (`1.2G`, `340M`, `12K`), as zfs list shows sizes. */
export function humanBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '-';
  if (bytes < 1024) return `${Math.round(bytes)}B`;
  let value = bytes / 1024;
  let unit = 0;
  // Compare the rounded value: 1023.7K must read 1.0M, not 1024K.
  while (unit < UNITS.length - 1 && Math.round(value) >= 1024) {
    value /= 1024;
    unit++;
  }
  // Below 9.95 one decimal; from there on 9.96 would print as "10.0", so round to whole.
  return `${value < 9.95 ? value.toFixed(1) : Math.round(value)}${UNITS[unit]}`;
}

/** `YYYY-MM-DD HH:MM` in UTC: the same on every host, whatever its time zone. */
export function formatCreated(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  return Number.isNaN(date.getTime()) ? '-' : date.toISOString().slice(0, 16).replace('T', ' ');
}

const orDash = (text: string | null): string => (text === null || text === '' ? '-' : printable(text));

function madeBy(row: BeListRow): string {
  if (!row.held) return orDash(row.madeBy);
  return row.madeBy === null || row.madeBy === '' ? 'held' : `${printable(row.madeBy)},held`;
}

const width = (text: string): number => [...text].length;

/** The trial first, in brackets (the why is ours, or whoever set the property: printable). */
function description(row: BeListRow): string {
  const trial = trialNote(row.trial);
  if (trial === undefined) return orDash(row.description);
  return row.description ? `[${printable(trial)}] ${printable(row.description)}` : `[${printable(trial)}]`;
}

export function renderListTable(view: ListView): string[] {
  const allEsps = view.esps?.length;
  const rows = view.bootEnvironments.map((row) => [
    printable(row.name),
    row.flags,
    orDash(row.mountpoint),
    humanBytes(row.usedBytes),
    formatCreated(row.created),
    madeBy(row),
    row.esps === null || allEsps === undefined ? '-' : `${row.esps.length}/${allEsps}`,
    description(row),
  ]);
  const table = [HEADER, ...rows];
  const widths = HEADER.map((_, column) => Math.max(...table.map((cells) => width(cells[column]!))));
  // The description is last and never padded, so a long one costs no other column space.
  return table.map((cells) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat(widths[column]! - width(cell))))
      .join('  ')
      .trimEnd(),
  );
}

/** -H: name, flags, mountpoint, used bytes, created epoch, made-by, held, ESPs, description. */
export function renderListScript(view: ListView): string[] {
  return view.bootEnvironments.map((row) =>
    [
      orDash(row.name),
      row.flags,
      orDash(row.mountpoint),
      String(row.usedBytes),
      String(row.created),
      orDash(row.madeBy),
      row.held ? 'yes' : 'no',
      row.esps === null || row.esps.length === 0 ? '-' : row.esps.map(printable).join(','),
      orDash(row.description),
    ].join('\t'),
  );
}
