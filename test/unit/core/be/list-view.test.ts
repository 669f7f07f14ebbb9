import { describe, expect, test } from '@jest/globals';
import { listView } from '../../../../src/core/be/list-view.js';
import { be, BE_ROOT, entry, input } from './list-fixtures.js';

const rowsOf = (view: ReturnType<typeof listView>) => Object.fromEntries(view.bootEnvironments.map((r) => [r.name, r]));

describe('list view', () => {
  test('every field of a row, from the BE and the input', () => {
    const apt = be('apt-1', 1700000002, {
      usedBytes: 3000,
      madeBy: 'apt',
      description: 'pve-manager 8.2.4 → 8.2.7',
      held: true,
      cloneOf: 'rpool/ROOT/pve-1@apt-1',
      lastKernel: '6.8.12-4-pve',
    });
    const view = listView(
      BE_ROOT,
      input([be('pve-1', 1700000001), apt], {
        mountpoints: new Map([['rpool/ROOT/pve-1', '/'], ['rpool/ROOT/apt-1', '/mnt/apt-1']]),
        esps: [{ esp: 'AAAA-0001', entries: [entry('apt-1')] }],
        trialOf: (b) => (b.name === 'apt-1' ? { kind: 'failed', why: 'health.d/10-api exited 1' } : undefined),
      }),
    );
    expect(view).toEqual({
      beRoot: BE_ROOT,
      esps: ['AAAA-0001'],
      bootEnvironments: [
        {
          name: 'pve-1',
          dataset: 'rpool/ROOT/pve-1',
          flags: 'N',
          active: { now: true, onReboot: false, nextBoot: false },
          mountpoint: '/',
          usedBytes: 1000,
          created: 1700000001,
          madeBy: null,
          description: null,
          held: false,
          cloneOf: null,
          esps: [],
          trial: null,
        },
        {
          name: 'apt-1',
          dataset: 'rpool/ROOT/apt-1',
          flags: '-',
          active: { now: false, onReboot: false, nextBoot: false },
          mountpoint: '/mnt/apt-1',
          usedBytes: 3000,
          created: 1700000002,
          madeBy: 'apt',
          description: 'pve-manager 8.2.4 → 8.2.7',
          held: true,
          cloneOf: 'rpool/ROOT/pve-1@apt-1',
          esps: ['AAAA-0001'],
          trial: { state: 'failed', why: 'health.d/10-api exited 1' },
        },
      ],
    });
    // JSON keeps every key: no undefined anywhere.
    expect(Object.keys(JSON.parse(JSON.stringify(view)).bootEnvironments[0])).toHaveLength(13);
  });

  test.each([
    // booted, default, next -> flags of a, b, c
    ['a', 'a', 'a', ['NRT', '-', '-']],
    ['a', 'a', undefined, ['NR', '-', '-']],
    ['a', undefined, 'a', ['NT', '-', '-']],
    ['a', 'b', undefined, ['N', 'R', '-']],
    ['a', 'b', 'c', ['N', 'R', 'T']],
    ['a', 'b', 'b', ['N', 'RT', '-']],
    ['a', undefined, 'c', ['N', '-', 'T']],
    // Booted from outside the BE root (a rescue system): nobody is N.
    ['x', 'b', undefined, ['-', 'R', '-']],
  ] as const)('booted %s, default %s, next %s: flags %j', (booted, def, next, flags) => {
    const view = listView(
      BE_ROOT,
      input([be('a', 1), be('b', 2), be('c', 3)], {
        booted: `${BE_ROOT}/${booted}`,
        ...(def === undefined ? {} : { defaultDataset: `${BE_ROOT}/${def}` }),
        ...(next === undefined ? {} : { nextBootDataset: `${BE_ROOT}/${next}` }),
      }),
    );
    expect(view.bootEnvironments.map((r) => r.flags)).toEqual(flags);
    for (const row of view.bootEnvironments) {
      const { now, onReboot, nextBoot } = row.active;
      expect(row.flags).toBe((now ? 'N' : '') + (onReboot ? 'R' : '') + (nextBoot ? 'T' : '') || '-');
    }
  });

  test('ESP membership comes from root= in our entries, not from the file name', () => {
    const view = listView(
      BE_ROOT,
      input([be('pve-1', 1), be('apt-1', 2), be('apt-2', 3)], {
        esps: [
          {
            esp: 'AAAA-0001',
            entries: [
              entry('pve-1'),
              entry('pve-1', '6.8.12-5-pve'),
              // Named after apt-1 but booting apt-2: root= decides.
              { name: 'pve-bootenv-apt-1-6.8.12-4-pve.conf', text: entry('apt-2').text },
            ],
          },
          {
            esp: 'AAAA-0002',
            entries: [
              entry('pve-1'),
              // proxmox-boot-tool's entry booting apt-1: not ours, ignored.
              { name: 'proxmox-6.8.12-4-pve.conf', text: entry('apt-1').text },
              // Ours, but for a dataset that is no BE here.
              entry('gone'),
              entry('other', '6.8.12-4-pve', 'tank/ROOT/other'),
              // Unreadable entries are skipped, not fatal.
              { name: 'pve-bootenv-broken-6.8.12-4-pve.conf', text: 'garbage\n' },
              { name: 'pve-bootenv-noroot-6.8.12-4-pve.conf', text: 'options  quiet\n' },
            ],
          },
          { esp: 'AAAA-0003', entries: [] },
        ],
      }),
    );
    expect(view.esps).toEqual(['AAAA-0001', 'AAAA-0002', 'AAAA-0003']);
    const rows = rowsOf(view);
    expect(rows['pve-1']!.esps).toEqual(['AAAA-0001', 'AAAA-0002']);
    expect(rows['apt-1']!.esps).toEqual([]);
    expect(rows['apt-2']!.esps).toEqual(['AAAA-0001']);
  });

  test('an ESP listed twice counts once', () => {
    const view = listView(
      BE_ROOT,
      input([be('pve-1', 1)], { esps: [{ esp: 'AAAA-0001', entries: [entry('pve-1')] }, { esp: 'AAAA-0001', entries: [entry('pve-1')] }] }),
    );
    expect(view.esps).toEqual(['AAAA-0001']);
    expect(view.bootEnvironments[0]!.esps).toEqual(['AAAA-0001']);
  });

  test('ESPs unknown: null at the top and on every row; no ESPs: empty lists', () => {
    const unknown = listView(BE_ROOT, input([be('pve-1', 1), be('apt-1', 2)]));
    expect(unknown.esps).toBeNull();
    expect(unknown.bootEnvironments.map((r) => r.esps)).toEqual([null, null]);
    const none = listView(BE_ROOT, input([be('pve-1', 1)], { esps: [] }));
    expect(none.esps).toEqual([]);
    expect(none.bootEnvironments[0]!.esps).toEqual([]);
  });

  test('sorted by creation time, then name in code-unit order', () => {
    const view = listView(BE_ROOT, input([be('z', 5), be('b', 3), be('a', 3), be('B', 3), be('old', 1)]));
    expect(view.bootEnvironments.map((r) => r.name)).toEqual(['old', 'B', 'a', 'b', 'z']);
  });

  test('no boot environments: an empty list', () => {
    expect(listView(BE_ROOT, input([]))).toEqual({ beRoot: BE_ROOT, esps: null, bootEnvironments: [] });
  });

  test('the input is not modified', () => {
    const bes = [be('b', 2), be('a', 1)];
    listView(BE_ROOT, input(bes));
    expect(bes.map((b) => b.name)).toEqual(['b', 'a']);
  });
});
