// Which boot loader started the running system, from the LoaderInfo EFI variable of the
// Boot Loader Interface. systemd-boot sets it on every boot ("systemd-boot 257.9-1~deb13u1");
// so does GRUB 2.12 once its bli module is loaded, which Debian 13's /etc/grub.d/25_bli does
// ("GRUB 2.12"): the variable being there says nothing, its value does.
export type LoaderOfInfo = 'systemd-boot' | 'grub' | 'other';

/** The boot loader a LoaderInfo value names; undefined when there is none (no BLI boot loader). */
export function loaderOfInfo(info: string | undefined): LoaderOfInfo | undefined {
  if (info === undefined || info === '') return undefined;
  if (/^systemd-boot(\s|$)/.test(info)) return 'systemd-boot';
  if (/^GRUB(\s|$)/i.test(info)) return 'grub';
  return 'other';
}
