// The directories that must not roll back with the OS, and how each one leaves the root
// dataset: one table, read by `check` (what it costs to keep them inside) and by
// `layout` (how to move them out). A boot environment rolls back everything in the root
// dataset; what a Proxmox host keeps about its guests, their images and the logs of a
// failed boot must stay current, so each gets a dataset of its own directly under the
// pool, shared by every BE, named as the installer names rpool/var-lib-vz.
//
// Decisions:
// - /var/lib/pve-cluster is config.db, the database behind /etc/pve (every VM and CT
//   configuration, storage, users, jobs): always worth a warning, however small it is.
// - /var/log is only an info: keeping it in the BE costs the logs of a failed boot (they stay
//   in the failed BE), not data. It is in --recommended all the same, as the place a trial
//   boot's logs should be read from.
// - /tmp is not moved to a dataset (a tmpfs from the next boot on, see layout-advice.ts):
//   mounting anything over a live /tmp hides the sockets in use.
// - /root's dataset is <pool>/root-home: <pool>/root next to <pool>/ROOT invites a fatal typo.

export interface StateDir {
  path: string;
  /** Dataset name under the pool. */
  name: string;
  /** zfs create properties beyond those every moved directory gets. */
  properties: readonly string[];
  /** What check says it costs to keep the directory inside the BE. */
  why: string;
  severity: 'warning' | 'info';
  /** Warned about whatever its size (else only from LAYOUT_MIN_BYTES up). */
  alwaysWorthIt: boolean;
  /** Part of `layout --recommended`. */
  recommended: boolean;
  /** Services that use the directory: stopped for the move (those active), started again after. */
  units: readonly string[];
  /** In check's advice, after "Move <path> to its own dataset …,": how or when it goes. */
  when: string;
}

const ROLLS_BACK = 'a rollback to another boot environment takes it back in time too, and every boot environment keeps a copy of its own';

/**
 * Proxmox's services that keep /etc/pve (pmxcfs) open or need it, stopped in one systemctl
 * call (systemd orders the stop jobs by their dependencies) and started again the same way.
 */
const PVE_CLUSTER_UNITS = [
  'pve-ha-lrm.service',
  'pve-ha-crm.service',
  'pvescheduler.service',
  'pvestatd.service',
  'pveproxy.service',
  'spiceproxy.service',
  'pvedaemon.service',
  'pve-firewall.service',
  'pve-cluster.service',
] as const;

export const STATE_DIRS: readonly StateDir[] = [
  {
    path: '/var/lib/pve-cluster',
    name: 'var-lib-pve-cluster',
    properties: [],
    why: 'guest configurations roll back with the BE: /etc/pve (every VM and CT configuration, storage, users, jobs) is its config.db, so a rollback brings back old guest configurations and loses those of guests made since',
    severity: 'warning',
    alwaysWorthIt: true,
    recommended: true,
    units: PVE_CLUSTER_UNITS,
    when: 'stopping pve-cluster and the Proxmox services for the copy (guests keep running)',
  },
  {
    path: '/var/lib/vz',
    name: 'var-lib-vz',
    properties: [],
    why: ROLLS_BACK,
    severity: 'warning',
    alwaysWorthIt: false,
    recommended: true,
    units: [],
    when: "with no backup job running and no guest using storage 'local'",
  },
  {
    path: '/var/log',
    name: 'var-log',
    properties: [],
    why: 'the logs of a failed boot stay in the failed boot environment, and a rollback takes the logs back in time',
    severity: 'info',
    alwaysWorthIt: false,
    recommended: true,
    units: [],
    when: 'keeping the journal in /run and stopping the services that write there for the copy',
  },
  {
    path: '/var/tmp',
    name: 'var-tmp',
    properties: ['setuid=off', 'devices=off'],
    why: 'its files end up in every snapshot and clone of the boot environment',
    severity: 'warning',
    alwaysWorthIt: false,
    recommended: false,
    units: [],
    when: 'in a maintenance window (services keep files there)',
  },
  {
    path: '/root',
    name: 'root-home',
    properties: [],
    why: ROLLS_BACK,
    severity: 'warning',
    alwaysWorthIt: false,
    recommended: false,
    units: [],
    when: 'from a shell whose working directory is outside /root (cd /)',
  },
  {
    path: '/home',
    name: 'home',
    properties: [],
    why: ROLLS_BACK,
    severity: 'warning',
    alwaysWorthIt: false,
    recommended: false,
    units: [],
    when: 'with no user logged in (see who)',
  },
];

/** The table's entry for a path as an admin types it (trailing slashes allowed). */
export function stateDirOf(path: string): StateDir | undefined {
  let end = path.length;
  // A loop, not a regex: the path comes from the command line, any length.
  while (end > 1 && path[end - 1] === '/') end--;
  const normal = path.slice(0, end);
  return STATE_DIRS.find((dir) => dir.path === normal);
}
