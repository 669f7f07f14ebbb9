// A kernel upgrade in the running boot environment, with proxmox-boot-tool's behaviour
// around it (the new kernel added to EFI/proxmox/, the old one pruned from there once its
// package is gone): the older boot environment still boots, with its own old kernel. On the
// way, the old kernel is pinned as `proxmox-boot-tool kernel pin` does (its pin file; the
// tool itself is Proxmox's and not in the image) and the host boots it; unpinned, the
// newest is the default again.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { bootFacts, loaderVariable } from './harness/guest.js';
import { onEachEsp } from './harness/esp.js';
import { baseImage } from './harness/image.js';
import { cloneBootEnvironments, startWithPveBootenv } from './fixtures/guest-setup.js';
import type { TestVm } from './harness/vm.js';

const MINUTES = 60_000;
const { kernel: oldKernel, upgradeKernel: newKernel } = baseImage();

/** What zz-proxmox-boot does on every ESP for the kernels it keeps (EFI/proxmox/<kver>/ and its entry). */
function proxmoxBootTool(keep: string[]): string {
  return `cd $esp
    for dir in EFI/proxmox/*/; do
      k=$(basename $dir); case " ${keep.join(' ')} " in *" $k "*) ;; *) rm -rf "$dir" loader/entries/proxmox-$k.conf ;; esac
    done
    for k in ${keep.join(' ')}; do
      mkdir -p EFI/proxmox/$k && cp /boot/vmlinuz-$k /boot/initrd.img-$k EFI/proxmox/$k/
      printf '%s\\n' 'title    Proxmox Virtual Environment' "version  $k" "options  $(head -n1 /etc/kernel/cmdline)" \\
        "linux    /EFI/proxmox/$k/vmlinuz-$k" "initrd   /EFI/proxmox/$k/initrd.img-$k" > loader/entries/proxmox-$k.conf
    done
    sed -i 's/^default .*/default proxmox-*/' loader/loader.conf`;
}

describe('kernel upgrade', () => {
  let vm: TestVm;

  beforeAll(async () => {
    vm = await startWithPveBootenv();
    await cloneBootEnvironments(vm, ['before-upgrade']);
    await vm.mustSh('pve-bootenv sync >/dev/null');
  }, 10 * MINUTES);
  afterAll(async () => vm?.dispose(), MINUTES);

  /** Waits (at most 3 minutes) for the sync the pin's path unit starts to set this default. */
  async function waitForDefault(entry: string): Promise<void> {
    await vm.mustSh(
      `for i in $(seq 200); do [ "$(cat /sys/firmware/efi/efivars/LoaderEntryDefault-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f 2>/dev/null | tail -c +5 | iconv -f UTF-16LE | tr -d '\\000')" = ${entry} ] && exit 0; sleep 0.5; done; exit 1`,
      { timeoutMs: 4 * MINUTES },
    );
    // And the unit has ended (its sync also unmounted the ESPs).
    await vm.mustSh('while [ "$(systemctl show -P ActiveState pve-bootenv-kernel-pin.service)" = activating ]; do sleep 0.5; done', { timeoutMs: 2 * MINUTES });
  }

  test('the older boot environment keeps booting its own old kernel after the upgrade prunes it', async () => {
    // Install: the package's files, then its postinst hooks in run-parts order.
    await vm.mustSh(`tar -C / -xf /var/lib/pve-bootenv-test/kernel-${newKernel}.tar`);
    await onEachEsp(vm, proxmoxBootTool([newKernel, oldKernel]), { writable: true });
    await vm.mustSh(`/etc/kernel/postinst.d/zzz-pve-bootenv ${newKernel} /boot/vmlinuz-${newKernel}`);
    expect(await loaderVariable(vm, 'LoaderEntryDefault')).toBe(`pve-bootenv-pve-1-${newKernel}.conf`);

    // Pinned: the path unit's sync makes the pinned kernel's entry the default; the host boots it.
    await vm.mustSh(`echo ${oldKernel} > /etc/kernel/proxmox-boot-pin`);
    await waitForDefault(`pve-bootenv-pve-1-${oldKernel}.conf`);
    await vm.reboot();
    let facts = await bootFacts(vm);
    expect([facts.root, facts.state, await vm.mustSh('uname -r')]).toEqual(['rpool/ROOT/pve-1', 'running', oldKernel]);
    // Unpinned (`proxmox-boot-tool kernel unpin` removes the file): the newest kernel again.
    await vm.mustSh('rm /etc/kernel/proxmox-boot-pin');
    await waitForDefault(`pve-bootenv-pve-1-${newKernel}.conf`);
    for (const conf of await onEachEsp(vm, 'grep "^default" $esp/loader/loader.conf')) expect(conf).toBe(`default pve-bootenv-pve-1-${newKernel}.conf`);

    // Autoremove of the old kernel package: its files, then p-b-t drops it from the ESPs.
    await vm.mustSh(`rm -rf /boot/*-${oldKernel} /usr/lib/modules/${oldKernel}`);
    await onEachEsp(vm, proxmoxBootTool([newKernel]), { writable: true });
    await vm.mustSh(`/etc/kernel/postrm.d/zzz-pve-bootenv ${oldKernel} /boot/vmlinuz-${oldKernel}`);

    for (const listing of await onEachEsp(vm, 'cd $esp && ls EFI/proxmox loader/entries && grep "^default" loader/loader.conf')) {
      const lines = listing.split('\n');
      expect(lines).toEqual(expect.arrayContaining([newKernel, `pve-bootenv-pve-1-${newKernel}.conf`, `pve-bootenv-before-upgrade-${oldKernel}.conf`, `default pve-bootenv-pve-1-${newKernel}.conf`]));
      expect(lines).not.toContain(oldKernel);
      expect(lines).not.toContain(`pve-bootenv-pve-1-${oldKernel}.conf`);
    }

    await vm.mustSh(`bootctl set-oneshot pve-bootenv-before-upgrade-${oldKernel}.conf`);
    await vm.reboot();
    facts = await bootFacts(vm);
    expect([facts.root, facts.state, await vm.mustSh('uname -r')]).toEqual(['rpool/ROOT/before-upgrade', 'running', oldKernel]);

    await vm.reboot();
    facts = await bootFacts(vm);
    expect([facts.root, facts.state, await vm.mustSh('uname -r')]).toEqual(['rpool/ROOT/pve-1', 'running', newKernel]);
  }, 25 * MINUTES);
});
