import { describe, expect, test } from '@jest/globals';
import { formatCreated, humanBytes, renderListScript, renderListTable } from '../../../src/cli/render/list-table.js';
import { listView } from '../../../src/core/be/list-view.js';
import { be, BE_ROOT, entry, input } from '../core/be/list-fixtures.js';

const K = 1024;
const M = K * K;
const G = M * K;

const view = listView(
  BE_ROOT,
  input(
    [
      be('pve-1', Date.UTC(2026, 0, 5, 9, 7, 59) / 1000, { usedBytes: Math.floor(1.2 * G) }),
      be('apt-20261122-143000', Date.UTC(2026, 10, 22, 14, 30) / 1000, {
        usedBytes: 340 * M,
        madeBy: 'apt',
        description: 'pve-manager 8.2.4 → 8.2.7',
        held: true,
        cloneOf: 'rpool/ROOT/pve-1@apt-20261122-143000',
      }),
      be('x', Date.UTC(2026, 10, 23) / 1000, { usedBytes: 12 * K, madeBy: 'manual', description: 'two\tlines\nhere' }),
    ],
    {
      defaultDataset: 'rpool/ROOT/apt-20261122-143000',
      nextBootDataset: 'rpool/ROOT/x',
      mountpoints: new Map([['rpool/ROOT/pve-1', '/']]),
      esps: [
        { esp: 'AAAA-0001', entries: [entry('pve-1'), entry('apt-20261122-143000')] },
        { esp: 'AAAA-0002', entries: [entry('pve-1')] },
      ],
    },
  ),
);

describe('list table', () => {
  test('aligned columns, human units, UTC dates, held after made-by, description last', () => {
    expect(renderListTable(view)).toEqual([
      'BE                   Active  Mountpoint  Space  Created           Made-by   ESPs  Description',
      'pve-1                N       /           1.2G   2026-01-05 09:07  -         2/2   -',
      'apt-20261122-143000  R       -           340M   2026-11-22 14:30  apt,held  1/2   pve-manager 8.2.4 → 8.2.7',
      'x                    T       -           12K    2026-11-23 00:00  manual    0/2   two\\u0009lines\\u000ahere',
    ]);
  });

  test('every column starts at the same offset on every line', () => {
    const lines = renderListTable(view);
    const starts = (line: string) => [...line.matchAll(/(?<=  )\S/g)].map((m) => m.index);
    const header = starts(lines[0]!);
    expect(header).toHaveLength(7);
    for (const line of lines.slice(1)) expect(starts(line).slice(0, 7)).toEqual(header);
  });

  test('ESPs unknown: "-"; held without made-by; no trailing whitespace', () => {
    const lines = renderListTable(listView(BE_ROOT, input([be('pve-1', 0, { held: true })])));
    expect(lines[1]).toBe('pve-1  N       -           1000B  1970-01-01 00:00  held     -     -');
    for (const line of lines) expect(line).toBe(line.trimEnd());
  });

  test('no boot environments: the header alone', () => {
    expect(renderListTable(listView(BE_ROOT, input([])))).toEqual(['BE  Active  Mountpoint  Space  Created  Made-by  ESPs  Description']);
  });

  test('control characters never reach the terminal', () => {
    const lines = renderListTable(listView(BE_ROOT, input([be('pve-1', 0, { description: 'a\x1b[2Jb\rc\x9bd' })])));
    expect(lines[1]!.endsWith(' a\\u001b[2Jb\\u000dc\\u009bd')).toBe(true);
  });

  test('a description with an escape sequence and a line break: one line, no ESC, the characters shown escaped', () => {
    const lines = renderListTable(listView(BE_ROOT, input([be('pve-1', 0, { description: '\u001b[31mred\nforged  row\u2028' })])));
    expect(lines).toHaveLength(2);
    expect(lines[1]).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(lines[1]!.endsWith(' \\u001b[31mred\\u000aforged  row\\u2028')).toBe(true);
  });

  test.each([
    [0, '0B'],
    [1023, '1023B'],
    [1024, '1.0K'],
    [12 * K, '12K'],
    [9.94 * K, '9.9K'],
    [9.96 * K, '10K'],
    [340 * M, '340M'],
    [1023.4 * K, '1023K'],
    [1023.7 * K, '1.0M'],
    [1.2 * G, '1.2G'],
    [1.5 * 1024 * G, '1.5T'],
    [Number.NaN, '-'],
  ])('%d bytes: %s', (bytes, text) => {
    expect(humanBytes(bytes)).toBe(text);
  });

  test('created: minutes, UTC', () => {
    expect(formatCreated(1700000000)).toBe('2023-11-14 22:13');
    expect(formatCreated(Number.NaN)).toBe('-');
  });
});

describe('list -H', () => {
  test('tab-separated raw values, no header, "-" for empty, descriptions on one line', () => {
    expect(renderListScript(view)).toEqual([
      ['pve-1', 'N', '/', String(Math.floor(1.2 * G)), String(Date.UTC(2026, 0, 5, 9, 7, 59) / 1000), '-', 'no', 'AAAA-0001,AAAA-0002', '-'].join('\t'),
      ['apt-20261122-143000', 'R', '-', String(340 * M), String(Date.UTC(2026, 10, 22, 14, 30) / 1000), 'apt', 'yes', 'AAAA-0001', 'pve-manager 8.2.4 → 8.2.7'].join('\t'),
      ['x', 'T', '-', String(12 * K), String(Date.UTC(2026, 10, 23) / 1000), 'manual', 'no', '-', 'two\\u0009lines\\u000ahere'].join('\t'),
    ]);
  });

  test('nine fields on every line, whatever the text holds', () => {
    const hostile = listView(
      BE_ROOT,
      input([be('pve-1', 0, { description: '\t\n\r\n' })], { mountpoints: new Map([['rpool/ROOT/pve-1', '/mnt/a\tb\nc']]) }),
    );
    const lines = renderListScript(hostile);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.split('\t')).toEqual(['pve-1', 'N', '/mnt/a\\u0009b\\u000ac', '1000', '0', '-', 'no', '-', '\\u0009\\u000a\\u000d\\u000a']);
  });

  test('ESPs unknown: "-"', () => {
    expect(renderListScript(listView(BE_ROOT, input([be('pve-1', 0)])))[0]!.split('\t')[7]).toBe('-');
  });
});
