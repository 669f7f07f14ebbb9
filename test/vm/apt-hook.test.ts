// The apt hook on the real stack: apt-get and unattended-upgrades against a local
// repository. One BE per transaction that changes packages, made before dpkg runs and
// recording the changes; none when nothing changes; a kernel upgrade's BE is important
// and keeps booting its own old kernel; a full pool warns (or, if asked, stops apt).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { bootFacts } from './harness/guest.js';
import { baseImage } from './harness/image.js';
import { startWithPveBootenv } from './fixtures/guest-setup.js';
import type { TestVm } from './harness/vm.js';
import { REPO_ORIGIN, addKernelPackage, addPackages, createLocalRepo } from './fixtures/apt-repo.js';

const MINUTES = 60_000;
const { kernel: oldKernel, upgradeKernel: newKernel } = baseImage();
const APT = 'DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0';

describe('apt hook', () => {
  let vm: TestVm;
  /** The boot environments made by apt, oldest first. */
  const aptBes = async () => (await vm.mustSh(`zfs list -H -s creation -o name,pve-bootenv:origin -d 1 rpool/ROOT | awk '$2 == "apt" { sub("rpool/ROOT/", "", $1); print $1 }'`)).split('\n').filter(Boolean);
  const prop = (be: string, name: string) => vm.mustSh(`zfs get -H -o value pve-bootenv:${name} rpool/ROOT/${be}`);
  const installed = (pkg: string) => vm.mustSh(`cat /usr/share/${pkg}/version 2>/dev/null || echo none`);

  beforeAll(async () => {
    vm = await startWithPveBootenv();
    await createLocalRepo(vm);
    await addPackages(vm, { 'demo-a': '1', 'demo-b': '1', 'demo-c': '1', 'demo-d': '1' });
  }, 10 * MINUTES);
  afterAll(async () => vm?.dispose(), MINUTES);

  /** Lines of our own trace (adapters/run.ts) for each ESP mount made in an apt run's output. */
  const espMounts = (out: string) => out.split('\n').filter((line) => line.includes("/usr/bin/mount [ '-t', 'vfat'")).length;

  test('apt-get install: one BE, made before dpkg, recording the changes, its entry on both ESPs; no sync after dpkg', async () => {
    const out = await vm.mustSh(`DEBUG=pve-bootenv:run ${APT} install demo-a demo-b 2>&1`, { timeoutMs: 5 * MINUTES });
    // Each ESP mounted once, before dpkg, for the new BE's entries; dpkg changed nothing a
    // sync reads, so Post-Invoke mounted none.
    expect(espMounts(out)).toBe(2);
    const bes = await aptBes();
    expect(bes).toHaveLength(1);
    const be = bes[0]!;
    expect(be).toMatch(/^apt-\d{8}-\d{6}$/);
    expect(out).toContain(`pve-bootenv: saved boot environment ${be} (2 packages: demo-a 1 (new), demo-b 1 (new))`);
    // Made before dpkg unpacked anything: the BE has neither package.
    const dir = await vm.mustSh(`pve-bootenv mount ${be}`);
    expect(await vm.mustSh(`ls ${dir}/usr/share | grep -c '^demo-' || true`)).toBe('0');
    await vm.mustSh(`pve-bootenv umount ${be}`);
    expect(await prop(be, 'packages')).toBe('install demo-a - 1; install demo-b - 1');
    expect(await prop(be, 'command')).toBe('apt-get -y -q -o Dpkg::Use-Pty=0 install demo-a demo-b');
    expect(await prop(be, 'important')).toBe('-');
    const row = (JSON.parse(await vm.mustSh('pve-bootenv list --json')) as { bootEnvironments: Array<{ name: string; madeBy: string; esps: string[] }> }).bootEnvironments.find((r) => r.name === be);
    expect(row?.madeBy).toBe('apt');
    expect(row?.esps).toHaveLength(2);
  }, 6 * MINUTES);

  test('no BE for --simulate, --download-only, a no-op install, a removal of what is not there', async () => {
    const before = await aptBes();
    for (const args of ['install -s demo-c', 'install --download-only demo-c', 'install demo-a', 'remove demo-d']) {
      const out = await vm.mustSh(`${APT} ${args} 2>&1`, { timeoutMs: 3 * MINUTES });
      expect(out).not.toContain('pve-bootenv:');
    }
    expect(await aptBes()).toEqual(before);
  }, 10 * MINUTES);

  test('apt-get upgrade: exactly one BE with every v1 → v2 change; a file new in /etc/kernel makes Post-Invoke sync', async () => {
    await addPackages(vm, { 'demo-a': '2', 'demo-b': '2' }, { 'demo-b': ['/etc/kernel/demo-b.conf'] });
    const before = await aptBes();
    const out = await vm.mustSh(`DEBUG=pve-bootenv:run ${APT} upgrade 2>&1`, { timeoutMs: 5 * MINUTES });
    // Before dpkg for the BE's entries, and after it: dpkg changed what a sync reads.
    expect(espMounts(out)).toBe(4);
    const made = (await aptBes()).filter((be) => !before.includes(be));
    expect(made).toHaveLength(1);
    expect(out).toContain(`saved boot environment ${made[0]} (2 packages: demo-a 1 → 2, demo-b 1 → 2)`);
    expect(await prop(made[0]!, 'packages')).toBe('upgrade demo-a 1 2; upgrade demo-b 1 2');
    expect([await installed('demo-a'), await installed('demo-b')]).toEqual(['2', '2']);
  }, 6 * MINUTES);

  test('an unattended-upgrades run that calls dpkg once per package: one BE', async () => {
    await vm.mustSh(`printf '%s\\n' 'Unattended-Upgrade::Origins-Pattern { "origin=${REPO_ORIGIN}"; };' 'Unattended-Upgrade::MinimalSteps "true";' > /etc/apt/apt.conf.d/51pve-bootenv-test`);
    await addPackages(vm, { 'demo-a': '3', 'demo-b': '3' });
    const before = await aptBes();
    const dpkgRuns = () => vm.mustSh(`grep -c 'startup archives unpack' /var/log/dpkg.log`).then(Number);
    const runsBefore = await dpkgRuns();
    const log = await vm.mustSh('DEBUG=pve-bootenv:apt unattended-upgrade -v 2>&1; cat /var/log/unattended-upgrades/unattended-upgrades-dpkg.log', { timeoutMs: 8 * MINUTES });
    expect([await installed('demo-a'), await installed('demo-b')]).toEqual(['3', '3']);
    // MinimalSteps: dpkg ran once per package in this one run.
    expect((await dpkgRuns()) - runsBefore).toBeGreaterThanOrEqual(2);
    const made = (await aptBes()).filter((be) => !before.includes(be));
    expect({ made: made.length, log }).toMatchObject({ made: 1 });
  }, 10 * MINUTES);

  test('a kernel upgrade and the old kernel removal: important BEs; the pre-upgrade BE boots its own old kernel and packages', async () => {
    const kernelPackage = await addKernelPackage(vm, newKernel);
    const before = await aptBes();
    await vm.mustSh(`INITRD=No ${APT} install ${kernelPackage} 2>&1`, { timeoutMs: 10 * MINUTES });
    await vm.mustSh(`echo 'linux-base linux-base/removing-running-kernel boolean false' | debconf-set-selections
      ${APT} purge linux-image-${oldKernel} 2>&1`, { timeoutMs: 10 * MINUTES });
    const made = (await aptBes()).filter((be) => !before.includes(be));
    expect(made).toHaveLength(2);
    expect([await prop(made[0]!, 'important'), await prop(made[1]!, 'important')]).toEqual(['kernel', 'kernel']);
    expect(await vm.mustSh(`ls /boot | grep -c '^vmlinuz-${oldKernel}' || true`)).toBe('0');

    // The BE saved before `apt-get upgrade`: demo v1, and the kernel it had then.
    const beforeUpgrade = (await aptBes())[1]!;
    await vm.mustSh(`pve-bootenv activate ${beforeUpgrade} --next-boot`);
    await vm.reboot();
    let facts = await bootFacts(vm);
    expect([facts.root, facts.state, await vm.mustSh('uname -r'), await installed('demo-a')]).toEqual([`rpool/ROOT/${beforeUpgrade}`, 'running', oldKernel, '1']);
    await vm.reboot();
    facts = await bootFacts(vm);
    expect([facts.root, facts.state, await vm.mustSh('uname -r'), await installed('demo-a')]).toEqual(['rpool/ROOT/pve-1', 'running', newKernel, '3']);
  }, 25 * MINUTES);

  test('a nearly full pool: a warning and apt goes on; with on-failure = abort apt stops before dpkg', async () => {
    const available = Number(await vm.mustSh('zfs get -H -p -o value available rpool'));
    const used = Number(await vm.mustSh('zfs get -H -p -o value used rpool'));
    // Leave 2 % of the pool available: below the default min-free-percent of 5.
    await vm.mustSh(`zfs create -o refreservation=${Math.floor(available - 0.02 * (used + available))} rpool/fill`);
    const before = await aptBes();
    const warned = await vm.sh(`${APT} install demo-c 2>&1`, { timeoutMs: 5 * MINUTES });
    expect(warned.code).toBe(0);
    expect(warned.stdout).toMatch(/pve-bootenv: warning: pool rpool has [0-9.]+ % free, less than min-free-percent = 5; .*apt goes on without a boot environment/);
    expect(await installed('demo-c')).toBe('1');

    await vm.mustSh(`printf '[apt]\\non-failure = abort\\n' > /etc/pve-bootenv.conf`);
    const stopped = await vm.sh(`${APT} install demo-d 2>&1`, { timeoutMs: 5 * MINUTES });
    await vm.mustSh('rm /etc/pve-bootenv.conf; zfs destroy rpool/fill');
    expect(stopped.code).toBe(100);
    expect(stopped.stdout).toMatch(/pve-bootenv: error: pool rpool has .*apt stops before dpkg changes anything/);
    expect(await installed('demo-d')).toBe('none');
    expect(await vm.mustSh('dpkg -s demo-d >/dev/null 2>&1 && echo installed || echo absent')).toBe('absent');
    expect(await aptBes()).toEqual(before);
  }, 10 * MINUTES);

  test('removed but not purged: apt works and pve-bootenv says nothing', async () => {
    await vm.mustSh(`${APT} remove pve-bootenv 2>&1`, { timeoutMs: 5 * MINUTES });
    const before = await aptBes();
    const out = await vm.mustSh(`${APT} install demo-d 2>&1`, { timeoutMs: 5 * MINUTES });
    expect(out).not.toContain('pve-bootenv:');
    expect(await installed('demo-d')).toBe('1');
    expect(await aptBes()).toEqual(before);
  }, 10 * MINUTES);
});
