// Wanted entries and the maps a strategy is given, for the strategy tests.
import { pathKey } from '../../../../src/core/esp/layout.js';
import { wantedEntry } from '../../../../src/core/sync/entry-text.js';
import type { EspEntry, WantedEntry } from '../../../../src/core/sync/model.js';

export const KVER = '6.8.12-4-pve';

export function entry(be: string, kver = KVER, tag = 'a'): WantedEntry {
  const file = (kind: 'vmlinuz' | 'initrd.img') => ({ kind, kver, sha256: Buffer.from(`${kind}${tag}`).toString('hex').padEnd(64, '0').slice(0, 64), size: 1, source: `/boot/${kind}-${kver}` });
  return wantedEntry({ be, kver, cmdline: [`root=ZFS=rpool/ROOT/${be}`, 'boot=zfs'], created: 1_700_000_000 }, file('vmlinuz'), file('initrd.img'));
}

export function byKey<T extends { name: string }>(entries: readonly T[]): Map<string, T> {
  return new Map(entries.map((e) => [pathKey(e.name), e]));
}

export const onEsp = (e: WantedEntry): EspEntry => ({ name: e.name, text: e.text });
