// Trial boots on the real stack (issue 20): real reboots under OVMF and systemd-boot, the
// one-shot EFI variable, pve-bootenv-trial.service, and resets the guest makes by itself
// (QEMU runs with -no-reboot: the harness starts it again on the same disks and variables,
// as a reset would). Three trials in one guest, one after the other, to keep boots few:
//   1. upgrade --trial of a package from a local repo: the gate passes, the BE is the default;
//   2. a BE whose health.d check exits 1: the gate fails and the guest reboots by itself into
//      the default, which is the BE of 1 (so a later cold boot boots what passed);
//   3. a BE whose init dies at once (the kernel panics): panic=10 reboots it by itself; the
//      default boots, and check names the trial that never came up.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { addPackages, createLocalRepo } from './fixtures/apt-repo.js';
import { startWithPveBootenv } from './fixtures/guest-setup.js';
import { bootFacts, loaderVariable } from './harness/guest.js';
import type { TestVm } from './harness/vm.js';

const MINUTES = 60_000;
let vm: TestVm;

interface ListedBe {
  name: string;
  flags: string;
  trial: { state: string; why?: string } | null;
}
const listed = async (): Promise<Record<string, ListedBe>> => {
  const view = JSON.parse(await vm.mustSh('pve-bootenv list --json')) as { bootEnvironments: ListedBe[] };
  return Object.fromEntries(view.bootEnvironments.map((be) => [be.name, be]));
};
const trialProperty = (be: string) => vm.mustSh(`zfs get -H -o value pve-bootenv:trial rpool/ROOT/${be}`);
const trialEntriesOnEsps = () =>
  vm.mustSh(`for uuid in $(cut -d' ' -f1 /etc/kernel/proxmox-boot-uuids); do
      d=$(mktemp -d); mount -o ro /dev/disk/by-uuid/$uuid $d; ls $d/loader/entries | grep -c '\\.trial\\.conf$' || true; umount $d; rmdir $d; done`);

beforeAll(async () => {
  vm = await startWithPveBootenv();
  // The gate's whole budget, generous for TCG; on-failure stays at its default, reboot.
  await vm.mustSh("printf '[trial]\\ntimeout = 300\\n' >> /etc/pve-bootenv.conf");
  await createLocalRepo(vm);
  await addPackages(vm, { 'demo-t': '1' });
  await vm.mustSh('DEBIAN_FRONTEND=noninteractive apt-get install -y -q demo-t >/dev/null 2>&1', { timeoutMs: 10 * MINUTES });
  await addPackages(vm, { 'demo-t': '2' });
}, 20 * MINUTES);

afterAll(async () => {
  await vm?.dispose();
});

describe('trial boots', () => {
  test('upgrade --trial: the new BE boots once through its trial entry, the gate passes, it is the default', async () => {
    const out = await vm.mustSh('pve-bootenv upgrade up --trial 2>&1', { timeoutMs: 20 * MINUTES });
    expect(out).toContain('up boots at the next boot on trial');
    const before = await listed();
    expect(before.up).toMatchObject({ flags: 'T', trial: { state: 'pending' } });
    expect(await trialProperty('up')).toMatch(/^pending:[0-9a-f-]{36}$/);
    expect(await loaderVariable(vm, 'LoaderEntryOneShot')).toMatch(/^pve-bootenv-up-.+\.trial\.conf$/);

    await vm.reboot();
    const trialBoot = await bootFacts(vm);
    expect(trialBoot.root).toBe('rpool/ROOT/up');
    expect(trialBoot.entry).toMatch(/^pve-bootenv-up-.+\.trial\.conf$/);
    expect(trialBoot.cmdline).toMatch(/ panic=10 pve-bootenv\.trial$/);
    // The gate runs once systemd has finished starting.
    await vm.mustSh("timeout 300 sh -c 'until [ \"$(zfs get -H -o value pve-bootenv:trial rpool/ROOT/up)\" = passed ]; do sleep 2; done'", { timeoutMs: 6 * MINUTES });
    const after = await listed();
    expect(after.up).toMatchObject({ flags: 'NR', trial: { state: 'passed' } });
    expect(await vm.mustSh('zpool get -H -o value bootfs rpool')).toBe('rpool/ROOT/up');
    expect(await vm.mustSh("dpkg-query -W -f='${Version}' demo-t")).toBe('2');
    expect(await vm.mustSh('journalctl -q -o cat -u pve-bootenv-trial.service')).toContain('trial of up passed: it boots by default from now on');
    expect(await trialEntriesOnEsps()).toBe('0\n0');
  }, 30 * MINUTES);

  test('a health.d check that exits 1: the trial fails, the guest reboots by itself into the default; list names the check', async () => {
    await vm.mustSh(`pve-bootenv create sick >/dev/null
      pve-bootenv run sick -- sh -c 'mkdir -p /etc/pve-bootenv/health.d && printf "#!/bin/sh\\necho the API does not answer\\nexit 1\\n" > /etc/pve-bootenv/health.d/10-api && chmod 755 /etc/pve-bootenv/health.d/10-api'
      pve-bootenv activate sick --trial >/dev/null`);
    // The trial boot: nothing to ask it, it decides and reboots by itself.
    await vm.reboot();
    await vm.rebootedByGuest(8 * MINUTES);
    expect((await bootFacts(vm)).root).toBe('rpool/ROOT/up');
    const now = await listed();
    expect(now.sick).toMatchObject({ flags: '-', trial: { state: 'failed', why: 'health.d/10-api exited 1' } });
    expect(now.up!.flags).toBe('NR');
    expect(await trialProperty('sick')).toBe('failed:health.d/10-api exited 1');
    expect(await trialEntriesOnEsps()).toBe('0\n0');
  }, 30 * MINUTES);

  test('a BE whose boot never reaches userspace: panic=10 reboots it by itself, the default boots; check names the failed trial', async () => {
    // Its init exits at once: the kernel panics ("Attempted to kill init!").
    await vm.mustSh(`pve-bootenv create dead >/dev/null
      pve-bootenv run dead -- ln -sf /bin/false /usr/sbin/init
      pve-bootenv activate dead --trial >/dev/null`);
    await vm.powerOff();
    await vm.boot({ untilReset: true, timeoutMs: 5 * MINUTES });
    await vm.boot();
    expect((await bootFacts(vm)).root).toBe('rpool/ROOT/up');
    expect((await listed()).dead).toMatchObject({ trial: { state: 'failed', why: expect.stringContaining('did not come up') } });
    const check = await vm.sh('pve-bootenv check');
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/dead.*its trial boot failed: its trial boot did not come up/);
    // It never ran a gate to take its trial entry away: check names the leftover for what it is.
    expect(check.stdout).toMatch(/dead on ESP .*\.trial\.conf is left from a trial boot that is over; a sync takes it away/);
  }, 30 * MINUTES);
});
