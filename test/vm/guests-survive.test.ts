// A rollback gives back the OS and keeps the guests (issue 15), on the real stack with a
// stand-in for pmxcfs (fixtures/pmxcfs-stand-in.ts: config.db in pmxcfs's schema, a
// pve-cluster.service holding it open). check warns that guest configurations roll back →
// BE `before` → a guest made and another changed → `activate before --next-boot` names
// exactly those two → `layout --recommended`, killed with SIGKILL at three points (the old
// data intact each time), then run to the end → reboot into `before`: the database is the
// current one, on the shared dataset, check clean → reboot back: the same database.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startWithPveBootenv } from './fixtures/guest-setup.js';
import { changeGuests, CONFIG_DB, guestRows, installPmxcfsStandIn } from './fixtures/pmxcfs-stand-in.js';
import type { TestVm } from './harness/vm.js';

const MINUTES = 60_000;

interface Finding {
  severity: string;
  subject: string;
}

describe('guests survive a rollback', () => {
  let vm: TestVm;
  /** sha256 of every file under /var/lib/pve-cluster and a marker in /var/log, as the host sees them. */
  const stateSums = () =>
    vm.mustSh(`cd /var/lib/pve-cluster && find . -type f | sort | xargs sha256sum; sha256sum /var/log/pve-bootenv-test.marker`);
  const sourceOf = (path: string) => vm.mustSh(`findmnt -n -o SOURCE --target ${path}`);
  const layoutFindings = async () => {
    const result = await vm.sh('pve-bootenv check --json');
    const findings = (JSON.parse(result.stdout) as { findings: Finding[] }).findings;
    return { code: result.code, layout: findings.filter((f) => f.subject.startsWith('layout ')).map((f) => `${f.severity} ${f.subject}`) };
  };

  beforeAll(async () => {
    vm = await startWithPveBootenv();
    await installPmxcfsStandIn(vm);
    // Right after installing, the booted BE is not on the ESPs yet (check would say critical).
    await vm.mustSh('pve-bootenv sync >/dev/null');
    await vm.mustSh('head -c 64K /dev/urandom | base64 > /var/log/pve-bootenv-test.marker');
  }, 10 * MINUTES);
  afterAll(async () => vm?.dispose(), MINUTES);

  test('check: guest configurations roll back with the BE (warning), the logs of a failed boot stay in it (info)', async () => {
    expect(await layoutFindings()).toEqual({ code: 1, layout: ['warning layout /var/lib/pve-cluster', 'info layout /var/log'] });
  }, 3 * MINUTES);

  test('activate --next-boot of an older BE names exactly the guests that differ', async () => {
    await vm.mustSh('pve-bootenv create before >/dev/null');
    await changeGuests(vm);
    const human = await vm.mustSh('pve-bootenv activate before --next-boot --dry-run');
    const said = human.split('\n').filter((line) => /^(VM|CT) \d+: /.test(line) || / differs$/.test(line));
    expect(said).toEqual(['VM 105: has no configuration in before', 'CT 101: configuration differs (memory, net0)']);
    const report = JSON.parse(await vm.mustSh('pve-bootenv activate before --next-boot --json')) as { rollback?: { guests: unknown[]; files: unknown[] } };
    expect(report.rollback?.files).toEqual([]);
    expect(report.rollback?.guests).toEqual([
      expect.objectContaining({ kind: 'VM', vmid: 105, change: 'missing' }),
      expect.objectContaining({ kind: 'CT', vmid: 101, change: 'differs', keys: ['memory', 'net0'] }),
    ]);
  }, 5 * MINUTES);

  test('layout --recommended: killed at three points the old data stays in place; the re-run completes', async () => {
    const before = await stateSums();
    const rows = await guestRows(vm);
    const dryRun = await vm.mustSh('pve-bootenv layout --recommended --dry-run');
    expect(dryRun).toMatch(/^would save boot environment layout-\d{8}-\d{6} first$/m);
    expect(dryRun).toMatch(/^\/var\/lib\/pve-cluster: would move to rpool\/var-lib-pve-cluster:$/m);
    expect(dryRun).toMatch(/^\/var\/lib\/vz: nothing to do, it is its own dataset rpool\/var-lib-vz already$/m);
    expect(dryRun).toMatch(/^ {2}\d+\. systemctl stop pve-cluster\.service$/m);
    expect(await vm.mustSh('zfs list -H -o name rpool/var-lib-pve-cluster rpool/var-log 2>&1 || true')).toMatch(/does not exist/);

    // Each kill waits for a state of the move that lasts (the property on the new dataset,
    // its mount at the path), then kills every process of the run with SIGKILL.
    const killWhen = (condition: string) =>
      vm.mustSh(
        `pve-bootenv layout --recommended >/tmp/layout.out 2>&1 &
         for i in $(seq 1200); do ${condition} && break; sleep 0.05; done
         pkill -9 -f 'cli[.]mjs layout' || true; pkill -9 -x rsync || true; wait || true; ${condition} && echo reached`,
        { timeoutMs: 5 * MINUTES },
      );
    const state = `[ "$(zfs get -H -o value pve-bootenv:layout rpool/var-lib-pve-cluster 2>/dev/null)" = `;
    const points = [
      `${state}copying ]`,
      `${state}verified ]`,
      `[ "$(findmnt -n -o SOURCE --mountpoint /var/lib/pve-cluster)" = rpool/var-lib-pve-cluster ]`,
    ];
    for (const point of points) {
      expect(await killWhen(point)).toMatch(/reached$/);
      expect(await stateSums()).toBe(before);
      expect(await guestRows(vm)).toBe(rows);
    }

    const done = await vm.mustSh('pve-bootenv layout --recommended', { timeoutMs: 10 * MINUTES });
    expect(done.split('\n')).toEqual([
      expect.stringMatching(/^saved boot environment layout-\d{8}-\d{6} first$/),
      '/var/lib/pve-cluster: move to rpool/var-lib-pve-cluster finished',
      '/var/lib/vz: nothing to do, it is its own dataset rpool/var-lib-vz already',
      '/var/log: moved to rpool/var-log, shared by every boot environment',
    ]);
    expect(await sourceOf('/var/lib/pve-cluster')).toBe('rpool/var-lib-pve-cluster');
    expect(await sourceOf('/var/log')).toBe('rpool/var-log');
    expect(await stateSums()).toBe(before);
    expect(await vm.mustSh('systemctl is-active pve-cluster.service; zfs get -H -o value canmount,pve-bootenv:layout rpool/var-lib-pve-cluster')).toBe('active\non\n-');
    // The old copies went from the root dataset; the BEs saved before keep theirs.
    expect(await vm.mustSh('unshare -m sh -c "mount --bind / /mnt && find /mnt/var/lib/pve-cluster /mnt/var/log -mindepth 1 | wc -l"')).toBe('0');
    expect(await layoutFindings()).toEqual({ code: 0, layout: [] });
    // Named again: already split, refused with why.
    const again = await vm.sh('pve-bootenv layout /var/log');
    expect({ code: again.code, err: again.stderr.trim() }).toEqual({ code: 1, err: 'pve-bootenv: /var/log: is its own dataset rpool/var-log already' });
  }, 25 * MINUTES);

  test('reboot into before: the OS is the old one, the guests the current ones; reboot back: the same', async () => {
    const rows = await guestRows(vm);
    const sums = await stateSums();
    await vm.reboot();
    expect(await sourceOf('/')).toBe('rpool/ROOT/before');
    expect(await sourceOf(CONFIG_DB)).toBe('rpool/var-lib-pve-cluster');
    expect(await guestRows(vm)).toBe(rows);
    expect(await guestRows(vm)).toMatch(/105\.conf/);
    expect(await stateSums()).toBe(sums);
    expect(await layoutFindings()).toEqual({ code: 0, layout: [] });

    await vm.reboot();
    expect(await sourceOf('/')).toBe('rpool/ROOT/pve-1');
    expect(await guestRows(vm)).toBe(rows);
    expect(await stateSums()).toBe(sums);
  }, 15 * MINUTES);
});
