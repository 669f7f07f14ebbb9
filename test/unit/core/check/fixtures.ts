// Builders for the check tests: a healthy host (every BE's entries on every ESP, intact,
// loader.conf pointing at the default BE), which each test breaks in one way.
import type { BeFacts, CheckFacts, ReadableEsp, WantedCheckEntry } from '../../../../src/core/check/facts.js';
import type { CheckReport } from '../../../../src/core/check/report.js';
import { bootFilePath } from '../../../../src/core/esp/layout.js';
import { wantedEntry } from '../../../../src/core/sync/entry-text.js';
import type { SourceFile } from '../../../../src/core/sync/model.js';
import type { PlatformFacts } from '../../../../src/core/host/platform.js';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
export const BE_ROOT = 'rpool/ROOT';
export const KVER = '6.8.12-4-pve';
export const OLDER = '6.8.8-2-pve';

/** A SHA-256-looking hex string, the same for the same kind, kernel and build tag. */
export function sha(kind: string, kver: string, tag: string): string {
  return Buffer.from(`${kind}${kver}${tag}`).toString('hex').padEnd(64, '0').slice(0, 64);
}

function source(kind: SourceFile['kind'], kver: string, tag: string, size: number): SourceFile {
  return { kind, kver, sha256: sha(kind, kver, tag), size, source: `/boot/${kind}-${kver}` };
}

/** The entry the sync would write for a BE and a kernel (build tag: same tag, same files). */
export function wanted(be: string, kver: string, tag = 'a', dataset = `${BE_ROOT}/${be}`): WantedCheckEntry {
  const linux = source('vmlinuz', kver, tag, 8 * MiB);
  const initrd = source('initrd.img', kver, tag, 40 * MiB);
  const entry = wantedEntry({ be, kver, cmdline: [`root=ZFS=${dataset}`, 'boot=zfs'], created: 1_700_000_000 }, linux, initrd);
  const file = (f: SourceFile) => ({ path: bootFilePath(f.kind, f.kver, f.sha256), size: f.size, sha256: f.sha256 });
  return { name: entry.name, kver, text: entry.text, linux: file(linux), initrd: file(initrd) };
}

/** A BE with one kernel (its modules installed), canmount=noauto, no role unless given. */
export function be(name: string, more: Partial<BeFacts> & { kernels?: string[] } = {}): BeFacts {
  const { kernels = [KVER], ...rest } = more;
  return {
    name,
    dataset: `${BE_ROOT}/${name}`,
    canmount: 'noauto',
    booted: false,
    isDefault: false,
    nextBoot: false,
    wanted: kernels.map((kver) => wanted(name, kver)),
    modules: [...kernels],
    problems: [],
    ...rest,
  };
}

/** A systemd-boot ESP holding exactly what the BEs want, every file hashed. */
export function esp(id: string, bes: readonly BeFacts[], more: Partial<ReadableEsp> = {}): ReadableEsp {
  const entries = bes.flatMap((b) => b.wanted);
  const files = new Map<string, { path: string; size: number; sha256: string }>();
  for (const w of entries) for (const f of [w.linux, w.initrd]) files.set(f.path, { ...f });
  const loaderDefault = bes.find((b) => b.isDefault)?.wanted[0]?.name;
  return {
    id,
    kind: 'readable',
    bootloader: 'systemd-boot',
    sizeBytes: 1024 * MiB,
    freeBytes: 600 * MiB,
    entries: entries.map((w) => ({ name: w.name, text: w.text })),
    files: [...files.values()],
    ...(loaderDefault === undefined ? {} : { loaderDefault }),
    setupProblems: [],
    ...more,
  };
}

/** A host: the BEs on two healthy ESPs unless given, a half-full pool, a good layout. */
export function host(bes: BeFacts[], more: Partial<CheckFacts> = {}): CheckFacts {
  const booted = bes.find((b) => b.booted)?.dataset ?? `${BE_ROOT}/${bes[0]?.name ?? 'none'}`;
  return {
    beRoot: BE_ROOT,
    bes,
    esps: [esp('AAAA-0001', bes), esp('AAAA-0002', bes)],
    datasets: ['rpool', BE_ROOT, ...bes.map((b) => b.dataset), 'rpool/data', 'rpool/var-lib-vz', 'rpool/home'],
    pool: { name: 'rpool', sizeBytes: 100 * GiB, usedBytes: 50 * GiB },
    layout: [
      { path: '/var/lib/vz', dataset: 'rpool/var-lib-vz' },
      { path: '/tmp', dataset: undefined },
      { path: '/var/tmp', dataset: 'rpool/var-tmp' },
      { path: '/root', dataset: 'rpool/root-home' },
      { path: '/home', dataset: 'rpool/home' },
    ],
    booted,
    unresolvedEspUuids: [],
    reserveMiB: 32,
    platform: PVE9_HOST,
    ...more,
  };
}

/** A Proxmox VE 9 host as its installer leaves it: OpenZFS 2.3, Debian 13, bootctl without the systemd-boot package. */
export const PVE9_HOST: PlatformFacts = { zfsVersion: '2.3.4-pve1', debianMajor: 13, systemdBootPackage: false, bootctl: true };

/** The usual pair: pve-1 booted and default, apt-1 made by apt. */
export function twoBes(): BeFacts[] {
  return [be('pve-1', { booted: true, isDefault: true, canmount: 'on' }), be('apt-1')];
}

/** "SEVERITY subject: message" per finding, the fix left out: what most tests compare. */
export function lines(report: CheckReport): string[] {
  return report.findings.map((f) => `${f.severity} ${f.subject}: ${f.message}`);
}

/** A copy of an ESP with one entry's text changed (or removed, with undefined). */
export function withEntry(target: ReadableEsp, name: string, text: string | undefined): ReadableEsp {
  const entries = target.entries.filter((e) => e.name !== name);
  if (text !== undefined) entries.push({ name, text });
  return { ...target, entries };
}

export function withoutFile(target: ReadableEsp, path: string): ReadableEsp {
  return { ...target, files: target.files.filter((f) => f.path !== path) };
}
