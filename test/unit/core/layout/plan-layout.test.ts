import { describe, expect, test } from '@jest/globals';
import {
  createArgs,
  createProperties,
  LayoutError,
  parseQuorate,
  parseUnitsProperty,
  planLayout,
  quorumFact,
  requestedDirs,
  type LayoutDirFacts,
  type LayoutFacts,
} from '../../../../src/core/layout/plan-layout.js';
import { STATE_DIRS, stateDirOf } from '../../../../src/core/layout/state-dirs.js';
import { serviceOf } from '../../../../src/adapters/open-files.js';

const ROOT = 'rpool/ROOT/pve-1';
const MiB = 1024 * 1024;

const inRoot = (path: string, more: Partial<LayoutDirFacts> = {}): LayoutDirFacts => ({
  path,
  exists: true,
  isDirectory: true,
  dataset: ROOT,
  isMountPoint: false,
  bytes: MiB,
  activeUnits: [],
  holders: [],
  ...more,
});

const facts = (dirs: LayoutDirFacts[], more: Partial<LayoutFacts> = {}): LayoutFacts => ({
  pool: 'rpool',
  booted: ROOT,
  availableBytes: 10_000 * MiB,
  dirs,
  ...more,
});

const PVE = stateDirOf('/var/lib/pve-cluster')!;
const LOG = stateDirOf('/var/log')!;

