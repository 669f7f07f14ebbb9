// Layout advice of `pve-bootenv check`: directories that should not live inside the boot
// environment, with the exact steps to move them out. Advice only: check never changes
// anything, and the steps are for a person to run one at a time.
//
// Decisions:
// - Only the dataset mounted at / counts: a path on another dataset (or not on ZFS, as a
//   tmpfs /tmp) is already out of the boot environment.
// - Data directories move to a dataset of their own directly under the pool, shared by
//   every BE (so a rollback keeps them): created at a temporary mountpoint, filled with
//   rsync -aHAX while the old copy stays in place, then the old directory is moved aside
//   and the dataset takes over the path. The old copy is removed only after a look.
//   acltype=posixacl and xattr=sa make sure rsync -A and -X can copy what the root had.
// - /tmp goes to a tmpfs (systemd's tmp.mount) from the next boot, rather than a dataset:
//   mounting anything over a live /tmp would hide the sockets and files in use.
// - /var/tmp must survive reboots (FHS), so it gets a dataset (setuid=off devices=off).
// - /root's dataset is named <pool>/root-home: <pool>/root next to <pool>/ROOT would invite
//   a fatal typo.
// - Below LAYOUT_MIN_BYTES there is nothing a rollback could lose or bloat: a fresh host's
//   empty /var/lib/vz or a /root with dotfiles gets no advice (a size not measured does).
// - If the dataset the steps would create exists already (but is not mounted there), the
//   advice is to look at it instead: zfs create would fail, and guessing is not safe.
import type { CheckFacts } from './facts.js';
import type { Finding } from './report.js';

export const LAYOUT_PATHS: readonly string[] = ['/var/lib/vz', '/tmp', '/var/tmp', '/root', '/home'];

interface MoveAdvice {
  /** Dataset name under the pool. */
  name: string;
  /** Extra zfs create properties. */
  properties: string[];
  /** What to do before the steps. */
  before: string;
  reboot: boolean;
}

const MOVES: Readonly<Record<string, MoveAdvice>> = {
  '/var/lib/vz': {
    name: 'var-lib-vz',
    properties: [],
    before: "stop backup jobs and the guests that use storage 'local' (ISO images, templates, backups)",
    reboot: false,
  },
  '/var/tmp': {
    name: 'var-tmp',
    properties: ['setuid=off', 'devices=off'],
    before: 'in a maintenance window (services keep files there)',
    reboot: true,
  },
  '/root': {
    name: 'root-home',
    properties: [],
    before: 'from a console or a second open session, working outside /root (cd /)',
    reboot: false,
  },
  '/home': {
    name: 'home',
    properties: [],
    before: 'with no user logged in (see who)',
    reboot: false,
  },
};

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export function formatSize(bytes: number): string {
  return bytes >= GiB ? `${(bytes / GiB).toFixed(1)} GiB` : `${(bytes / MiB).toFixed(1)} MiB`;
}

/** Less than this in a path is not worth a warning (see the decisions above). */
export const LAYOUT_MIN_BYTES = 1024 * 1024;

export function layoutFindings(facts: Pick<CheckFacts, 'layout' | 'booted' | 'pool' | 'datasets'>): Finding[] {
  const findings: Finding[] = [];
  const existing = new Set(facts.datasets);
  for (const path of LAYOUT_PATHS) {
    const place = facts.layout.find((l) => l.path === path);
    if (place === undefined || place.dataset === undefined || place.dataset !== facts.booted) continue;
    if (place.bytes !== undefined && place.bytes < LAYOUT_MIN_BYTES) continue;
    const size = place.bytes === undefined ? '' : ` (${formatSize(place.bytes)})`;
    const temporary = path === '/tmp' || path === '/var/tmp';
    const why = temporary
      ? 'its files end up in every snapshot and clone of the boot environment'
      : 'a rollback to another boot environment takes it back in time too, and every boot environment keeps a copy of its own';
    const message = `${path} is in the root dataset ${facts.booted}${size}: ${why}`;
    findings.push({ severity: 'warning', subject: `layout ${path}`, message, fix: fixFor(path, facts.pool.name, existing) });
  }
  return findings;
}

function fixFor(path: string, pool: string, existing: ReadonlySet<string>): string {
  const move = MOVES[path];
  if (move === undefined) {
    // /tmp
    return [
      'Put /tmp on a tmpfs (in RAM, empty after every boot, at most half the RAM) from the next boot on:',
      'test -e /usr/lib/systemd/system/tmp.mount || cp /usr/share/systemd/tmp.mount /etc/systemd/system/',
      'systemctl enable tmp.mount',
      'reboot when convenient',
    ].join('\n');
  }
  const dataset = `${pool}/${move.name}`;
  if (existing.has(dataset)) {
    return `${dataset} exists but is not mounted at ${path}: look at it first (zfs get mountpoint,canmount,mounted ${dataset})`;
  }
  const temporary = `/mnt/${move.name}.new`;
  const properties = [`mountpoint=${temporary}`, 'acltype=posixacl', 'xattr=sa', ...move.properties];
  return [
    `Move ${path} to its own dataset ${dataset}, shared by all boot environments; ${move.before}:`,
    `zfs create ${properties.map((p) => `-o ${p}`).join(' ')} ${dataset}`,
    `rsync -aHAX --numeric-ids ${path}/ ${temporary}/`,
    `mv ${path} ${path}.old`,
    `zfs set mountpoint=${path} ${dataset}`,
    ...(move.reboot ? ['reboot'] : []),
    `check ${path}, then remove the old copy: rm -rf ${path}.old`,
  ].join('\n');
}
