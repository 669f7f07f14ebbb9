import { describe, expect, test } from '@jest/globals';
import { grubDefaultCmdline } from '../../../../src/core/bootfiles/grub-default.js';

// /etc/default/grub as the Proxmox installer writes it for a ZFS root.
const proxmox = `# If you change this file, run 'update-grub' afterwards to update
GRUB_DEFAULT=0
GRUB_TIMEOUT=5
GRUB_DISTRIBUTOR=\`lsb_release -i -s 2> /dev/null || echo Debian\`
GRUB_CMDLINE_LINUX_DEFAULT="quiet"
GRUB_CMDLINE_LINUX="root=ZFS=rpool/ROOT/pve-1 boot=zfs"
`;

describe('the kernel command line of a GRUB host', () => {
  test('GRUB_CMDLINE_LINUX, then GRUB_CMDLINE_LINUX_DEFAULT, as 10_linux joins them', () => {
    expect(grubDefaultCmdline([proxmox])).toBe('root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet');
  });

  test('grub.d snippets after the main file, with $VAR and ${VAR} expansion and single quotes', () => {
    const snippet = `GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX intel_iommu=on"  # IOMMU\nexport GRUB_CMDLINE_LINUX_DEFAULT='quiet splash'\nGRUB_CMDLINE_LINUX=\${GRUB_CMDLINE_LINUX}' iommu=pt'\n`;
    expect(grubDefaultCmdline([proxmox, snippet])).toBe('root=ZFS=rpool/ROOT/pve-1 boot=zfs intel_iommu=on iommu=pt quiet splash');
  });

  test('escapes inside double quotes', () => {
    expect(grubDefaultCmdline(['GRUB_CMDLINE_LINUX="dyndbg=\\"file a.c +p\\""\n'])).toBe('dyndbg="file a.c +p"');
  });

  test('gives up on what it cannot read when it touches the command line, not otherwise', () => {
    expect(grubDefaultCmdline([proxmox, 'GRUB_CMDLINE_LINUX="$(cat /x)"\n'])).toBeUndefined();
    expect(grubDefaultCmdline([proxmox, 'if true; then GRUB_CMDLINE_LINUX=x; fi\n'])).toBeUndefined();
    expect(grubDefaultCmdline([proxmox, 'GRUB_CMDLINE_LINUX="unterminated\n'])).toBeUndefined();
    expect(grubDefaultCmdline([proxmox, 'GRUB_TERMINAL="serial console"; GRUB_SERIAL_COMMAND=x\n'])).toBe('root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet');
  });

  test('files that set neither: undefined', () => {
    expect(grubDefaultCmdline(['GRUB_TIMEOUT=5\n'])).toBeUndefined();
    expect(grubDefaultCmdline([])).toBeUndefined();
  });
});
