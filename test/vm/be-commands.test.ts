// The boot-environment commands on the real stack: list, create, activate (also next boot
// only), rename, destroy, mount, hold — each main path and refusal, and the reboots that
// prove a BE boots: create --activate, activate --next-boot (once, then the default
// again), rename then boot, destroy of an origin leaving its dependents bootable, a clone
// of a clone activated, its ancestors destroyed, booted again.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { bootFacts } from './harness/guest.js';
import { espFingerprint, onEachEsp } from './harness/esp.js';
import { baseImage } from './harness/image.js';
import { projectRoot } from './harness/project-root.js';
import { startWithPveBootenv } from './fixtures/guest-setup.js';
import type { TestVm } from './harness/vm.js';

const MINUTES = 60_000;
const kernel = baseImage().kernel;
const entry = (be: string) => `pve-bootenv-${be}-${kernel}.conf`;

interface Row {
  name: string;
  flags: string;
  mountpoint: string | null;
  held: boolean;
  madeBy: string | null;
  description: string | null;
  cloneOf: string | null;
  esps: string[] | null;
}
interface ListJson {
  esps: string[];
  bootEnvironments: Row[];
}

const validate = new Ajv2020({ strict: true }).compile(JSON.parse(readFileSync(join(projectRoot(), 'doc/list.schema.json'), 'utf8')));

