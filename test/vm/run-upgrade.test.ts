// run, upgrade, export and import on the real stack (issue 10): a command inside a BE
// leaves no mounts behind however it ends; `upgrade --next-boot` upgrades a new BE while
// the running system keeps its packages, boots it once, then the default again; a BE
// exported, destroyed and imported has the same files and boots.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { bootFacts } from './harness/guest.js';
import { startWithPveBootenv } from './fixtures/guest-setup.js';
import type { TestVm } from './harness/vm.js';
import { addPackages, createLocalRepo } from './fixtures/apt-repo.js';

const MINUTES = 60_000;
const APT = 'DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0';

describe('run, upgrade, export, import', () => {
  let vm: TestVm;
  const installed = (pkg: string) => vm.mustSh(`cat /usr/share/${pkg}/version 2>/dev/null || echo none`);
  const mounts = () => vm.mustSh('findmnt -rn -o TARGET,SOURCE | sort');
  const flagsOf = async () =>
    Object.fromEntries(
      (JSON.parse(await vm.mustSh('pve-bootenv list --json')) as { bootEnvironments: Array<{ name: string; flags: string }> }).bootEnvironments.map((r) => [r.name, r.flags]),
    );
  /** Checksums of a sample of a BE's files, read inside it. */
  const sampleSums = (be: string) =>
    vm.mustSh(`pve-bootenv run ${be} -- sha256sum /usr/share/demo-u/version /usr/bin/dpkg /etc/kernel/cmdline /var/lib/dpkg/status /etc/hostname`);

  beforeAll(async () => {
    vm = await startWithPveBootenv();
    await createLocalRepo(vm);
    await addPackages(vm, { 'demo-u': '1' });
    await vm.mustSh(`${APT} install demo-u`, { timeoutMs: 5 * MINUTES });
    await addPackages(vm, { 'demo-u': '2' });
  }, 15 * MINUTES);
  afterAll(async () => vm?.dispose(), MINUTES);

  test('run: inside the BE, services barred; failing, interrupted and mount-leaving commands leave no mounts behind', async () => {
    await vm.mustSh('pve-bootenv create runner');
    const before = await mounts();
    expect(await vm.mustSh('pve-bootenv run runner -- cat /etc/kernel/cmdline')).toMatch(/^root=ZFS=rpool\/ROOT\/runner /);
    expect(await vm.mustSh(`pve-bootenv run runner sh -c 'echo "$PVE_BOOTENV_INSIDE"; /usr/sbin/policy-rc.d; echo $?'`)).toBe('runner\n101');
    await vm.mustSh('pve-bootenv run runner touch /root/made-in-runner');
    expect((await vm.sh('test -e /root/made-in-runner')).code).toBe(1);
    expect(await vm.mustSh('dir=$(pve-bootenv mount runner); ls "$dir/root/made-in-runner"; test ! -e "$dir/usr/sbin/policy-rc.d"; pve-bootenv umount runner')).toMatch(/made-in-runner$/);

    const failing = await vm.sh(`pve-bootenv run runner -- sh -c 'exit 7'`);
    expect(failing.code).toBe(7);
    // SIGTERM to pve-bootenv while its command runs: handed on, then everything unmounted.
    // The signal is sent once the command is seen running (not after a fixed sleep, which a
    // busy TCG host can outlast while the BE is still being opened).
    const interrupted = await vm.mustSh(
      `pve-bootenv run runner -- sleep 600 & pid=$!
       for i in $(seq 240); do pgrep -x -f 'sleep 600' >/dev/null && break; sleep 0.5; done
       kill -TERM $pid; wait $pid || echo "status $?"`,
      { timeoutMs: 3 * MINUTES },
    );
    expect(interrupted).toBe('status 143');
    const leaving = await vm.sh('pve-bootenv run runner -- mount -t tmpfs none /mnt');
    expect([leaving.code, leaving.stderr.trim()]).toEqual([0, expect.stringMatching(/left 1 mount\(s\) in runner behind \(\/run\/pve-bootenv\/run\/runner\.\w+\/mnt\); unmounted them$/)]);
    expect(await mounts()).toBe(before);
    expect(await vm.mustSh('zfs get -H -o value mounted rpool/ROOT/runner')).toBe('no');

    const booted = await vm.sh('pve-bootenv run pve-1 true');
    expect([booted.code, booted.stderr.trim()]).toEqual([1, expect.stringContaining('pve-1 is the booted boot environment: the command would change the running system; add --force')]);
    expect(await vm.mustSh('pve-bootenv run --force pve-1 cat /etc/kernel/cmdline')).toMatch(/^root=ZFS=rpool\/ROOT\/pve-1 /);
    await vm.mustSh('pve-bootenv destroy runner');
  }, 10 * MINUTES);

  test('upgrade --next-boot: the running system keeps v1; the new BE boots once with v2, then the default with v1', async () => {
    const aptBes = () => vm.mustSh(`zfs list -H -o name,pve-bootenv:origin -d 1 rpool/ROOT | awk '$2 == "apt"' | wc -l`);
    const aptBefore = await aptBes();
    const out = await vm.mustSh('pve-bootenv upgrade up --next-boot 2>&1', { timeoutMs: 20 * MINUTES });
    expect(out).toContain('upgraded up (1 package changes); up boots at the next boot only');
    expect(await installed('demo-u')).toBe('1');
    expect(await aptBes()).toBe(aptBefore);
    expect(await vm.mustSh('zfs get -H -o value pve-bootenv:origin,pve-bootenv:packages rpool/ROOT/up')).toBe('upgrade\nupgrade demo-u 1 2');
    expect(await flagsOf()).toMatchObject({ 'pve-1': 'NR', up: 'T' });
    expect(await mounts()).not.toContain('/run/pve-bootenv/');

    await vm.reboot();
    expect([(await bootFacts(vm)).root, await installed('demo-u')]).toEqual(['rpool/ROOT/up', '2']);
    await vm.reboot();
    expect([(await bootFacts(vm)).root, await installed('demo-u')]).toEqual(['rpool/ROOT/pve-1', '1']);
  }, 30 * MINUTES);

  test('export, destroy, import: the same files, entries on both ESPs, and it boots', async () => {
    const sums = await sampleSums('up');
    await vm.mustSh('pve-bootenv export up /rpool/data/up.zfs && pve-bootenv destroy up', { timeoutMs: 15 * MINUTES });
    expect(await vm.mustSh('zfs list -H -o name -t all -r rpool/ROOT | grep -c "/up\\b" || true')).toBe('0');
    const refused = await vm.sh('pve-bootenv import pve-1 /rpool/data/up.zfs');
    expect([refused.code, refused.stderr.trim()]).toEqual([1, expect.stringContaining('a boot environment "pve-1" exists already')]);
    await vm.mustSh('pve-bootenv import up /rpool/data/up.zfs', { timeoutMs: 15 * MINUTES });
    expect(await sampleSums('up')).toBe(sums);
    expect(await vm.mustSh('zfs get -H -o value canmount,mountpoint,pve-bootenv:origin rpool/ROOT/up')).toBe('noauto\n/\nimport');
    const row = (JSON.parse(await vm.mustSh('pve-bootenv list --json')) as { bootEnvironments: Array<{ name: string; esps: string[] }> }).bootEnvironments.find((r) => r.name === 'up');
    expect(row?.esps).toHaveLength(2);
    await vm.mustSh('pve-bootenv activate up --next-boot');
    await vm.reboot();
    expect([(await bootFacts(vm)).root, await installed('demo-u')]).toEqual(['rpool/ROOT/up', '2']);
  }, 30 * MINUTES);
});
