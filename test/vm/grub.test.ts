// GRUB hosts (Proxmox's Secure Boot path): the guest's ESPs in proxmox-boot-tool's GRUB
// mode, booting GRUB under OVMF, the command line in /etc/default/grub and no
// /etc/kernel/cmdline, as the Proxmox installer leaves such a host. The reboot claims of
// the systemd-boot tests, on GRUB: the sync's menu boots the default BE; create --activate
// boots the new BE; after a kernel upgrade there, the older BE boots once with its own old
// kernel through activate --next-boot (GRUB's next_entry), then the default again.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { loaderVariable } from './harness/guest.js';
import { onEachEsp } from './harness/esp.js';
import { baseImage, vmRelease } from './harness/image.js';
import { startWithPveBootenv } from './fixtures/guest-setup.js';
import { convertToGrubMode, grubBootFacts } from './fixtures/grub-mode.js';
import type { TestVm } from './harness/vm.js';

const MINUTES = 60_000;
const { kernel: oldKernel, upgradeKernel: newKernel } = baseImage();
const MENU = 'EFI/pve-bootenv/grub-menu.cfg';

describe('GRUB-mode host', () => {
  let vm: TestVm;

  const flags = async () =>
    Object.fromEntries(
      (JSON.parse(await vm.mustSh('pve-bootenv list --json')) as { bootEnvironments: Array<{ name: string; flags: string; esps: string[] | null }> }).bootEnvironments.map(
        (row) => [row.name, `${row.flags} ${row.esps?.length ?? 0}`],
      ),
    );
  /** next_entry in each ESP's grubenv ('' where unset). */
  const nextEntries = async () => onEachEsp(vm, "sed -n 's/^next_entry=//p' $esp/grub/grubenv");
  /** The menu's default line on each ESP. */
  const menuDefaults = async () => onEachEsp(vm, `sed -n "s/^  set default=//p" $esp/${MENU}`);

  beforeAll(async () => {
    vm = await startWithPveBootenv();
    await convertToGrubMode(vm);
    // Proxmox's GRUB hosts have no /etc/kernel/cmdline: the sync takes /etc/default/grub's.
    await vm.mustSh('rm /etc/kernel/cmdline');
    await vm.mustSh('pve-bootenv sync');
    await vm.reboot();
  }, 20 * MINUTES);
  afterAll(async () => vm?.dispose(), MINUTES);

  test('GRUB boots the default BE from our menu on every ESP, with the command line of /etc/default/grub; check and list agree', async () => {
    const facts = await grubBootFacts(vm);
    expect(facts.root).toBe('rpool/ROOT/pve-1');
    // Debian 13's kernel versions have a "+" (6.12.107+deb13-amd64): matched as text.
    expect(facts.bootImage).toMatch(new RegExp(`^/EFI/pve-bootenv/vmlinuz-${oldKernel.replace(/[.+]/g, '\\$&')}-[0-9a-f]{64}$`));
    expect(facts.cmdline).toContain('root=ZFS=rpool/ROOT/pve-1 boot=zfs console=ttyS0,115200');
    // Not systemd-boot: GRUB 2.12's bli module (Debian 13) names itself there, GRUB 2.06 sets nothing.
    expect(await loaderVariable(vm, 'LoaderInfo')).toMatch(vmRelease() === 'bookworm' ? /^$/ : /^GRUB 2\.12/);
    expect(await vm.mustSh('systemctl is-system-running --wait || true', { timeoutMs: 3 * MINUTES })).toBe('running');

    for (const listing of await onEachEsp(vm, `grep -c ${MENU} $esp/grub/grub.cfg; grep -c "^  menuentry " $esp/${MENU}; ls $esp/EFI/pve-bootenv $esp/loader/entries`)) {
      const lines = listing.split('\n');
      expect(lines.slice(0, 2)).toEqual(['2', '1']); // grub.cfg: the -f test and the source line
      expect(lines.filter((l) => l.startsWith('vmlinuz-') || l.startsWith('initrd.img-'))).toHaveLength(2);
      expect(lines.filter((l) => l.startsWith('pve-bootenv-'))).toEqual([]); // no loader entries on a GRUB ESP
    }
    expect(await menuDefaults()).toEqual([`'pve-bootenv>pve-bootenv-pve-1-${oldKernel}'`, `'pve-bootenv>pve-bootenv-pve-1-${oldKernel}'`]);
    expect(await flags()).toEqual({ 'pve-1': 'NR 2' });
    expect((await vm.sh('pve-bootenv check')).code).toBe(0);
    expect(await vm.mustSh('pve-bootenv sync')).toMatch(/up to date[\s\S]*up to date/);
  }, 10 * MINUTES);

  test('create --activate: the new BE boots', async () => {
    await vm.mustSh('pve-bootenv create be1 --activate');
    expect(await menuDefaults()).toEqual([`'pve-bootenv>pve-bootenv-be1-${oldKernel}'`, `'pve-bootenv>pve-bootenv-be1-${oldKernel}'`]);
    await vm.reboot();
    const facts = await grubBootFacts(vm);
    expect([facts.root, facts.kernel]).toEqual(['rpool/ROOT/be1', oldKernel]);
    expect(facts.cmdline).toContain('root=ZFS=rpool/ROOT/be1 boot=zfs console=ttyS0,115200');
    expect(await flags()).toEqual({ 'pve-1': '- 2', be1: 'NR 2' });
  }, 10 * MINUTES);

  test('after a kernel upgrade in be1, pve-1 boots once with its own old kernel (next-boot), then be1 with the new one', async () => {
    // The kernel package: its files, then its postinst hooks (proxmox-boot-tool's, then ours).
    await vm.mustSh(`tar -C / -xf /var/lib/pve-bootenv-test/kernel-${newKernel}.tar`);
    await vm.mustSh(`for h in zz-proxmox-boot zzz-pve-bootenv; do /etc/kernel/postinst.d/$h ${newKernel} /boot/vmlinuz-${newKernel}; done`, { timeoutMs: 10 * MINUTES });
    // Autoremove of the old kernel: its files, then proxmox-boot-tool drops it from the ESPs' root.
    await vm.mustSh(`rm -rf /boot/*-${oldKernel} /usr/lib/modules/${oldKernel}`);
    await vm.mustSh(`for h in zz-proxmox-boot zzz-pve-bootenv; do /etc/kernel/postrm.d/$h ${oldKernel} /boot/vmlinuz-${oldKernel}; done`, { timeoutMs: 10 * MINUTES });

    for (const listing of await onEachEsp(vm, `ls $esp; grep -o "menuentry '[^']*' --class gnu-linux --id [^ ]*" $esp/${MENU}`)) {
      expect(listing).toContain(`vmlinuz-${newKernel}`);
      expect(listing).not.toContain(`vmlinuz-${oldKernel}\n`); // proxmox-boot-tool removed it from the ESP's root
      expect(listing).toContain(`--id pve-bootenv-be1-${newKernel}`);
      expect(listing).toContain(`--id pve-bootenv-pve-1-${oldKernel}`);
    }
    expect(await menuDefaults()).toEqual([`'pve-bootenv>pve-bootenv-be1-${newKernel}'`, `'pve-bootenv>pve-bootenv-be1-${newKernel}'`]);

    expect(await vm.mustSh('pve-bootenv activate pve-1 --next-boot')).toContain('pve-1');
    expect(await nextEntries()).toEqual([`pve-bootenv>pve-bootenv-pve-1-${oldKernel}`, `pve-bootenv>pve-bootenv-pve-1-${oldKernel}`]);
    expect(await flags()).toEqual({ 'pve-1': 'T 2', be1: 'NR 2' });

    await vm.reboot();
    let facts = await grubBootFacts(vm);
    expect([facts.root, facts.kernel]).toEqual(['rpool/ROOT/pve-1', oldKernel]);
    // GRUB cleared the choice where it booted from; the boot-once service on the other ESP.
    expect(await vm.mustSh('systemctl is-system-running --wait || true', { timeoutMs: 3 * MINUTES })).toBe('running');
    expect(await nextEntries()).toEqual(['', '']);
    expect(await flags()).toEqual({ 'pve-1': 'N 2', be1: 'R 2' });

    await vm.reboot();
    facts = await grubBootFacts(vm);
    expect([facts.root, facts.kernel]).toEqual(['rpool/ROOT/be1', newKernel]);
    expect((await vm.sh('pve-bootenv check')).code).toBe(0);
  }, 25 * MINUTES);
});