describe('boot environment commands', () => {
  let vm: TestVm;

  /** `list --json`, checked against the documented schema. */
  async function list(): Promise<ListJson> {
    const view = JSON.parse(await vm.mustSh('pve-bootenv list --json')) as ListJson;
    expect(validate(view) ? [] : validate.errors).toEqual([]);
    return view;
  }
  const flagsOf = async () => Object.fromEntries((await list()).bootEnvironments.map((row) => [row.name, row.flags]));
  const datasets = () => vm.mustSh('zfs list -H -o name -r rpool/ROOT | sort');

  beforeAll(async () => {
    vm = await startWithPveBootenv();
  }, 10 * MINUTES);
  afterAll(async () => vm?.dispose(), MINUTES);

  test('list: the booted BE is N and R, in JSON that matches the schema, and as a table', async () => {
    const view = await list();
    expect(view.bootEnvironments.map((row) => [row.name, row.flags])).toEqual([['pve-1', 'NR']]);
    expect(view.esps).toHaveLength(2);
    const table = await vm.mustSh('pve-bootenv list');
    expect(table.split('\n')[0]).toMatch(/^BE +Active +Mountpoint +Space +Created/);
    expect(table).toMatch(/^pve-1 +NR +\/ /m);
    expect((await vm.mustSh('pve-bootenv list -H')).split('\t').slice(0, 3)).toEqual(['pve-1', 'NR', '/']);
  });

  test('create --dry-run changes nothing; create makes a clone with its own root= and entries on both ESPs', async () => {
    const before = [await datasets(), await espFingerprint(vm)];
    const dry = await vm.mustSh('pve-bootenv create alpha -d "before the upgrade" --dry-run');
    expect(dry).toContain('zfs snapshot rpool/ROOT/pve-1@alpha');
    expect(dry).toMatch(/zfs clone -o canmount=noauto -o mountpoint=\/ .*-o acltype=posix.* rpool\/ROOT\/pve-1@alpha rpool\/ROOT\/alpha/);
    expect([await datasets(), await espFingerprint(vm)]).toEqual(before);

    const out = await vm.mustSh('pve-bootenv create alpha -d "before the upgrade"');
    expect(out).toMatch(/^created boot environment alpha/);
    expect(await vm.mustSh('zfs get -H -o value canmount,mountpoint,acltype,xattr,pve-bootenv:origin,pve-bootenv:description rpool/ROOT/alpha')).toBe(
      (await vm.mustSh('zfs get -H -o value canmount,mountpoint,acltype,xattr rpool/ROOT/pve-1')).replace(/^on/, 'noauto') + '\nmanual\nbefore the upgrade',
    );
    const dir = await vm.mustSh('pve-bootenv mount alpha');
    expect(dir).toMatch(/^\/run\/pve-bootenv\/mnt\/alpha\./);
    expect(await vm.mustSh(`cat ${dir}/etc/kernel/cmdline`)).toMatch(/^root=ZFS=rpool\/ROOT\/alpha boot=zfs/);
    expect((await list()).bootEnvironments.find((row) => row.name === 'alpha')?.mountpoint).toBe(dir);
    await vm.mustSh(`touch ${dir}/root/written-in-alpha`);
    await vm.mustSh('pve-bootenv umount alpha');
    expect(await vm.mustSh(`test -e ${dir} && echo left || echo gone`)).toBe('gone');
    for (const listing of await onEachEsp(vm, 'ls $esp/loader/entries')) expect(listing.split('\n')).toContain(entry('alpha'));
    const alpha = (await list()).bootEnvironments.find((row) => row.name === 'alpha');
    expect(alpha).toMatchObject({ flags: '-', madeBy: 'manual', description: 'before the upgrade', cloneOf: 'rpool/ROOT/pve-1@alpha', held: false });
    expect(alpha?.esps).toHaveLength(2);
  });

  test('create refuses a bad name, an existing BE and a missing source, changing nothing', async () => {
    const before = await datasets();
    for (const [args, message] of [
      ['"bad name"', 'cannot name a boot environment "bad name": the name contains whitespace'],
      ['a/b', 'the name contains a "/"'],
      ['alpha', 'a boot environment "alpha" exists already'],
      ['beta -e nosuch', 'no boot environment "nosuch" under rpool/ROOT'],
      ['beta -e pve-1@nosuch', 'no snapshot rpool/ROOT/pve-1@nosuch'],
    ] as const) {
      const result = await vm.sh(`pve-bootenv create ${args}`);
      expect([result.code, result.stdout]).toEqual([1, '']);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(message)]);
    }
    expect(await datasets()).toBe(before);
  });

  test('hold and release; mount refuses the booted BE', async () => {
    expect(await vm.mustSh('pve-bootenv hold alpha')).toBe('alpha is held now');
    expect((await list()).bootEnvironments.find((row) => row.name === 'alpha')?.held).toBe(true);
    expect(await vm.mustSh('pve-bootenv list')).toMatch(/^alpha .*held/m);
    expect(await vm.mustSh('pve-bootenv release alpha')).toBe('alpha is no longer held');
    expect(await vm.mustSh('pve-bootenv release alpha')).toBe('alpha was not held');
    const booted = await vm.sh('pve-bootenv mount pve-1');
    expect([booted.code, booted.stderr.trim()]).toEqual([1, 'pve-bootenv: pve-1 is the booted boot environment: its files are at /']);
  });

  test('non-root, a container, a non-ZFS root: one line each, exit 1, nothing changed', async () => {
    const before = [await datasets(), await espFingerprint(vm)];
    const user = await vm.sh('setpriv --reuid=nobody --regid=nogroup --clear-groups /usr/sbin/pve-bootenv create x');
    expect([user.code, user.stderr.trim()]).toEqual([1, 'pve-bootenv: this needs root: run it as root (sudo pve-bootenv …)']);
    // systemd-detect-virt --container reads /run/systemd/container, as in an LXC guest.
    const container = await vm.sh(`unshare --mount sh -c 'mount -t tmpfs tmpfs /run/systemd && echo lxc > /run/systemd/container && pve-bootenv create x'`);
    expect([container.code, container.stderr.trim()]).toEqual([1, expect.stringMatching(/^pve-bootenv: running inside a container \(lxc\)/)]);
    // A root file system that is not ZFS: a tmpfs root with the system's programs bound in.
    const tmpfsRoot = await vm.sh(`unshare --mount sh -c '
      mount -t tmpfs tmpfs /mnt && mkdir -p /mnt/usr /mnt/etc /mnt/proc /mnt/dev /mnt/run /mnt/sys &&
      for d in usr etc dev run sys; do mount --rbind /$d /mnt/$d; done && mount -t proc proc /mnt/proc &&
      for l in bin sbin lib lib64; do ln -s usr/$l /mnt/$l; done &&
      chroot /mnt /usr/sbin/pve-bootenv create x'`);
    expect([tmpfsRoot.code, tmpfsRoot.stderr.trim()]).toEqual([1, expect.stringMatching(/^pve-bootenv: the root file system is tmpfs \(tmpfs\), not ZFS: boot environments need root on ZFS$/)]);
    expect([await datasets(), await espFingerprint(vm)]).toEqual(before);
  });

  test('destroy refuses the booted, default, next-boot and held BEs, each with its own message', async () => {
    await vm.mustSh('pve-bootenv create next && pve-bootenv activate next --next-boot && pve-bootenv hold alpha');
    expect(await flagsOf()).toMatchObject({ 'pve-1': 'NR', next: 'T', alpha: '-' });
    const before = await datasets();
    for (const [be, message] of [
      ['pve-1', 'pve-1 is the running boot environment'],
      ['next', 'next is chosen for the next boot; clear that first (pve-bootenv activate --clear-next-boot)'],
      ['alpha', 'pve-bootenv release alpha'],
      ['nosuch', 'no boot environment "nosuch"'],
    ] as const) {
      const result = await vm.sh(`pve-bootenv destroy ${be}`);
      expect([result.code, result.stdout]).toEqual([1, '']);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(message)]);
    }
    expect(await datasets()).toBe(before);
    expect(await vm.mustSh('pve-bootenv activate --clear-next-boot')).toBe(`cleared the next-boot-only choice (${entry('next')})`);
    await vm.mustSh('pve-bootenv release alpha');
  });

  test('destroy --dry-run changes nothing; destroy removes the dataset and its entries from both ESPs', async () => {
    const before = [await datasets(), await espFingerprint(vm)];
    expect(await vm.mustSh('pve-bootenv destroy next --dry-run')).toContain('zfs destroy -r rpool/ROOT/next');
    expect([await datasets(), await espFingerprint(vm)]).toEqual(before);
    await vm.mustSh('pve-bootenv destroy next -o');
    expect(await datasets()).not.toContain('rpool/ROOT/next');
    expect(await vm.mustSh('zfs list -H -t snapshot -o name rpool/ROOT/pve-1')).not.toContain('@next');
    for (const listing of await onEachEsp(vm, 'ls $esp/loader/entries')) expect(listing).not.toContain(entry('next'));
  });

  test('create and destroy started at the same moment serialize on the lock', async () => {
    await vm.mustSh('pve-bootenv create racer');
    const out = await vm.mustSh('pve-bootenv create runner & pve-bootenv destroy racer & wait; pve-bootenv list -H | cut -f1 | sort | tr "\\n" " "', { timeoutMs: 5 * MINUTES });
    expect(out.split('\n').pop()).toBe('alpha pve-1 runner');
    const check = await vm.mustSh('pve-bootenv sync --json');
    expect((JSON.parse(check) as { esps: Array<{ status: string }> }).esps.map((e) => e.status)).toEqual(['up-to-date', 'up-to-date']);
  }, 6 * MINUTES);

  test('reboot: create --activate boots the new BE, and list flags follow', async () => {
    await vm.mustSh('pve-bootenv create beta --activate');
    expect(await flagsOf()).toMatchObject({ 'pve-1': 'N', beta: 'R' });
    const refused = await vm.sh('pve-bootenv destroy beta');
    expect([refused.code, refused.stderr.trim()]).toEqual([1, expect.stringContaining('beta boots by default')]);
    await vm.reboot();
    const facts = await bootFacts(vm);
    expect([facts.root, facts.entry, facts.state]).toEqual(['rpool/ROOT/beta', entry('beta'), 'running']);
    expect(await flagsOf()).toMatchObject({ 'pve-1': '-', beta: 'NR' });
    // Promoted: the older BEs are clones of the active one now, not the other way round.
    expect(await vm.mustSh('zfs get -H -o value origin rpool/ROOT/beta rpool/ROOT/pve-1')).toBe('-\nrpool/ROOT/beta@beta');
  }, 8 * MINUTES);

  // One test, three BEs, two reboots: destroy an origin (its dependents promoted), rename
  // one dependent and make it the next-boot-only choice, make the other the default; the
  // renamed one boots once, then the new default boots: both dependents proven bootable.
  test('reboot: destroy an origin, rename a dependent, activate --next-boot: it boots once, then the default', async () => {
    await vm.mustSh('pve-bootenv create base && pve-bootenv create child-1 -e base && pve-bootenv create child-2 -e base');
    await vm.mustSh('dir=$(pve-bootenv mount child-1) && touch "$dir/root/written-in-child-1" && pve-bootenv umount child-1');
    const out = await vm.mustSh('pve-bootenv destroy base');
    expect(out).toContain('promoted rpool/ROOT/child-2');
    expect(await vm.mustSh('zfs get -H -o value origin rpool/ROOT/child-1')).toBe('rpool/ROOT/child-2@child-1');

    const refused = await vm.sh('pve-bootenv rename beta gamma');
    expect([refused.code, refused.stderr.trim()]).toEqual([1, expect.stringContaining('beta is the booted boot environment and cannot be renamed')]);
    await vm.mustSh('pve-bootenv rename child-1 renamed');
    for (const listing of await onEachEsp(vm, 'ls $esp/loader/entries')) {
      expect(listing).toContain(entry('renamed'));
      expect(listing).not.toContain(entry('child-1'));
    }
    await vm.mustSh('pve-bootenv activate child-2 && pve-bootenv activate renamed --next-boot');
    expect(await flagsOf()).toMatchObject({ beta: 'N', 'child-2': 'R', renamed: 'T' });

    await vm.reboot();
    let facts = await bootFacts(vm);
    expect([facts.root, facts.state]).toEqual(['rpool/ROOT/renamed', 'running']);
    expect(await vm.mustSh('cat /etc/kernel/cmdline')).toMatch(/^root=ZFS=rpool\/ROOT\/renamed /);
    expect(await vm.mustSh('test -e /root/written-in-child-1 && echo yes')).toBe('yes');
    expect(await flagsOf()).toMatchObject({ 'child-2': 'R', renamed: 'N' });

    await vm.reboot();
    facts = await bootFacts(vm);
    expect([facts.root, facts.state]).toEqual(['rpool/ROOT/child-2', 'running']);
    expect(await flagsOf()).toMatchObject({ 'child-2': 'NR', renamed: '-', beta: '-' });
  }, 12 * MINUTES);

  // A clone of a clone (child-2 → chain-a → chain-b): activate promotes it as often as the
  // chain is long, so it owns its data; booted, its ancestors and the first BE can all be
  // destroyed, and it boots again after that.
  test('reboot: activate a clone of a clone: no origin left; after booting it its ancestors go, and it boots again', async () => {
    await vm.mustSh('pve-bootenv create chain-a && pve-bootenv create chain-b -e chain-a');
    expect(await vm.mustSh('for be in chain-b chain-a; do zfs get -H -o value origin rpool/ROOT/$be; done')).toBe('rpool/ROOT/chain-a@chain-b\nrpool/ROOT/child-2@chain-a');
    const dry = await vm.mustSh('pve-bootenv activate chain-b --dry-run');
    expect(dry.split('\n').filter((line) => line.includes('zfs promote rpool/ROOT/chain-b'))).toHaveLength(2);
    await vm.mustSh('pve-bootenv activate chain-b');
    expect(await vm.mustSh('zfs get -H -o value origin rpool/ROOT/chain-b')).toBe('-');

    await vm.reboot();
    expect((await bootFacts(vm)).root).toBe('rpool/ROOT/chain-b');
    for (const be of ['chain-a', 'child-2', 'pve-1']) await vm.mustSh(`pve-bootenv destroy ${be} >/dev/null`);
    expect((await datasets()).split('\n')).toEqual(expect.not.arrayContaining(['rpool/ROOT/chain-a', 'rpool/ROOT/child-2', 'rpool/ROOT/pve-1']));
    expect((await datasets()).split('\n')).toContain('rpool/ROOT/chain-b');

    await vm.reboot();
    const facts = await bootFacts(vm);
    expect([facts.root, facts.state]).toEqual(['rpool/ROOT/chain-b', 'running']);
    expect(await flagsOf()).toMatchObject({ 'chain-b': 'NR' });
  }, 12 * MINUTES);
});
