// `pve-bootenv prune` on the real stack: 15 BEs made through the apt hook, keep-last 3.
// Exactly the expected BEs go (what --dry-run said), with their ESP entries, the kernel
// files only they used and their space; a BE another BE was cloned from goes without
// harming its dependent, which still boots; a prune killed half-way is finished by the next.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { bootFacts } from './harness/guest.js';
import { onEachEsp } from './harness/esp.js';
import { startWithPveBootenv } from './fixtures/guest-setup.js';
import type { TestVm } from './harness/vm.js';

const MINUTES = 60_000;
/**
 * A full sync over the 17 BEs mounts each of them under TCG: CI's slower machine ran past the
 * default 120 s hang guard. A guard against hangs, not a speed check (nothing asserts speed).
 */
const FULL_SYNC_GUARD = 5 * MINUTES;
const MiB = 1024 * 1024;

/** What apt writes on the hook's info fd (protocol version 3) for an upgrade of demo to v<n>. */
const hookInput = (n: number) =>
  ['VERSION 3', 'APT::Architecture=amd64', `CommandLine::AsString=apt-get install demo`, '', `demo ${n} all none < ${n + 1} all none /var/cache/apt/archives/demo_${n + 1}_all.deb`, ''].join('\n');

interface PruneJson {
  plan: { destroy: string[]; verdicts: Array<{ name: string; action: string; reasons: string[] }> };
  destroyed: string[];
  failed: unknown[];
}