describe('what layout moves', () => {
  test('--recommended: /var/lib/pve-cluster, /var/lib/vz and /var/log', () => {
    expect(requestedDirs([], true).map((d) => d.path)).toEqual(['/var/lib/pve-cluster', '/var/lib/vz', '/var/log']);
  });

  test('named directories, trailing slashes allowed; /tmp and anything else refused with why', () => {
    expect(requestedDirs(['/var/log/', '/home'], false).map((d) => d.name)).toEqual(['var-log', 'home']);
    expect(() => requestedDirs(['/tmp'], false)).toThrow(/tmpfs/);
    expect(() => requestedDirs(['/etc'], false)).toThrow(new LayoutError(`layout moves only ${STATE_DIRS.map((d) => d.path).join(', ')}; /etc is not one of them`));
  });

  test('a path of any length is looked up in linear time', () => {
    const started = Date.now();
    expect(stateDirOf(`/var/log${'/'.repeat(200_000)}`)?.path).toBe('/var/log');
    expect(stateDirOf(`${'/'.repeat(200_000)}x`)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('planLayout', () => {
  test('a fresh move: dataset not mounted at boot until verified, services stopped and started, the journal let go of', () => {
    const plan = planLayout(facts([inRoot('/var/lib/pve-cluster', { activeUnits: ['pve-cluster.service'] })]), [PVE], false);
    expect(plan.saveBe).toBe(true);
    const [dir] = plan.dirs;
    expect(dir).toMatchObject({ kind: 'move', dataset: 'rpool/var-lib-pve-cluster', undoFirst: false, units: ['pve-cluster.service'] });
    const steps = dir!.kind === 'move' ? dir!.steps : [];
    expect(steps[0]).toBe(
      'zfs create -o canmount=noauto -o mountpoint=/var/lib/pve-cluster -o acltype=posixacl -o xattr=sa -o overlay=on -o pve-bootenv:layout=copying -o pve-bootenv:layout-units=pve-cluster.service rpool/var-lib-pve-cluster',
    );
    expect(steps).toContain('systemctl stop pve-cluster.service');
    expect(steps.at(-1)).toBe('systemctl start pve-cluster.service');
    // The order that keeps the old copy in place until the new one is verified and mounted.
    const at = (pattern: RegExp) => steps.findIndex((s) => pattern.test(s));
    expect(at(/^mount .*rsync/)).toBeLessThan(at(/^verify/));
    expect(at(/^verify/)).toBeLessThan(at(/=verified/));
    expect(at(/=verified/)).toBeLessThan(at(/zfs mount/));
    expect(at(/zfs mount/)).toBeLessThan(at(/^remove the old copy/));
    const log = planLayout(facts([inRoot('/var/log')]), [LOG], false).dirs[0]!;
    expect(log.kind === 'move' && log.steps.filter((s) => s.startsWith('journalctl'))).toEqual(['journalctl --relinquish-var (the journal goes to /run meanwhile)', 'journalctl --flush']);
  });

  test('holders in a service are stopped with it; journald lets go instead; a login shell or our own service refuses', () => {
    const holder = (unit: string | undefined) => ({ pid: 42, command: 'x', path: '/var/log/syslog', ...(unit ? { unit } : {}) });
    const plan = planLayout(facts([inRoot('/var/log', { holders: [holder('rsyslog.service'), holder('systemd-journald.service')] })]), [LOG], false);
    expect(plan.dirs[0]).toMatchObject({ units: ['rsyslog.service'] });
    expect(() => planLayout(facts([inRoot('/var/log', { holders: [holder(undefined)] })]), [LOG], false)).toThrow(
      '/var/log is in use by pid 42 (x: /var/log/syslog): end it or leave the directory, then run layout again; nothing was changed',
    );
    expect(() => planLayout(facts([inRoot('/var/log', { holders: [holder('ssh.service')] })], { ownUnit: 'ssh.service' }), [LOG], false)).toThrow(/in use by pid 42 \(x, ssh.service/);
  });

  test('the units a crashed move recorded are started again by the re-run', () => {
    const plan = planLayout(facts([inRoot('/var/lib/pve-cluster', { target: { state: 'copying', units: ['pve-cluster.service'] } })]), [PVE], false);
    expect(plan.dirs[0]).toMatchObject({ kind: 'move', undoFirst: true, units: ['pve-cluster.service'] });
    expect(plan.dirs[0]!.kind === 'move' && plan.dirs[0]!.steps[0]).toMatch(/^zfs destroy rpool\/var-lib-pve-cluster \(left by an interrupted move/);
  });

  test('verified and mounted: only the old copy and the services are left; verified but not mounted: start over', () => {
    const mounted = planLayout(
      facts([inRoot('/var/lib/pve-cluster', { dataset: 'rpool/var-lib-pve-cluster', isMountPoint: true, target: { state: 'verified', units: ['pve-cluster.service'], mountedAt: '/var/lib/pve-cluster' } })]),
      [PVE],
      false,
    );
    expect(mounted.saveBe).toBe(false);
    expect(mounted.dirs[0]).toMatchObject({ kind: 'finish', units: ['pve-cluster.service'] });
    const unmounted = planLayout(facts([inRoot('/var/lib/pve-cluster', { target: { state: 'verified', units: [] } })]), [PVE], false);
    expect(unmounted.dirs[0]).toMatchObject({ kind: 'move', undoFirst: true });
  });

  test('already split: refused when named, skipped under --recommended', () => {
    const split = inRoot('/var/lib/vz', { dataset: 'rpool/var-lib-vz', isMountPoint: true, target: { units: [], mountedAt: '/var/lib/vz' } });
    const vz = stateDirOf('/var/lib/vz')!;
    expect(() => planLayout(facts([split]), [vz], false)).toThrow('/var/lib/vz: is its own dataset rpool/var-lib-vz already');
    expect(planLayout(facts([split]), [vz], true)).toEqual({ dirs: [{ path: '/var/lib/vz', kind: 'skip', why: 'is its own dataset rpool/var-lib-vz already' }], saveBe: false });
  });

  test('a mount point of something else, not in the root dataset, missing, not a directory', () => {
    const one = (dir: LayoutDirFacts) => () => planLayout(facts([dir]), [LOG], false);
    expect(one(inRoot('/var/log', { isMountPoint: true, dataset: undefined }))).toThrow('/var/log: is a mount point already (not ZFS): it is not in the root dataset');
    expect(one(inRoot('/var/log', { dataset: 'rpool/other' }))).toThrow(`/var/log: is not in the root dataset ${ROOT} (it is on rpool/other)`);
    expect(one(inRoot('/var/log', { exists: false, isDirectory: false }))).toThrow('/var/log: does not exist on this host');
    expect(one(inRoot('/var/log', { isDirectory: false }))).toThrow(/not a directory/);
    expect(planLayout(facts([inRoot('/var/lib/pve-cluster', { exists: false, isDirectory: false })]), [PVE], true).dirs[0]).toMatchObject({ kind: 'skip' });
  });

  test('a dataset of that name that is not ours, or mounted elsewhere: refused', () => {
    expect(() => planLayout(facts([inRoot('/var/log', { target: { units: [] } })]), [LOG], false)).toThrow(/rpool\/var-log exists and was not made by pve-bootenv layout/);
    expect(() => planLayout(facts([inRoot('/var/log', { target: { state: 'copying', units: [], mountedAt: '/mnt' } })]), [LOG], false)).toThrow(/is mounted at \/mnt: unmount it first/);
  });

  test('not enough space: refused with the figures before anything changes', () => {
    expect(() => planLayout(facts([inRoot('/var/log', { bytes: 100 * MiB })], { availableBytes: 100 * MiB }), [LOG], false)).toThrow(
      'not enough space in rpool: the copy needs 105.0 MiB (/var/log 100.0 MiB), 100.0 MiB is available; free some space first, nothing was changed',
    );
  });

  test('a cluster node without quorum: /var/lib/pve-cluster refused, other directories go on', () => {
    const cluster = { quorate: false, detail: 'corosync-quorumtool -s does not say Quorate: Yes' };
    expect(() => planLayout(facts([inRoot('/var/lib/pve-cluster')], { cluster }), [PVE], false)).toThrow(/cluster without quorum .* wait for quorum \(pvecm status\), nothing was changed/);
    expect(planLayout(facts([inRoot('/var/log')], { cluster }), [LOG], false).dirs[0]!.kind).toBe('move');
    expect(planLayout(facts([inRoot('/var/lib/pve-cluster')], { cluster: { quorate: true, detail: 'quorate' } }), [PVE], false).dirs[0]!.kind).toBe('move');
  });
});

test('createArgs: extra properties of the directory (/var/tmp: setuid=off devices=off), no units as -', () => {
  expect(createArgs(stateDirOf('/var/tmp')!, 'rpool/var-tmp', [])).toContain('setuid=off');
  expect(createArgs(stateDirOf('/var/tmp')!, 'rpool/var-tmp', []).at(-2)).toBe('pve-bootenv:layout-units=-');
});

test('parseUnitsProperty keeps only service names', () => {
  expect(parseUnitsProperty('-')).toEqual([]);
  expect(parseUnitsProperty(undefined)).toEqual([]);
  expect(parseUnitsProperty('pve-cluster.service,pveproxy.service')).toEqual(['pve-cluster.service', 'pveproxy.service']);
  expect(parseUnitsProperty('x.service,--now,a b.service,y.socket')).toEqual(['x.service']);
});

test('parseQuorate reads corosync-quorumtool -s', () => {
  expect(parseQuorate('Quorum information\n------------------\nDate: x\nQuorate:          Yes\n')).toBe(true);
  expect(parseQuorate('Quorate:          No\n')).toBe(false);
  expect(parseQuorate('')).toBe(false);
});

test('createArgs is zfs create with createProperties as -o, in order, then the dataset', () => {
  const dir = stateDirOf('/var/lib/pve-cluster')!;
  const properties = createProperties(dir, ['pve-cluster.service']);
  expect(properties.slice(0, 2)).toEqual(['canmount=noauto', 'mountpoint=/var/lib/pve-cluster']);
  expect(properties.at(-1)).toBe('pve-bootenv:layout-units=pve-cluster.service');
  expect(createArgs(dir, 'rpool/pve-cluster', ['pve-cluster.service'])).toEqual(['create', ...properties.flatMap((p) => ['-o', p]), 'rpool/pve-cluster']);
});

// corosync-quorumtool -s on a node of a two-node cluster (votequorum), as it prints it.
const QUORUMTOOL = (quorate: 'Yes' | 'No') => `Quorum information
------------------
Date:             Tue Mar  4 10:12:01 2025
Quorum provider:  corosync_votequorum
Nodes:            ${quorate === 'Yes' ? 2 : 1}
Node ID:          0x00000001
Ring ID:          1.2d
Quorate:          ${quorate}

Votequorum information
----------------------
Expected votes:   2
Highest expected: 2
Total votes:      ${quorate === 'Yes' ? 2 : 1}
Quorum:           2 ${quorate === 'Yes' ? '' : 'Activity blocked'}
Flags:            ${quorate === 'Yes' ? 'Quorate' : ''}
`;

test('quorumFact: quorate only when corosync-quorumtool -s says Quorate: Yes', () => {
  expect(quorumFact(QUORUMTOOL('Yes'))).toEqual({ quorate: true, detail: 'quorate' });
  expect(quorumFact(QUORUMTOOL('No'))).toEqual({ quorate: false, detail: 'corosync-quorumtool -s does not say Quorate: Yes' });
  expect(quorumFact('')).toEqual({ quorate: false, detail: 'corosync-quorumtool -s does not say Quorate: Yes' });
  expect(quorumFact(undefined)).toEqual({ quorate: false, detail: 'corosync-quorumtool could not be run' });
});

test('serviceOf: the system service of a cgroup path; logins and user services are none', () => {
  expect(serviceOf('0::/system.slice/pve-cluster.service\n')).toBe('pve-cluster.service');
  expect(serviceOf('0::/user.slice/user-0.slice/session-3.scope\n')).toBeUndefined();
  expect(serviceOf('0::/user.slice/user-0.slice/user@0.service/app.slice/x.service\n')).toBeUndefined();
  expect(serviceOf('12:pids:/system.slice/cron.service\n0::/system.slice/cron.service\n')).toBe('cron.service');
});
