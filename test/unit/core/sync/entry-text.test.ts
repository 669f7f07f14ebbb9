import { describe, expect, test } from '@jest/globals';
import { entryTitle, wantedEntry } from '../../../../src/core/sync/entry-text.js';
import { parseLoaderEntry } from '../../../../src/core/bootfiles/loader-entry.js';
import { source } from './esp-model.js';

describe('loader entry of a boot environment', () => {
  const created = Date.UTC(2026, 10, 22, 14, 30) / 1000;

  test('the title says which BE, when it was made and why', () => {
    expect(entryTitle({ be: 'pve-1', created })).toBe('pve-1 (2026-11-22 14:30 UTC)');
    expect(entryTitle({ be: 'apt-20261122-143000', created, origin: 'apt', description: 'pve-manager 8.2.4 → 8.2.7' })).toBe(
      'apt-20261122-143000 (2026-11-22 14:30 UTC, apt: pve-manager 8.2.4 → 8.2.7)',
    );
  });

  test('a long or multi-line description stays one short line', () => {
    const title = entryTitle({ be: 'x', created, description: `line one\nline two\t${'y'.repeat(200)}` });
    expect(title).not.toMatch(/[\n\t]/);
    expect(title.length).toBeLessThanOrEqual(80);
    expect(title.endsWith('…')).toBe(true);
  });

  test('the entry boots the content-addressed files with root= of the BE', () => {
    const linux = source('vmlinuz', '6.8.12-4-pve', 'a', 100);
    const initrd = source('initrd.img', '6.8.12-4-pve', 'a', 200);
    const wanted = wantedEntry({ be: 'pve-2', kver: '6.8.12-4-pve', cmdline: ['root=ZFS=rpool/ROOT/pve-2', 'boot=zfs', 'quiet'], created }, linux, initrd);
    expect(wanted.name).toBe('pve-bootenv-pve-2-6.8.12-4-pve.conf');
    const parsed = parseLoaderEntry(wanted.text);
    expect(parsed).toMatchObject({
      version: '6.8.12-4-pve',
      options: 'root=ZFS=rpool/ROOT/pve-2 boot=zfs quiet',
      linux: `/EFI/pve-bootenv/vmlinuz-6.8.12-4-pve-${linux.sha256}`,
      initrd: [`/EFI/pve-bootenv/initrd.img-6.8.12-4-pve-${initrd.sha256}`],
    });
  });
});
