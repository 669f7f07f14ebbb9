// An in-memory ESP for planner tests: applies a plan's actions the way the adapter does,
// so tests can re-plan on the result and check what a crash after any action leaves.
import { parseLoaderConf } from '../../../../src/core/bootfiles/loader-conf.js';
import { parseGrubMenu } from '../../../../src/core/bootfiles/grub-menu.js';
import { parseLoaderEntry, renderLoaderEntry } from '../../../../src/core/bootfiles/loader-entry.js';
import { pathKey } from '../../../../src/core/esp/layout.js';
import type { EspAction, EspSnapshot, SourceFile, WantedBe } from '../../../../src/core/sync/model.js';
import { wantedEntry } from '../../../../src/core/sync/entry-text.js';

export function apply(esp: EspSnapshot, actions: EspAction[]): EspSnapshot {
  let next: EspSnapshot = structuredClone(esp);
  for (const action of actions) next = applyOne(next, action);
  return next;
}

function applyOne(esp: EspSnapshot, action: EspAction): EspSnapshot {
  const without = <T extends { path?: string; name?: string }>(list: T[], key: string) =>
    list.filter((x) => pathKey(x.path ?? x.name ?? '') !== pathKey(key));
  switch (action.op) {
    case 'remove-temp': {
      const size = esp.tempFiles.find((f) => f.path === action.path)?.size ?? 0;
      return { ...esp, tempFiles: without(esp.tempFiles, action.path), freeBytes: esp.freeBytes + size };
    }
    case 'remove-file': {
      const size = esp.files.find((f) => pathKey(f.path) === pathKey(action.path))?.size ?? 0;
      return { ...esp, files: without(esp.files, action.path), freeBytes: esp.freeBytes + size };
    }
    case 'remove-entry':
      return { ...esp, entries: without(esp.entries, action.name) };
    case 'write-file': {
      const old = esp.files.find((f) => pathKey(f.path) === pathKey(action.path))?.size ?? 0;
      if (esp.freeBytes + old < action.from.size) throw new Error(`ESP full writing ${action.path}`);
      return {
        ...esp,
        files: [...without(esp.files, action.path), { path: action.path, size: action.from.size }],
        freeBytes: esp.freeBytes + old - action.from.size,
      };
    }
    case 'write-entry':
      return { ...esp, entries: [...without(esp.entries, action.name), { name: action.name, text: action.text }] };
    case 'set-default':
      if (esp.bootloader.id !== 'systemd-boot') throw new Error('set-default on a GRUB ESP');
      return { ...esp, bootloader: { ...esp.bootloader, loaderConf: action.loaderConf } };
    case 'write-grub-menu': {
      if (esp.bootloader.id !== 'grub') throw new Error('write-grub-menu on a systemd-boot ESP');
      // As the snapshot adapter reads a GRUB ESP back: the menu's entries as loader entries.
      const entries = parseGrubMenu(action.text).entries.map(({ name, entry }) => ({ name, text: renderLoaderEntry(entry) }));
      return { ...esp, bootloader: { ...esp.bootloader, menu: action.text }, entries };
    }
  }
}

/** What the firmware would boot by default: undefined if loader.conf (or the GRUB menu) names none of ours. */
export function defaultBootsFiles(esp: EspSnapshot): { entry: string; missing: string[] } | undefined {
  const target = esp.bootloader.id === 'grub' ? parseGrubMenu(esp.bootloader.menu).defaultEntry : parseLoaderConf(esp.bootloader.loaderConf).default;
  const entry = esp.entries.find((e) => e.name === target);
  if (!entry || target === undefined) return undefined;
  const parsed = parseLoaderEntry(entry.text);
  const files = [parsed.linux!, ...parsed.initrd].map((p) => p.replace(/^\//, ''));
  const present = new Set(esp.files.map((f) => pathKey(f.path)));
  return { entry: target, missing: files.filter((f) => !present.has(pathKey(f))) };
}

export const MiB = 1024 * 1024;

export function source(kind: SourceFile['kind'], kver: string, tag: string, size: number): SourceFile {
  const sha256 = Buffer.from(`${kind}${kver}${tag}`).toString('hex').padEnd(64, '0').slice(0, 64);
  return { kind, kver, sha256, size, source: `/boot/${kind}-${kver}` };
}

/** A boot environment with one entry per (kver, build tag): same tag = same file content. */
export function be(name: string, reason: WantedBe['reason'], kernels: Array<[kver: string, tag: string]>, created = 1_700_000_000): WantedBe {
  return {
    be: name,
    reason,
    entries: kernels.map(([kver, tag]) =>
      wantedEntry(
        { be: name, kver, cmdline: [`root=ZFS=rpool/ROOT/${name}`, 'boot=zfs'], created },
        source('vmlinuz', kver, tag, 8 * MiB),
        source('initrd.img', kver, tag, 40 * MiB),
      ),
    ),
  };
}

export function emptyEsp(freeMiB = 400): EspSnapshot {
  return { id: 'AAAA-0001', freeBytes: freeMiB * MiB, files: [], entries: [], tempFiles: [], bootloader: { id: 'systemd-boot', loaderConf: 'timeout 3\ndefault proxmox-*\n' } };
}

/** An empty GRUB-mode ESP: no menu of ours yet. */
export function emptyGrubEsp(freeMiB = 400): EspSnapshot {
  return { ...emptyEsp(freeMiB), bootloader: { id: 'grub', fsUuid: '1234-ABCD', menu: '' } };
}
