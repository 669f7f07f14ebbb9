// The test bed itself: the guest is a Proxmox-shaped host that boots through systemd-boot
// under UEFI into its ZFS root, and the .deb installs, runs and purges cleanly on it.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootFacts } from './harness/guest.js';
import { baseImage, vmRelease } from './harness/image.js';
import { TestVm } from './harness/vm.js';
import { builtDeb } from './fixtures/package.js';
import { makeTestDeb } from './fixtures/test-deb.js';

const MINUTES = 60_000;

describe('the test VM', () => {
  let vm: TestVm;
  const kernel = baseImage().kernel;

  beforeAll(async () => {
    vm = TestVm.create();
    await vm.boot();
  }, 10 * MINUTES);
  afterAll(async () => vm?.dispose(), MINUTES);

  test('boots through systemd-boot under UEFI into rpool/ROOT/pve-1', async () => {
    const facts = await bootFacts(vm);
    expect(facts.root).toBe('rpool/ROOT/pve-1');
    expect(facts.loader).toMatch(/^systemd-boot /);
    expect(facts.entry).toBe(`proxmox-${kernel}.conf`);
    expect(facts.cmdline).toContain('root=ZFS=rpool/ROOT/pve-1');
    expect(facts.state).toBe('running');
  }, 5 * MINUTES);

  test('has the Proxmox installer ZFS RAID1 layout', async () => {
    const vdevs = await vm.mustSh('zpool list -v -H -P -o name rpool | cut -f2 | sed 1d');
    expect(vdevs.split('\n').map((l) => l.trim())).toEqual(['mirror-0', '/dev/vda3', '/dev/vdb3']);
    expect(await vm.mustSh('zpool get -H -o value health,bootfs rpool')).toBe('ONLINE\nrpool/ROOT/pve-1');
    const datasets = await vm.mustSh('zfs list -H -o name,mountpoint,canmount,mounted -r rpool');
    expect(datasets.split('\n').map((l) => l.split('\t'))).toEqual([
      ['rpool', '/rpool', 'on', 'yes'],
      ['rpool/ROOT', '/rpool/ROOT', 'off', 'no'],
      ['rpool/ROOT/pve-1', '/', 'on', 'yes'],
      ['rpool/data', '/rpool/data', 'on', 'yes'],
      ['rpool/var-lib-vz', '/var/lib/vz', 'on', 'yes'],
    ]);
    // OpenZFS 2.1 shows acltype=posixacl as 'posix'; 2.3 (trixie) shows the xattr=sa it was made with as 'on'.
    expect(await vm.mustSh('zfs get -H -s local -o property,value acltype,xattr rpool/ROOT/pve-1')).toMatch(
      vmRelease() === 'bookworm' ? /^acltype\tposix(acl)?\nxattr\tsa$/ : /^acltype\tposix(acl)?\nxattr\t(sa|on)$/,
    );
    // Both GPTs: BIOS boot, ESP, ZFS.
    for (const disk of ['vda', 'vdb']) {
      const types = await vm.mustSh(`lsblk -n -o PARTTYPE /dev/${disk} | sed 1d`);
      expect(types.split('\n')).toEqual([
        '21686148-6449-6e6f-744e-656564454649',
        'c12a7328-f81f-11d2-ba4b-00a0c93ec93b',
        '6a898cc3-1dd2-11b2-99a6-080020736631',
      ]);
    }
    expect(await vm.mustSh('cat /etc/kernel/cmdline')).toBe('root=ZFS=rpool/ROOT/pve-1 boot=zfs console=ttyS0,115200');
  });

  test('both ESPs are listed for proxmox-boot-tool, unmounted, and hold what it writes', async () => {
    const uuids = (await vm.mustSh('cat /etc/kernel/proxmox-boot-uuids')).split('\n');
    expect(uuids).toEqual(baseImage().espUuids);
    expect((await vm.sh('findmnt -rn -o TARGET -t vfat')).stdout).toBe('');
    for (const uuid of uuids) {
      const listing = await vm.mustSh(
        `d=$(mktemp -d); mount -o ro /dev/disk/by-uuid/${uuid} $d; trap 'umount $d' EXIT
         blkid -s TYPE -o value /dev/disk/by-uuid/${uuid}
         cat $d/loader/loader.conf; cat $d/loader/entries/proxmox-${kernel}.conf
         (cd $d && find EFI/proxmox EFI/BOOT -type f | sort)`,
      );
      expect(listing).toBe(
        [
          'vfat',
          'timeout 3',
          'default proxmox-*',
          'title    Proxmox Virtual Environment',
          `version  ${kernel}`,
          'options  root=ZFS=rpool/ROOT/pve-1 boot=zfs console=ttyS0,115200',
          `linux    /EFI/proxmox/${kernel}/vmlinuz-${kernel}`,
          `initrd   /EFI/proxmox/${kernel}/initrd.img-${kernel}`,
          'EFI/BOOT/BOOTX64.EFI',
          `EFI/proxmox/${kernel}/initrd.img-${kernel}`,
          `EFI/proxmox/${kernel}/vmlinuz-${kernel}`,
        ].join('\n'),
      );
    }
  });

  test("the .deb installs offline, runs on Debian's nodejs, is inert once removed, and purges clean", async () => {
    const deb = builtDeb();
    const scratch = mkdtempSync(join(tmpdir(), 'pve-bootenv-boot-test-'));
    try {
      await vm.copyIn(deb.path, '/root/pve-bootenv.deb');
      await vm.copyIn(makeTestDeb(scratch, 'pve-bootenv-probe', '1.0'), '/root/probe.deb');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    // Debian's own nodejs: 18.20 on bookworm (PVE 8), 20.19 on trixie (PVE 9).
    expect(await vm.mustSh('node --version')).toMatch(vmRelease() === 'bookworm' ? /^v18\.20\./ : /^v20\.19\./);
    await vm.mustSh('DEBIAN_FRONTEND=noninteractive apt-get install -y /root/pve-bootenv.deb', { timeoutMs: 5 * MINUTES });
    expect(await vm.mustSh('pve-bootenv --version')).toBe(`pve-bootenv ${deb.version}`);
    const files = (await vm.mustSh('dpkg -L pve-bootenv | while read -r f; do [ -d "$f" ] || echo "$f"; done')).split('\n');
    expect(files).toEqual(expect.arrayContaining(['/usr/sbin/pve-bootenv', '/usr/lib/pve-bootenv/cli.mjs', '/etc/pve-bootenv.conf']));

    // Installed: an apt transaction passes through our hook; the kernel hooks succeed.
    await vm.mustSh('apt-get install -y /root/probe.deb && dpkg -s pve-bootenv-probe >/dev/null', { timeoutMs: 5 * MINUTES });
    const hookArgs = `${kernel} /boot/vmlinuz-${kernel}`;
    await vm.mustSh(`/etc/kernel/postinst.d/zzz-pve-bootenv ${hookArgs}; /etc/kernel/postrm.d/zzz-pve-bootenv ${hookArgs}; /etc/initramfs/post-update.d/zzz-pve-bootenv ${kernel} /boot/initrd.img-${kernel}`);

    // Removed, not purged: the conffiles stay and must do nothing, apt must keep working.
    await vm.mustSh('apt-get remove -y pve-bootenv', { timeoutMs: 5 * MINUTES });
    expect(await vm.mustSh('test -x /etc/pve-bootenv/apt-hook && test ! -e /usr/lib/pve-bootenv/cli.mjs && echo conffiles-only')).toBe('conffiles-only');
    await vm.mustSh('apt-get purge -y pve-bootenv-probe && apt-get install -y /root/probe.deb', { timeoutMs: 5 * MINUTES });
    await vm.mustSh(`/etc/kernel/postinst.d/zzz-pve-bootenv ${hookArgs}; /etc/kernel/postrm.d/zzz-pve-bootenv ${hookArgs}; /etc/initramfs/post-update.d/zzz-pve-bootenv ${kernel} /boot/initrd.img-${kernel}`);

    // Purged: not one of its files or directories is left.
    await vm.mustSh('apt-get purge -y pve-bootenv', { timeoutMs: 5 * MINUTES });
    const ours = [...files, '/etc/pve-bootenv', '/usr/lib/pve-bootenv', '/usr/share/doc/pve-bootenv', '/var/cache/pve-bootenv', '/run/pve-bootenv'];
    const left = await vm.exec(['/bin/sh', '-c', 'for f; do [ ! -e "$f" ] || echo "$f"; done', 'sh', ...ours]);
    expect(left.stdout).toBe('');
    expect(await vm.sh('dpkg -s pve-bootenv')).toMatchObject({ code: 1 });
  }, 15 * MINUTES);
});
