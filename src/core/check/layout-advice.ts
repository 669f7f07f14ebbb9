// Layout advice of `pve-bootenv check`: directories that should not live inside the boot
// environment (core/layout/state-dirs.ts says which and why), with the command that moves
// each one out (`pve-bootenv layout`). Advice only: check never changes anything.
//
// Decisions:
// - Only the dataset mounted at / counts: a path on another dataset (or not on ZFS, as a
//   tmpfs /tmp) is already out of the boot environment.
// - /tmp goes to a tmpfs (systemd's tmp.mount) from the next boot, rather than a dataset:
//   mounting anything over a live /tmp would hide the sockets and files in use.
// - Below LAYOUT_MIN_BYTES there is nothing a rollback could lose or bloat: a fresh host's
//   empty /var/lib/vz or a /root with dotfiles gets no advice (a size not measured does).
//   /var/lib/pve-cluster is the exception: its config.db is small and holds every guest's
//   configuration.
// - If the dataset the move would create exists already (but is not mounted there), the
//   advice is to look at it instead: `layout` refuses it too, and guessing is not safe.
import { STATE_DIRS, type StateDir } from '../layout/state-dirs.js';
import type { CheckFacts } from './facts.js';
import type { Finding } from './report.js';

export const LAYOUT_PATHS: readonly string[] = [...STATE_DIRS.map((dir) => dir.path), '/tmp'];

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export function formatSize(bytes: number): string {
  return bytes >= GiB ? `${(bytes / GiB).toFixed(1)} GiB` : `${(bytes / MiB).toFixed(1)} MiB`;
}

/** Less than this in a path is not worth a warning (see the decisions above). */
export const LAYOUT_MIN_BYTES = 1024 * 1024;

const TMP: Pick<StateDir, 'why' | 'severity' | 'alwaysWorthIt'> = {
  why: 'its files end up in every snapshot and clone of the boot environment',
  severity: 'warning',
  alwaysWorthIt: false,
};

export function layoutFindings(facts: Pick<CheckFacts, 'layout' | 'booted' | 'pool' | 'datasets'>): Finding[] {
  const findings: Finding[] = [];
  const existing = new Set(facts.datasets);
  for (const path of LAYOUT_PATHS) {
    const dir = STATE_DIRS.find((d) => d.path === path);
    const rule = dir ?? TMP;
    const place = facts.layout.find((l) => l.path === path);
    if (place === undefined || place.dataset === undefined || place.dataset !== facts.booted) continue;
    if (place.bytes !== undefined && place.bytes < (rule.alwaysWorthIt ? 1 : LAYOUT_MIN_BYTES)) continue;
    const size = place.bytes === undefined ? '' : ` (${formatSize(place.bytes)})`;
    const message = `${path} is in the root dataset ${facts.booted}${size}: ${rule.why}`;
    const fix = dir === undefined ? tmpfsAdvice() : moveAdvice(dir, facts.pool.name, existing);
    findings.push({ severity: rule.severity, subject: `layout ${path}`, message, fix });
  }
  return findings;
}

function tmpfsAdvice(): string {
  return [
    'Put /tmp on a tmpfs (in RAM, empty after every boot, at most half the RAM) from the next boot on:',
    'test -e /usr/lib/systemd/system/tmp.mount || cp /usr/share/systemd/tmp.mount /etc/systemd/system/',
    'systemctl enable tmp.mount',
    'reboot when convenient',
  ].join('\n');
}

function moveAdvice(dir: StateDir, pool: string, existing: ReadonlySet<string>): string {
  const dataset = `${pool}/${dir.name}`;
  if (existing.has(dataset)) {
    return `${dataset} exists but is not mounted at ${dir.path}: look at it first (zfs get mountpoint,canmount,mounted ${dataset})`;
  }
  return [
    `Move ${dir.path} to its own dataset ${dataset}, shared by all boot environments, ${dir.when}; --dry-run shows every step:`,
    `pve-bootenv layout ${dir.path}`,
  ].join('\n');
}
