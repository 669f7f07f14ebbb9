// The seed article's first proof of concept, done by hand with zfs and cp (no pve-bootenv):
// proves that the test bed can boot a second boot environment from its own entry on both
// ESPs, and that what is installed in one BE is absent from the other.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootFacts } from './harness/guest.js';
import { baseImage } from './harness/image.js';
import { TestVm } from './harness/vm.js';
import { makeTestDeb } from './fixtures/test-deb.js';

const MINUTES = 60_000;

/** Sets the `default` line of loader.conf on every ESP. */
function setDefaultOnEveryEsp(pattern: string): string {
  return `for u in $(cat /etc/kernel/proxmox-boot-uuids); do
      d=$(mktemp -d); mount /dev/disk/by-uuid/$u $d
      sed -i 's/^default .*/default ${pattern}/' $d/loader/loader.conf
      umount $d; rmdir $d
    done`;
}

describe('a second boot environment made by hand (seed article)', () => {
  let vm: TestVm;
  const kernel = baseImage().kernel;

  beforeAll(async () => {
    vm = TestVm.create();
    await vm.boot();
  }, 10 * MINUTES);
  afterAll(async () => vm?.dispose(), MINUTES);

  test('pve-2 boots from its own entry, and a package installed there is absent from pve-1', async () => {
    // Clone with the origin's local properties (a clone does not copy them); no BE may
    // have canmount=on, or zfs mount -a mounts the other one over /.
    await vm.mustSh(`
      zfs snapshot rpool/ROOT/pve-1@pve-2
      zfs clone -o canmount=noauto -o mountpoint=/ -o acltype=posixacl -o xattr=sa rpool/ROOT/pve-1@pve-2 rpool/ROOT/pve-2
      zfs set canmount=noauto rpool/ROOT/pve-1
      be=$(mktemp -d); mount -t zfs -o zfsutil rpool/ROOT/pve-2 $be
      sed -i 's|root=ZFS=rpool/ROOT/pve-1|root=ZFS=rpool/ROOT/pve-2|' $be/etc/kernel/cmdline
      for u in $(cat /etc/kernel/proxmox-boot-uuids); do
        d=$(mktemp -d); mount /dev/disk/by-uuid/$u $d
        mkdir -p $d/env/pve-2
        cp $be/boot/vmlinuz-${kernel} $be/boot/initrd.img-${kernel} $d/env/pve-2/
        printf '%s\\n' 'title    pve-2' 'options  '"$(cat $be/etc/kernel/cmdline)" \\
          'linux    /env/pve-2/vmlinuz-${kernel}' 'initrd   /env/pve-2/initrd.img-${kernel}' > $d/loader/entries/env-pve-2.conf
        umount $d; rmdir $d
      done
      umount $be; rmdir $be
      ${setDefaultOnEveryEsp('env-pve-2.conf')}`);

    await vm.reboot();
    const inPve2 = await bootFacts(vm);
    expect(inPve2.root).toBe('rpool/ROOT/pve-2');
    expect(inPve2.entry).toBe('env-pve-2.conf');
    expect(inPve2.cmdline).toContain('root=ZFS=rpool/ROOT/pve-2');
    expect(inPve2.state).toBe('running');

    const scratch = mkdtempSync(join(tmpdir(), 'pve-bootenv-poc-'));
    try {
      await vm.copyIn(makeTestDeb(scratch, 'pve-bootenv-probe', '2.0'), '/root/probe.deb');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    await vm.mustSh(`dpkg -i /root/probe.deb && ${setDefaultOnEveryEsp('proxmox-*')}`);
    expect(await vm.mustSh('cat /usr/share/pve-bootenv-probe/version')).toBe('2.0');

    await vm.reboot();
    const backInPve1 = await bootFacts(vm);
    expect(backInPve1.root).toBe('rpool/ROOT/pve-1');
    expect(backInPve1.entry).toBe(`proxmox-${kernel}.conf`);
    expect(backInPve1.state).toBe('running');
    expect(await vm.sh('dpkg -s pve-bootenv-probe')).toMatchObject({ code: 1 });
    expect(await vm.sh('test -e /usr/share/pve-bootenv-probe/version')).toMatchObject({ code: 1 });
  }, 20 * MINUTES);
});
