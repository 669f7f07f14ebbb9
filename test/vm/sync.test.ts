// `pve-bootenv sync` on the real stack: boot environments made with plain zfs clone get an
// entry on both ESPs, boot from either disk alone, survive a proxmox-boot-tool style
// refresh, and a sync with nothing to do writes nothing and mounts no unchanged BE; list
// after a sync mounts no ESP.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { bootFacts, loaderVariable } from './harness/guest.js';
import { espFingerprint, onEachEsp } from './harness/esp.js';
import { baseImage } from './harness/image.js';
import { cloneBootEnvironments, startWithPveBootenv } from './fixtures/guest-setup.js';
import type { TestVm } from './harness/vm.js';

const MINUTES = 60_000;
const kernel = baseImage().kernel;
const entry = (be: string) => `pve-bootenv-${be}-${kernel}.conf`;

/** What proxmox-boot-tool owns on an ESP: it must come out of our syncs byte for byte. */
const proxmoxFiles = `cd $esp && find EFI/proxmox EFI/BOOT EFI/systemd loader/entries -type f ! -name 'pve-bootenv-*' -exec sha256sum {} \\; | sort`;

describe('pve-bootenv sync', () => {
  let vm: TestVm;

  beforeAll(async () => {
    vm = await startWithPveBootenv();
    await cloneBootEnvironments(vm, ['pve-2', 'pve-3']);
  }, 10 * MINUTES);
  afterAll(async () => vm?.dispose(), MINUTES);

  test("installing the package synced once: the booted BE's entry is the default on both ESPs and in the firmware", async () => {
    for (const listing of await onEachEsp(vm, "ls $esp/loader/entries; awk '$1 == \"default\"' $esp/loader/loader.conf")) {
      expect(listing.split('\n')).toEqual(expect.arrayContaining([entry('pve-1'), `default ${entry('pve-1')}`]));
    }
    expect(await loaderVariable(vm, 'LoaderEntryDefault')).toBe(entry('pve-1'));
  });

  test('--dry-run prints the plan and changes nothing', async () => {
    const before = await espFingerprint(vm);
    const out = await vm.mustSh('pve-bootenv sync --dry-run');
    expect(out).toContain(`write entry ${entry('pve-2')}`);
    expect(out).toContain(`write entry ${entry('pve-3')}`);
    // The default is already pve-1's since the package's own first sync.
    expect(out).not.toContain('default to');
    expect(await espFingerprint(vm)).toEqual(before);
  }, 3 * MINUTES);

  test('puts every boot environment on both ESPs, sharing one kernel and initrd, without touching Proxmox files', async () => {
    const proxmoxBefore = await onEachEsp(vm, proxmoxFiles);
    const report = JSON.parse(await vm.mustSh('pve-bootenv sync --json')) as { esps: Array<{ status: string }>; defaultEntry: string; efiDefault: string };
    expect(report.esps.map((e) => e.status)).toEqual(['synced', 'synced']);
    expect(report.defaultEntry).toBe(entry('pve-1'));
    expect(report.efiDefault).toBe('unchanged');
    const listings = await onEachEsp(vm, `cd $esp && ls loader/entries EFI/pve-bootenv && grep '^default' loader/loader.conf && grep -h '^options' loader/entries/pve-bootenv-*`);
    for (const listing of listings) {
      const lines = listing.split('\n');
      expect(lines).toEqual(expect.arrayContaining([entry('pve-1'), entry('pve-2'), entry('pve-3'), `proxmox-${kernel}.conf`, `default ${entry('pve-1')}`]));
      expect(lines.filter((l) => l.startsWith('vmlinuz-') || l.startsWith('initrd.img-'))).toHaveLength(2);
      for (const be of ['pve-1', 'pve-2', 'pve-3']) expect(lines).toContain(`options  root=ZFS=rpool/ROOT/${be} boot=zfs console=ttyS0,115200`);
    }
    expect(await onEachEsp(vm, proxmoxFiles)).toEqual(proxmoxBefore);
    // The read-only mounts of the other boot environments did not leak out of the sync.
    expect(await vm.mustSh('findmnt -rn -o TARGET -t zfs,vfat | grep -c /run/pve-bootenv || true')).toBe('0');
  }, 3 * MINUTES);

  test('a second sync writes zero bytes and leaves every mtime as it was', async () => {
    const before = await espFingerprint(vm);
    const report = JSON.parse(await vm.mustSh('pve-bootenv sync --json')) as { bytesWritten: number; esps: Array<{ status: string }>; efiDefault: string };
    expect(report.bytesWritten).toBe(0);
    expect(report.esps.map((e) => e.status)).toEqual(['up-to-date', 'up-to-date']);
    expect(report.efiDefault).toBe('unchanged');
    expect(await espFingerprint(vm)).toEqual(before);
  }, 3 * MINUTES);

  test('the boot record: a sync mounts no unchanged BE, and one whose /boot changed unmounted is read again', async () => {
    // Lines of our own trace (adapters/run.ts) for each ZFS mount a sync makes.
    const zfsMountsOfSync = `DEBUG=pve-bootenv:run pve-bootenv sync --json 2>&1 >/dev/null | grep -c "/usr/bin/mount \\[ '-t', 'zfs'" || true`;
    expect(await vm.mustSh(zfsMountsOfSync)).toBe('0');
    expect(await vm.mustSh('zfs list -H -t bookmark -o name -r rpool/ROOT')).toBe('rpool/ROOT/pve-2#pve-bootenv-seen\nrpool/ROOT/pve-3#pve-bootenv-seen');
    // Behind our back: pve-3's initrd gets new content (zero padding, which the kernel skips).
    await vm.mustSh(`mkdir -p /mnt/pve-3 && mount -t zfs -o zfsutil rpool/ROOT/pve-3 /mnt/pve-3 && truncate -s +4096 /mnt/pve-3/boot/initrd.img-${kernel} && umount /mnt/pve-3`);
    const want = await vm.mustSh(`mount -t zfs -o ro,zfsutil rpool/ROOT/pve-3 /mnt/pve-3 && sha256sum /mnt/pve-3/boot/initrd.img-${kernel} | cut -d' ' -f1; umount /mnt/pve-3`);
    const report = JSON.parse(await vm.mustSh('pve-bootenv sync --json')) as { esps: Array<{ status: string }> };
    expect(report.esps.map((e) => e.status)).toEqual(['synced', 'synced']);
    for (const initrd of await onEachEsp(vm, `awk '$1 == "initrd" { print $2 }' $esp/loader/entries/${entry('pve-3')}`)) {
      expect(initrd).toBe(`/EFI/pve-bootenv/initrd.img-${kernel}-${want}`);
    }
    // Read once again, then served from the record again; the snapshots it was read from are gone.
    expect(await vm.mustSh(zfsMountsOfSync)).toBe('0');
    expect(await vm.mustSh('zfs list -H -t snapshot -o name -r rpool/ROOT | grep -c @pve-bootenv-seen || true')).toBe('0');
  }, 5 * MINUTES);

  test('list after a sync mounts no ESP; an entry removed from one ESP behind our back is seen by the next list', async () => {
    // Lines of our own trace (adapters/run.ts) for each ESP mount a list makes.
    const espMountsOfList = `DEBUG=pve-bootenv:run pve-bootenv list --json 2>&1 >/dev/null | grep -c "/usr/bin/mount \\[ '-t', 'vfat'" || true`;
    const espsOf = async (be: string) => {
      const view = JSON.parse(await vm.mustSh('pve-bootenv list --json')) as { bootEnvironments: Array<{ name: string; esps: string[] }> };
      return view.bootEnvironments.find((row) => row.name === be)?.esps.slice().sort();
    };
    const [esp1, esp2] = baseImage().espUuids.slice().sort() as [string, string];
    await vm.mustSh('pve-bootenv sync');
    expect(await vm.mustSh(espMountsOfList)).toBe('0');
    expect(await espsOf('pve-3')).toEqual([esp1, esp2]);
    // Behind our back, on the first ESP only: pve-3's entry goes, as an admin's rm would do it.
    await vm.mustSh(`mkdir -p /mnt/esp && mount /dev/disk/by-uuid/${esp1} /mnt/esp && rm /mnt/esp/loader/entries/${entry('pve-3')} && umount /mnt/esp`);
    expect(await espsOf('pve-3')).toEqual([esp2]);
    // That look is recorded in its turn; the sync that puts the entry back records again.
    expect(await vm.mustSh(espMountsOfList)).toBe('0');
    await vm.mustSh('pve-bootenv sync');
    expect(await espsOf('pve-3')).toEqual([esp1, esp2]);
    expect(await vm.mustSh(espMountsOfList)).toBe('0');
  }, 5 * MINUTES);

  test('after a proxmox-boot-tool style refresh, our entries survive and the kernel hook restores the default', async () => {
    // What p-b-t's refresh does: default line back to proxmox-*, directories under
    // EFI/proxmox/ it does not keep deleted, its own entries rewritten.
    await onEachEsp(vm, `cd $esp && sed -i 's/^default .*/default proxmox-*/' loader/loader.conf && mkdir -p EFI/proxmox/0.0.0-old && rm -rf EFI/proxmox/0.0.0-old && cp loader/entries/proxmox-${kernel}.conf loader/entries/proxmox-${kernel}.conf.new && mv loader/entries/proxmox-${kernel}.conf.new loader/entries/proxmox-${kernel}.conf`, { writable: true });
    await vm.mustSh(`/etc/kernel/postinst.d/zzz-pve-bootenv ${kernel} /boot/vmlinuz-${kernel}`);
    for (const conf of await onEachEsp(vm, 'cat $esp/loader/loader.conf')) expect(conf).toBe(`timeout 3\ndefault ${entry('pve-1')}`);
    expect(await vm.mustSh('journalctl -t pve-bootenv -p warning --no-pager -q | wc -l')).toBe('0');
  }, 3 * MINUTES);

  test('each boot environment boots through its own entry (one-shot), from disk 1 alone and from disk 2 alone', async () => {
    await vm.mustSh(`bootctl set-oneshot ${entry('pve-2')}`);
    await vm.reboot({ disks: [1] });
    let facts = await bootFacts(vm);
    expect([facts.root, facts.entry, facts.state]).toEqual(['rpool/ROOT/pve-2', entry('pve-2'), 'running']);

    await vm.mustSh(`bootctl set-oneshot ${entry('pve-3')}`);
    await vm.reboot({ disks: [2] });
    facts = await bootFacts(vm);
    expect([facts.root, facts.entry, facts.state]).toEqual(['rpool/ROOT/pve-3', entry('pve-3'), 'running']);

    // No one-shot left: the default, pve-1 through our entry.
    await vm.reboot();
    facts = await bootFacts(vm);
    expect([facts.root, facts.entry]).toEqual(['rpool/ROOT/pve-1', entry('pve-1')]);
  }, 15 * MINUTES);
});
