import { describe, expect, test } from '@jest/globals';
import { grubDefaultCmdline, type GrubDefaultCmdline } from '../../../../src/core/bootfiles/grub-default.js';
import { MAX_CMDLINE_BYTES } from '../../../../src/core/bootfiles/kernel-cmdline.js';

// /etc/default/grub as the Proxmox installer writes it for a ZFS root.
const proxmox = `# If you change this file, run 'update-grub' afterwards to update
GRUB_DEFAULT=0
GRUB_TIMEOUT=5
GRUB_DISTRIBUTOR=\`lsb_release -i -s 2> /dev/null || echo Debian\`
GRUB_CMDLINE_LINUX_DEFAULT="quiet"
GRUB_CMDLINE_LINUX="root=ZFS=rpool/ROOT/pve-1 boot=zfs"
`;

const cmdline = (text: string): GrubDefaultCmdline => ({ kind: 'cmdline', cmdline: text });

describe('the kernel command line of a GRUB host', () => {
  test('GRUB_CMDLINE_LINUX, then GRUB_CMDLINE_LINUX_DEFAULT, as 10_linux joins them', () => {
    expect(grubDefaultCmdline([proxmox])).toEqual(cmdline('root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet'));
  });

  test('grub.d snippets after the main file, with $VAR and ${VAR} expansion and single quotes', () => {
    const snippet = `GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX intel_iommu=on"  # IOMMU\nexport GRUB_CMDLINE_LINUX_DEFAULT='quiet splash'\nGRUB_CMDLINE_LINUX=\${GRUB_CMDLINE_LINUX}' iommu=pt'\n`;
    expect(grubDefaultCmdline([proxmox, snippet])).toEqual(cmdline('root=ZFS=rpool/ROOT/pve-1 boot=zfs intel_iommu=on iommu=pt quiet splash'));
  });

  test('escapes inside double quotes', () => {
    expect(grubDefaultCmdline(['GRUB_CMDLINE_LINUX="dyndbg=\\"file a.c +p\\""\n'])).toEqual(cmdline('dyndbg="file a.c +p"'));
  });

  test('refuses what it cannot read when it touches the command line, saying which line; ignores it otherwise', () => {
    expect(grubDefaultCmdline([proxmox, 'GRUB_CMDLINE_LINUX="$(cat /x)"\n'])).toEqual({
      kind: 'refused',
      why: 'a "$" that is not $NAME or ${NAME}: "GRUB_CMDLINE_LINUX=\\"$(cat /x)\\""',
      file: 1,
      line: 1,
    });
    expect(grubDefaultCmdline([proxmox, '\nif true; then GRUB_CMDLINE_LINUX=x; fi\n'])).toMatchObject({ kind: 'refused', file: 1, line: 2 });
    expect(grubDefaultCmdline([proxmox, 'GRUB_CMDLINE_LINUX="unterminated\n'])).toMatchObject({ kind: 'refused', why: expect.stringMatching(/^an unterminated quote/) });
    expect(grubDefaultCmdline([proxmox, 'GRUB_TERMINAL="serial console"; GRUB_SERIAL_COMMAND=x\n'])).toEqual(cmdline('root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet'));
  });

  test('a variable set by a line it cannot read is not taken as empty when the command line uses it', () => {
    // Before: X was left unset, so the command line silently lost "$X".
    const files = [proxmox, 'X="$(cat /etc/extra-args)"\nGRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX $X"\n'];
    expect(grubDefaultCmdline(files)).toMatchObject({ kind: 'refused', why: expect.stringMatching(/^\$X comes from a line this reader cannot follow/), file: 1, line: 2 });
    // Set again by a line it can read, X is known again.
    expect(grubDefaultCmdline([...files.slice(0, 1), 'X=$(cat /x)\nX=iommu=pt\nGRUB_CMDLINE_LINUX="$X"\n'])).toEqual(cmdline('iommu=pt quiet'));
  });

  test('files that set neither: none', () => {
    expect(grubDefaultCmdline(['GRUB_TIMEOUT=5\n'])).toEqual({ kind: 'none' });
    expect(grubDefaultCmdline([])).toEqual({ kind: 'none' });
  });
});

describe('the kernel\'s limit (COMMAND_LINE_SIZE)', () => {
  const doubling = (lines: number) =>
    ['GRUB_CMDLINE_LINUX="root=ZFS=rpool/ROOT/pve-1 boot=zfs"', ...Array<string>(lines).fill('GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX$GRUB_CMDLINE_LINUX"')].join('\n');

  test('a value that doubles on every line is refused once it passes the limit, quickly (it threw RangeError at 30 lines)', () => {
    for (const lines of [24, 30, 1000]) {
      const started = performance.now();
      const result = grubDefaultCmdline([doubling(lines)]);
      expect(performance.now() - started).toBeLessThan(100);
      // 34 characters doubled 7 times are 4352 bytes: line 8 of the file is the first too long.
      expect(result).toMatchObject({ kind: 'refused', why: expect.stringMatching(new RegExp(`^the kernel command line is 4352 bytes long; the kernel takes at most ${MAX_CMDLINE_BYTES}`)), file: 0, line: 8 });
    }
  });

  test('a value that stays below the limit is kept', () => {
    expect(grubDefaultCmdline([doubling(6)])).toMatchObject({ kind: 'cmdline', cmdline: expect.stringMatching(/^root=ZFS=rpool\/ROOT\/pve-1 boot=zfs(root=|$)/) });
  });

  test('a command line of exactly the limit is kept; one byte more is refused, counted in UTF-8 bytes', () => {
    const at = (bytes: number) => `GRUB_CMDLINE_LINUX="${'a'.repeat(bytes)}"\n`;
    expect(grubDefaultCmdline([at(MAX_CMDLINE_BYTES)])).toMatchObject({ kind: 'cmdline' });
    expect(grubDefaultCmdline([at(MAX_CMDLINE_BYTES + 1)])).toMatchObject({ kind: 'refused', file: 0, line: 1 });
    // "é" is two bytes: half as many characters are too many.
    expect(grubDefaultCmdline([`GRUB_CMDLINE_LINUX="${'é'.repeat(2048)}"\n`])).toMatchObject({ kind: 'refused' });
  });

  test('the two variables joined are refused when together they are too long', () => {
    const half = 'a'.repeat(2048);
    const result = grubDefaultCmdline([`GRUB_CMDLINE_LINUX="${half}"\nGRUB_CMDLINE_LINUX_DEFAULT="${half}"\n`]);
    expect(result).toEqual({ kind: 'refused', why: expect.stringMatching(/^GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT: the kernel command line is 4097 bytes long/) });
  });

  test('a variable that has nothing to do with the command line may grow too long: only using it is refused', () => {
    const growing = ['X=abcdefgh', ...Array<string>(30).fill('X="$X$X"')].join('\n');
    expect(grubDefaultCmdline([proxmox, growing])).toEqual(cmdline('root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet'));
    expect(grubDefaultCmdline([proxmox, `${growing}\nGRUB_CMDLINE_LINUX="$X"`])).toMatchObject({ kind: 'refused', line: 32 });
  });
});
