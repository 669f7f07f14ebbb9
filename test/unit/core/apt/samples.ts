// Hook input as apt 2.6 writes it for `DPkg::Tools::Options::<hook>::Version "3"`
// (format: research/ecosystem.md §5, apt's pkgDPkgPM::SendPkgsInfo). The config part is
// cut down from the ~160 lines apt really sends.

const CONFIG = [
  'VERSION 3',
  'APT::Architecture=amd64',
  'APT::Build-Essential::=build-essential',
  'APT::Install-Recommends=1',
  'Binary=apt-get',
  'CommandLine::AsString=apt-get%20dist-upgrade%20-y',
  'Dir=/',
  'Dir::Cache::archives=archives/',
  'DPkg::Pre-Install-Pkgs::=/usr/sbin/dpkg-preconfigure%20--apt%20||%20true',
  'DPkg::Pre-Install-Pkgs::=if%20[%20-x%20/usr/sbin/pve-bootenv%20];%20then%20/usr/sbin/pve-bootenv%20apt-hook;%20fi',
  'DPkg::Tools::Options::if::Version=3',
  'DPkg::Tools::Options::if::InfoFD=3',
  'Unattended-Upgrade::Origins-Pattern::=origin=Debian,codename=${distro_codename},label=Debian-Security',
  '',
];

const text = (lines: string[]): string => `${[...CONFIG, ...lines].join('\n')}\n`;
const ARCHIVES = '/var/cache/apt/archives';

/** `apt-get dist-upgrade` of three Proxmox packages, and a package only configured. */
export const UPGRADE = text([
  `libpve-common-perl 8.2.2 all foreign < 8.2.3 all foreign ${ARCHIVES}/libpve-common-perl_8.2.3_all.deb`,
  `proxmox-widget-toolkit 4.2.3 all none < 4.2.4 all none ${ARCHIVES}/proxmox-widget-toolkit_4.2.4_all.deb`,
  `pve-manager 8.2.4 amd64 none < 8.2.7 amd64 none ${ARCHIVES}/pve-manager_8.2.7_amd64.deb`,
  'libpve-common-perl 8.2.2 all foreign < 8.2.3 all foreign **CONFIGURE**',
  'proxmox-widget-toolkit 4.2.3 all none < 4.2.4 all none **CONFIGURE**',
  'man-db 2.11.2-2 amd64 foreign = 2.11.2-2 amd64 foreign **CONFIGURE**',
  'pve-manager 8.2.4 amd64 none < 8.2.7 amd64 none **CONFIGURE**',
]);

/** `apt-get install sl cowsay`: two new packages and a new dependency (the real run of §5). */
export const INSTALL = text([
  `libtext-charwidth-perl - - none < 0.04-11 amd64 same ${ARCHIVES}/libtext-charwidth-perl_0.04-11_amd64.deb`,
  `cowsay - - none < 3.03+dfsg2-8 all none ${ARCHIVES}/cowsay_3.03+dfsg2-8_all.deb`,
  `sl - - none < 5.02-1+b1 amd64 none ${ARCHIVES}/sl_5.02-1+b1_amd64.deb`,
  'libtext-charwidth-perl - - none < 0.04-11 amd64 same **CONFIGURE**',
  'cowsay - - none < 3.03+dfsg2-8 all none **CONFIGURE**',
  'sl - - none < 5.02-1+b1 amd64 none **CONFIGURE**',
]);

/** `apt-get remove sl` (the real run of §5). */
export const REMOVE = text(['sl 5.02-1+b1 amd64 none > - - none **REMOVE**']);

/** `apt-get reinstall cowsay`. */
export const REINSTALL = text([
  `cowsay 3.03+dfsg2-8 all none = 3.03+dfsg2-8 all none ${ARCHIVES}/cowsay_3.03+dfsg2-8_all.deb`,
  'cowsay 3.03+dfsg2-8 all none = 3.03+dfsg2-8 all none **CONFIGURE**',
]);

/** A Proxmox kernel upgrade: the meta package moves to a new ABI, pulling in its image. */
export const KERNEL = text([
  `proxmox-kernel-6.8.12-5-pve-signed - - none < 6.8.12-5 amd64 none ${ARCHIVES}/proxmox-kernel-6.8.12-5-pve-signed_6.8.12-5_amd64.deb`,
  `proxmox-kernel-6.8 6.8.12-4 all none < 6.8.12-5 all none ${ARCHIVES}/proxmox-kernel-6.8_6.8.12-5_all.deb`,
  `proxmox-kernel-helper 8.1.0 all none < 8.1.1 all none ${ARCHIVES}/proxmox-kernel-helper_8.1.1_all.deb`,
  'proxmox-kernel-6.8.12-5-pve-signed - - none < 6.8.12-5 amd64 none **CONFIGURE**',
  'proxmox-kernel-6.8 6.8.12-4 all none < 6.8.12-5 all none **CONFIGURE**',
  'proxmox-kernel-helper 8.1.0 all none < 8.1.1 all none **CONFIGURE**',
]);

/** A Multi-Arch: same library in two architectures, and a downgrade. */
export const MULTIARCH = text([
  `libc6 2.36-9+deb12u7 amd64 same < 2.36-9+deb12u8 amd64 same ${ARCHIVES}/libc6_2.36-9+deb12u8_amd64.deb`,
  `libc6 2.36-9+deb12u7 i386 same < 2.36-9+deb12u8 i386 same ${ARCHIVES}/libc6_2.36-9+deb12u8_i386.deb`,
  `zfsutils-linux 2.2.6-pve1 amd64 foreign > 2.2.4-pve1 amd64 foreign ${ARCHIVES}/zfsutils-linux_2.2.4-pve1_amd64.deb`,
  'libc6 2.36-9+deb12u7 amd64 same < 2.36-9+deb12u8 amd64 same **CONFIGURE**',
  'libc6 2.36-9+deb12u7 i386 same < 2.36-9+deb12u8 i386 same **CONFIGURE**',
  'zfsutils-linux 2.2.6-pve1 amd64 foreign > 2.2.4-pve1 amd64 foreign **CONFIGURE**',
]);

/** Only a configure of an already unpacked package: nothing changes. */
export const CONFIGURE_ONLY = text(['man-db 2.11.2-2 amd64 foreign = 2.11.2-2 amd64 foreign **CONFIGURE**']);

/** The header and config with no action line at all. */
export const NOTHING = text([]);

export { CONFIG };
