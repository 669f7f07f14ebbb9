// Bad input for `pve-bootenv sync`: each bad item gets a clear message, the rest is synced,
// and nothing is written outside our directory, our entries and loader.conf's default line.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { espFingerprint, onEachEsp } from './harness/esp.js';
import { baseImage, vmRelease } from './harness/image.js';
import { cloneBootEnvironments, startWithPveBootenv } from './fixtures/guest-setup.js';
import type { TestVm } from './harness/vm.js';

const MINUTES = 60_000;
const kernel = baseImage().kernel;

/** Everything on the ESPs that is not ours, with loader.conf's default line left out. */
const notOurs = `cd $esp && find . -type f ! -path './EFI/pve-bootenv/*' ! -name 'pve-bootenv-*' ! -name loader.conf -exec sha256sum {} \\; | sort; grep -v '^default' loader/loader.conf`;

describe('sync with bad input', () => {
  let vm: TestVm;

  beforeAll(async () => {
    vm = await startWithPveBootenv();
    await cloneBootEnvironments(vm, ['good', 'bad:name', 'no-kernel']);
    await vm.mustSh(`d=$(mktemp -d); mount -t zfs -o zfsutil rpool/ROOT/no-kernel $d; rm $d/boot/vmlinuz-*; umount $d; rmdir $d`);
  }, 10 * MINUTES);
  afterAll(async () => vm?.dispose(), MINUTES);

  test('a bad name, a BE without kernel, a foreign loader.conf line: reported, the rest synced', async () => {
    await onEachEsp(vm, `printf 'console-mode keep\\nthis line is odd\\n' >> $esp/loader/loader.conf`, { writable: true });
    const foreignBefore = await onEachEsp(vm, notOurs);
    const result = await vm.sh('pve-bootenv sync');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('bad:name: not put on the ESPs: the name contains a ":" (vfat ESPs cannot store it in file names)');
    expect(result.stderr).toContain('no-kernel: its /boot has no kernel with an initrd; it cannot be booted');
    expect(result.stdout).toContain('not on ESP: no-kernel: it has no kernel to boot');
    for (const listing of await onEachEsp(vm, 'ls $esp/loader/entries; cat $esp/loader/loader.conf')) {
      expect(listing.split('\n')).toEqual(expect.arrayContaining([`pve-bootenv-good-${kernel}.conf`, `pve-bootenv-pve-1-${kernel}.conf`, 'this line is odd']));
      expect(listing).not.toMatch(/bad:name|pve-bootenv-no-kernel/);
      expect(listing).toContain(`default pve-bootenv-pve-1-${kernel}.conf`);
    }
    expect(await onEachEsp(vm, notOurs)).toEqual(foreignBefore);
  });

  test('an ESP listed twice and one that does not exist: warned, the others synced, exit 1', async () => {
    await vm.mustSh(`cp /etc/kernel/proxmox-boot-uuids /root/uuids.orig
      { cat /root/uuids.orig; head -n1 /root/uuids.orig; echo 0000-0000; echo not-a-uuid; } > /etc/kernel/proxmox-boot-uuids`);
    await cloneBootEnvironments(vm, ['later']);
    const result = await vm.sh('pve-bootenv sync');
    await vm.mustSh('cp /root/uuids.orig /etc/kernel/proxmox-boot-uuids');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ESP 0000-0000: FAILED: cannot mount \/dev\/disk\/by-uuid\/0000-0000/m);
    expect(result.stdout.match(/: synced, /g)).toHaveLength(2);
    expect(result.stderr).toMatch(/proxmox-boot-uuids: .*not-a-uuid/);
    expect(result.stderr).toMatch(/proxmox-boot-uuids: .*(twice|again|duplicate)/i);
  });

  test('an imported BE with planted symlinks (issue 16): host files untouched, nothing of the host on the ESPs', async () => {
    // The stream is made here, small (a whole clone takes minutes to send under TCG): its
    // cmdline's temp name links to a host file (the rewrite on import would have written
    // through it), and its kernel and initrd are absolute links to a host file (the sync
    // would have copied that to the ESPs).
    await vm.mustSh(`head -c 65536 /dev/urandom > /root/host-kernel; echo host-secret > /root/host-secret
      zfs create -o canmount=noauto -o mountpoint=/ rpool/ROOT/evil
      d=$(mktemp -d); mount -t zfs -o zfsutil rpool/ROOT/evil $d; mkdir -p $d/etc/kernel $d/boot
      cp /etc/kernel/cmdline $d/etc/kernel/; cp /etc/os-release $d/etc/
      ln -s /root/host-secret $d/etc/kernel/cmdline.pve-bootenv.tmp
      ln -s /root/host-kernel $d/boot/vmlinuz-${kernel}; ln -s /root/host-kernel $d/boot/initrd.img-${kernel}
      umount $d; rmdir $d
      zfs snapshot rpool/ROOT/evil@out; zfs send -p rpool/ROOT/evil@out > /root/evil.zfs; zfs destroy -r rpool/ROOT/evil`);
    const hostFiles = 'sha256sum /root/host-kernel /root/host-secret /etc/shadow /etc/kernel/cmdline';
    const hostBefore = await vm.mustSh(hostFiles);
    const hostHashes = hostBefore.split('\n').map((line) => line.split(' ')[0]!);

    const result = await vm.sh('pve-bootenv import evil /root/evil.zfs');
    expect(await vm.mustSh(hostFiles)).toBe(hostBefore);
    expect(result.stderr).toContain(`evil: /boot/vmlinuz-${kernel} is a symbolic link, not a regular file; not read; skipped`);
    expect(result.stderr).toContain(`evil: /boot/initrd.img-${kernel} is a symbolic link, not a regular file; not read; skipped`);
    expect(result.stderr).toContain('evil: its /boot has no kernel with an initrd; it cannot be booted');
    // The BE itself was rewritten inside it: its own root=, the planted link replaced.
    expect(await vm.mustSh(`d=$(mktemp -d); mount -t zfs -o ro,zfsutil rpool/ROOT/evil $d; cat $d/etc/kernel/cmdline; ls -A $d/etc/kernel; umount $d; rmdir $d`)).toMatch(/^root=ZFS=rpool\/ROOT\/evil boot=zfs.*\n(?![\s\S]*pve-bootenv\.tmp)/);
    for (const listing of await onEachEsp(vm, 'find $esp -type f -exec sha256sum {} \\; ; ls $esp/loader/entries')) {
      for (const hash of hostHashes) expect(listing).not.toContain(hash);
      expect(listing).not.toContain('pve-bootenv-evil-');
    }

    // A mount point named like an option is a directory, not an option of mount(8) (row 10).
    const dashed = await vm.sh('cd /tmp && pve-bootenv mount evil -- -o');
    expect([dashed.code, dashed.stderr]).toEqual([1, expect.stringContaining('/tmp/-o')]);

    // A replication stream with a dataset under the BE (mounted at boot wherever it says) is refused and undone.
    await vm.mustSh(`zfs create -o canmount=noauto -o mountpoint=/srv/planted rpool/ROOT/evil/child
      zfs snapshot -r rpool/ROOT/evil@tree; zfs send -R rpool/ROOT/evil@tree > /root/tree.zfs`);
    const tree = await vm.sh('pve-bootenv import tree /root/tree.zfs');
    expect(tree.code).not.toBe(0);
    expect(tree.stderr).toMatch(/^pve-bootenv: import of tree undone \(the received dataset is destroyed\): the stream holds 1 dataset\(s\) under it \(rpool\/ROOT\/tree\/child\)/m);
    expect((await vm.sh('zfs list -H -o name rpool/ROOT/tree')).code).not.toBe(0);
    await vm.mustSh('zfs destroy -r rpool/ROOT/evil; rm /root/evil.zfs /root/tree.zfs');
  }, 10 * MINUTES);

  test('an invalid config value or a non-root caller: one line, exit 1, nothing changed', async () => {
    const before = await espFingerprint(vm);
    await cloneBootEnvironments(vm, ['pending']);
    await vm.mustSh(`printf '[esp]\\nmax-loaded = lots\\n' > /etc/pve-bootenv.conf`);
    const bad = await vm.sh('pve-bootenv sync');
    expect([bad.code, bad.stdout]).toEqual([1, '']);
    expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^pve-bootenv: \/etc\/pve-bootenv\.conf:2: \[esp\] max-loaded = "lots": /)]);
    await vm.mustSh('rm /etc/pve-bootenv.conf');
    const user = await vm.sh('setpriv --reuid=nobody --regid=nogroup --clear-groups /usr/sbin/pve-bootenv sync');
    expect([user.code, user.stderr.trim()]).toEqual([1, 'pve-bootenv: this needs root: run it as root (sudo pve-bootenv …)']);
    expect(await espFingerprint(vm)).toEqual(before);
  });

  test('a host we do not know how to change (issue 18): one line from sync and from check each, nothing written', async () => {
    // A BE waiting to be synced, so that a refused sync would have had something to write.
    await cloneBootEnvironments(vm, ['waiting']);
    const before = await espFingerprint(vm);
    const refusedBoth = async (wrap: (command: string) => string, line: RegExp) => {
      const sync = await vm.sh(wrap('pve-bootenv sync'));
      expect([sync.code, sync.stdout, sync.stderr.trim().split('\n')]).toEqual([1, '', [expect.stringMatching(line)]]);
      const check = await vm.sh(wrap('pve-bootenv check'));
      expect(check.code).toBe(2);
      expect(check.stdout).toMatch(new RegExp(`^CRITICAL host: ${line.source.replace(/^\^pve-bootenv: /, '').replace(/;.*$/, '')}`, 'm'));
      expect(await espFingerprint(vm)).toEqual(before);
    };
    const asIs = (command: string) => command;

    // An OpenZFS release this version does not know. Stands in for a newer OpenZFS module: the
    // loaded module's version file is bind-mounted over in a mount namespace of the test's own.
    await vm.mustSh('echo 2.9.0-1 > /root/zfs-version');
    await refusedBoth(
      (command) => `unshare --mount --propagation private sh -c 'mount --bind /root/zfs-version /sys/module/zfs/version && ${command}'`,
      /^pve-bootenv: OpenZFS "2\.9\.0-1" is not a release this pve-bootenv knows \(2\.1, 2\.2, 2\.3, 2\.4\): its output may differ, so nothing is changed; update pve-bootenv$/,
    );

    // No bootctl while the ESPs boot systemd-boot: the tool is moved aside.
    const bootctlPackage = vmRelease() === 'bookworm' ? 'systemd-boot' : 'systemd-boot-tools';
    await vm.mustSh('mv /usr/bin/bootctl /root/bootctl.aside');
    try {
      await refusedBoth(asIs, new RegExp(`^pve-bootenv: bootctl is missing: the ESPs boot systemd-boot, whose default and next-boot choice are set with it; install it with 'apt install ${bootctlPackage}', then run 'pve-bootenv sync'$`));
    } finally {
      await vm.mustSh('mv /root/bootctl.aside /usr/bin/bootctl');
    }

    if (vmRelease() !== 'bookworm') {
      // The systemd-boot meta-package on Proxmox VE 9. Stands in for Debian's package of that
      // name (whose postinst would install kernels onto a mounted ESP): only its dpkg status
      // entry is what pve-bootenv reads, and this one is real, made by dpkg from a package
      // named systemd-boot.
      await vm.mustSh(`d=$(mktemp -d); mkdir $d/DEBIAN
        printf 'Package: systemd-boot\\nVersion: 257.99-1\\nArchitecture: all\\nMaintainer: pve-bootenv tests <tests@example.org>\\nDescription: stands in for the systemd-boot meta-package\\n' > $d/DEBIAN/control
        dpkg-deb --root-owner-group --build $d /root/systemd-boot.deb >/dev/null; rm -r $d; dpkg -i /root/systemd-boot.deb >/dev/null`);
      try {
        await refusedBoth(asIs, /^pve-bootenv: the systemd-boot package is installed: on Proxmox VE 9 it installs kernels and updates the boot loader on the ESPs behind proxmox-boot-tool \(pve8to9 refuses it\); remove it with 'apt remove systemd-boot' \(systemd-boot-efi and systemd-boot-tools stay\), then run 'pve-bootenv sync'$/);
      } finally {
        await vm.mustSh('dpkg --purge systemd-boot >/dev/null; rm /root/systemd-boot.deb');
      }
    }

    // The host put right, the same sync goes through and puts the waiting BE on the ESPs.
    expect((await vm.sh('pve-bootenv sync')).code).toBe(0);
    expect(await onEachEsp(vm, 'ls $esp/loader/entries')).toEqual([expect.stringContaining(`pve-bootenv-waiting-${kernel}.conf`), expect.stringContaining(`pve-bootenv-waiting-${kernel}.conf`)]);
    await vm.mustSh('pve-bootenv destroy waiting');
  }, 10 * MINUTES);
});
