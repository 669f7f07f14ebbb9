import { describe, expect, test } from '@jest/globals';
import { MAX_ITEM_LINES, renderRollbackReport } from '../../../src/cli/render/rollback-report.js';
import type { RollbackReport } from '../../../src/engine/rollback-diff.js';

const BE = 'apt-20261120-101500';
const compared = (fields: Partial<Extract<RollbackReport, { status: 'compared' }>>): RollbackReport => ({ status: 'compared', hidden: 0, guests: [], files: [], ...fields });

describe('rollback report', () => {
  test('nothing differs: nothing is said', () => {
    expect(renderRollbackReport(compared({}), BE)).toEqual({ out: [], warnings: [] });
  });

  test('one line per guest and file, under one saying what they are', () => {
    const report = compared({
      guests: [
        { kind: 'VM', vmid: 105, change: 'missing' },
        { kind: 'CT', vmid: 101, change: 'differs', keys: ['memory', 'net0'] },
        { kind: 'VM', vmid: 108, change: 'differs', keys: [] },
        { kind: 'VM', vmid: 107, change: 'extra' },
      ],
      files: [
        { path: 'jobs.cfg', change: 'missing' },
        { path: 'storage.cfg', change: 'differs' },
        { path: 'firewall/107.fw', change: 'extra' },
      ],
    });
    expect(renderRollbackReport(report, BE)).toEqual({
      out: [
        `booting ${BE} brings back its own /etc/pve, which differs from the running host's:`,
        `VM 105: has no configuration in ${BE}`,
        'CT 101: configuration differs (memory, net0)',
        'VM 108: configuration differs',
        `VM 107: exists only in ${BE}: it would come back`,
        `jobs.cfg: not in ${BE}`,
        'storage.cfg differs',
        `firewall/107.fw: only in ${BE}: it would come back`,
      ],
      warnings: [],
    });
  });

  test('entries left out are counted', () => {
    expect(renderRollbackReport(compared({ hidden: 3 }), BE).out).toEqual([
      `booting ${BE} brings back its own /etc/pve, which differs from the running host's:`,
      '(3 entries no path of /etc/pve can show were left out)',
    ]);
  });

  test('a long list is cut, and says where the rest is', () => {
    const guests = Array.from({ length: 100 }, (_, i) => ({ kind: 'VM' as const, vmid: 1000 + i, change: 'extra' as const }));
    const keys = Array.from({ length: 20 }, (_, i) => `net${i}`);
    const { out } = renderRollbackReport(compared({ guests: [{ kind: 'VM', vmid: 100, change: 'differs', keys }, ...guests] }), BE);
    expect(out).toHaveLength(1 + MAX_ITEM_LINES);
    expect(out[1]).toBe(`VM 100: configuration differs (${keys.slice(0, 12).join(', ')}, … 8 more)`);
    expect(out.at(-1)).toBe(`… and ${101 - MAX_ITEM_LINES + 1} more (--json lists them all)`);
  });

  test('a BE without /var/lib/pve-cluster (or its config.db): one line', () => {
    expect(renderRollbackReport({ status: 'absent', missing: '/var/lib/pve-cluster' }, BE)).toEqual({
      out: [`${BE} has no /var/lib/pve-cluster: booted, it would start with an empty /etc/pve (no guests, storage or users; a cluster node gets its copy back from the cluster)`],
      warnings: [],
    });
  });

  test('a comparison that could not be made is a warning', () => {
    const message = `${BE}'s /var/lib/pve-cluster/config.db is not a readable SQLite database: file is not a database`;
    expect(renderRollbackReport({ status: 'unreadable', message }, BE)).toEqual({
      out: [],
      warnings: [`${BE}'s /etc/pve was not compared with the running host's: ${message}`],
    });
  });
});