describe('prune', () => {
  let vm: TestVm;
  const aptBes = async () => (await vm.mustSh(`zfs list -H -s creation -o name,pve-bootenv:origin -d 1 rpool/ROOT | awk '$2 == "apt" { sub("rpool/ROOT/", "", $1); print $1 }'`)).split('\n').filter(Boolean);
  let made: string[] = [];

  beforeAll(async () => {
    vm = await startWithPveBootenv();
    await vm.mustSh(`printf '%s\\n' '[esp]' 'max-loaded = 20' '[retention]' 'keep-last = 3' 'keep-important = 0' 'keep-daily = 0' 'keep-weekly = 0' 'keep-monthly = 0' 'min-age-hours = 0' 'max-pool-used-percent = 100' > /etc/pve-bootenv.conf`);
    // Each BE through the apt hook, as apt calls it (timeout stands in for the apt process,
    // which identifies the transaction: one per call); 4 MiB on the booted root while the
    // hook snapshots it, deleted after, so each BE's origin snapshot holds space of its own.
    for (let n = 1; n <= 15; n++) {
      await vm.mustSh(`printf '%s' '${hookInput(n)}' > /root/hook-input
        head -c ${4 * MiB} /dev/urandom > /root/ballast; sync
        APT_HOOK_INFO_FD=3 timeout 600 /etc/pve-bootenv/apt-hook pre-install-pkgs 3</root/hook-input 2>/dev/null
        rm /root/ballast; sleep 1`);
    }
    made = await aptBes();
  }, 20 * MINUTES);
  afterAll(async () => vm?.dispose(), MINUTES);

  test('15 BEs made by the hook; one with an initrd of its own, one with a manual BE cloned from it', async () => {
    expect(made).toHaveLength(15);
    const dir = await vm.mustSh(`pve-bootenv mount ${made[1]}`);
    await vm.mustSh(`for f in ${dir}/boot/initrd.img-*; do printf 'own' >> $f; done; pve-bootenv umount ${made[1]}`);
    await vm.mustSh(`pve-bootenv create dependent -e ${made[2]} && pve-bootenv sync >/dev/null`, { timeoutMs: FULL_SYNC_GUARD });
    for (const listing of await onEachEsp(vm, 'ls $esp/EFI/pve-bootenv | grep -c "^initrd.img-"')) expect(listing).toBe('2');
  }, 8 * MINUTES);

  test('--dry-run says what goes and changes nothing; a prune killed half-way is finished by the next; the result is what --dry-run said', async () => {
    const dry = JSON.parse(await vm.mustSh('pve-bootenv prune --dry-run --json')) as PruneJson;
    expect(dry.plan.destroy).toEqual(made.slice(0, 12));
    expect(dry.plan.verdicts.filter((v) => v.action === 'keep').map((v) => v.name).sort()).toEqual([...made.slice(12), 'dependent', 'pve-1'].sort());
    expect(await aptBes()).toEqual(made);
    const human = await vm.mustSh('pve-bootenv prune --dry-run');
    expect(human).toMatch(new RegExp(`^would destroy +${made[0]} +beyond every keep rule`, 'm'));
    expect(human).toMatch(/^keep +pve-1 +.*booted/m);
    expect(human).toMatch(/^keep +dependent +manual/m);
    const usedBefore = Number(await vm.mustSh('zfs get -H -p -o value used rpool'));

    // Killed once a few BEs are gone: what is left is intact, and a sync keeps it bootable.
    await vm.mustSh(`pve-bootenv prune >/dev/null 2>&1 & 
      while [ "$(zfs list -H -d 1 -o name rpool/ROOT | wc -l)" -gt 14 ]; do sleep 0.2; done
      pkill -KILL -f '^/usr/bin/node /usr/lib/pve-bootenv/cli[.]mjs prune'; wait || true`, { timeoutMs: 5 * MINUTES });
    const half = await aptBes();
    expect(half.length).toBeLessThan(15);
    expect(half.length).toBeGreaterThan(3);
    const synced = JSON.parse(await vm.mustSh('pve-bootenv sync --json', { timeoutMs: FULL_SYNC_GUARD })) as { esps: Array<{ status: string }> };
    expect(synced.esps.map((e) => e.status).filter((s) => s === 'failed')).toEqual([]);

    const real = JSON.parse(await vm.mustSh('pve-bootenv prune --json', { timeoutMs: 10 * MINUTES })) as PruneJson;
    expect(real.failed).toEqual([]);
    expect([...(made.slice(0, 12).filter((be) => !half.includes(be))), ...real.destroyed].sort()).toEqual(made.slice(0, 12).sort());
    expect(await aptBes()).toEqual(made.slice(12));
    expect(await vm.mustSh('zfs list -H -d 1 -o name rpool/ROOT | sed "s,rpool/ROOT/,," | grep -v "^rpool/ROOT$" | sort | tr "\\n" " "')).toBe([...made.slice(12), 'dependent', 'pve-1'].sort().join(' '));
    // Pool space: the origin snapshots held 4 MiB each (the one the dependent BE now hangs
    // off stays: 11 × 4 MiB go).
    expect(usedBefore - Number(await vm.mustSh('zfs get -H -p -o value used rpool'))).toBeGreaterThan(24 * MiB);
    for (const listing of await onEachEsp(vm, 'ls $esp/loader/entries $esp/EFI/pve-bootenv')) {
      for (const gone of made.slice(0, 12)) expect(listing).not.toContain(`pve-bootenv-${gone}-`);
      for (const kept of [...made.slice(12), 'dependent', 'pve-1']) expect(listing).toContain(`pve-bootenv-${kept}-`);
      expect(listing.split('\n').filter((l) => l.startsWith('initrd.img-'))).toHaveLength(1);
    }
    const flags = (JSON.parse(await vm.mustSh('pve-bootenv list --json')) as { bootEnvironments: Array<{ name: string; flags: string }> }).bootEnvironments;
    expect(flags.find((r) => r.name === 'pve-1')?.flags).toBe('NR');
    // Nothing more to do: a second prune destroys nothing.
    expect((JSON.parse(await vm.mustSh('pve-bootenv prune --json')) as PruneJson).plan.destroy).toEqual([]);
  }, 20 * MINUTES);

  test('the BE cloned from a pruned one still boots', async () => {
    await vm.mustSh('pve-bootenv activate dependent --next-boot');
    await vm.reboot();
    const facts = await bootFacts(vm);
    expect([facts.root, facts.state]).toEqual(['rpool/ROOT/dependent', 'running']);
  }, 8 * MINUTES);
});
