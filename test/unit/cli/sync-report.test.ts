import { describe, expect, test } from '@jest/globals';
import { renderSyncReport } from '../../../src/cli/render/sync-report.js';
import type { SyncReport } from '../../../src/engine/sync.js';
import type { EspPlan } from '../../../src/core/sync/model.js';
import { be, emptyEsp, MiB } from '../core/sync/esp-model.js';
import { planEsp } from '../../../src/core/sync/plan-esp.js';

const pve1 = be('pve-1', 'default', [['6.8.12-4-pve', 'a']]);
const plan: EspPlan = planEsp({ esp: emptyEsp(), wanted: [pve1], defaultEntry: pve1.entries[0]!.name, maxLoaded: 8, reserveBytes: 32 * MiB });

const report = (esps: SyncReport['esps']): SyncReport => ({
  defaultBe: 'pve-1',
  defaultEntry: 'pve-bootenv-pve-1-6.8.12-4-pve.conf',
  esps,
  efiDefault: 'set',
  problems: [],
  bytesWritten: 0,
});

describe('sync report', () => {
  test('one line per ESP, the default last', () => {
    const lines = renderSyncReport(
      report([
        { esp: 'AAAA-0001', status: 'synced', plan, bytesWritten: 48 * MiB },
        { esp: 'AAAA-0002', status: 'up-to-date', plan: { ...plan, actions: [] }, bytesWritten: 0 },
        { esp: 'AAAA-0003', status: 'skipped', message: 'GRUB mode' },
        { esp: 'AAAA-0004', status: 'failed', message: 'cannot mount' },
      ]),
      false,
    );
    expect(lines).toEqual([
      'ESP AAAA-0001: synced, 4 changes, 48.0 MiB written',
      'ESP AAAA-0002: up to date',
      'ESP AAAA-0003: skipped: GRUB mode',
      'ESP AAAA-0004: FAILED: cannot mount',
      'default: pve-1 (pve-bootenv-pve-1-6.8.12-4-pve.conf), EFI variable set',
    ]);
  });

  test('a repaired file is told by name after its ESP, planned or done', () => {
    const kernel = plan.actions.find((a) => a.op === 'write-file')!;
    const repair = { ...plan, actions: [{ ...kernel, repair: true as const }] };
    const path = kernel.op === 'write-file' ? kernel.path : '';
    const source = kernel.op === 'write-file' ? kernel.from.source : '';
    expect(renderSyncReport(report([{ esp: 'AAAA-0001', status: 'synced', plan: repair, bytesWritten: 16 * MiB }]), false).slice(0, 2)).toEqual([
      'ESP AAAA-0001: synced, 1 change, 16.0 MiB written',
      `  repaired ${path}: its bytes did not match the SHA-256 its name carries; rewritten from ${source}`,
    ]);
    expect(renderSyncReport(report([{ esp: 'AAAA-0001', status: 'planned', plan: repair, bytesWritten: 0 }]), true)[1]).toBe(
      `  repair ${path} (its bytes do not match the SHA-256 its name carries; from ${source})`,
    );
  });

  test('--dry-run lists every planned action in order, and what will not be on the ESP', () => {
    const withMissing = { ...plan, notLoaded: [{ be: 'old', why: 'no space: 40.0 MiB more would be needed' }] };
    const lines = renderSyncReport(report([{ esp: 'AAAA-0001', status: 'planned', plan: withMissing, bytesWritten: 0 }]), true);
    expect(lines[0]).toMatch(/^ESP AAAA-0001: would make 4 changes, 48\.0 MiB to write:$/);
    expect(lines.slice(1, 5).map((l) => l.trim().split(' ')[0])).toEqual(['write', 'write', 'write', 'set']);
    expect(lines).toContain('  not on ESP: old: no space: 40.0 MiB more would be needed');
    expect(lines[lines.length - 1]).toBe('default: pve-1 (pve-bootenv-pve-1-6.8.12-4-pve.conf)');
  });
});
