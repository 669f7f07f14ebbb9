import { describe, expect, test } from '@jest/globals';
import { entryNameOfGrubPath, grubEntryPath, grubQuote, parseGrubMenu, renderGrubMenu, type GrubMenu } from '../../../../src/core/bootfiles/grub-menu.js';
import { parseLoaderEntry } from '../../../../src/core/bootfiles/loader-entry.js';
import { wantedEntry } from '../../../../src/core/sync/entry-text.js';
import { BootFileError } from '../../../../src/core/bootfiles/errors.js';

const KVER = '6.8.12-4-pve';
const file = (kind: 'vmlinuz' | 'initrd.img') => ({ kind, kver: KVER, sha256: 'a'.repeat(64), size: 1, source: `/boot/${kind}-${KVER}` });
const entryOf = (be: string, cmdline: string[], description?: string) => {
  const wanted = wantedEntry({ be, kver: KVER, cmdline, created: 1_700_000_000, origin: 'apt', ...(description ? { description } : {}) }, file('vmlinuz'), file('initrd.img'));
  return { name: wanted.name, entry: parseLoaderEntry(wanted.text) };
};

describe('the GRUB menu of boot environments', () => {
  const menu: GrubMenu = {
    defaultEntry: `pve-bootenv-pve-1-${KVER}.conf`,
    entries: [entryOf('pve-1', ['root=ZFS=rpool/ROOT/pve-1', 'boot=zfs']), entryOf('apt-2', ['root=ZFS=rpool/ROOT/apt-2', 'boot=zfs', 'quiet'])],
  };

  test('renders a submenu, the default unless GRUB boots a one-shot entry, and entries that find their files on this ESP', () => {
    expect(renderGrubMenu(menu, '1234-ABCD')).toBe(
      [
        '# Written by pve-bootenv sync: the boot environments on this ESP. Do not edit, the next',
        '# sync rewrites it; grub.cfg sources it (/etc/grub.d/42_pve-bootenv).',
        'if [ -z "${boot_once}" ]; then',
        `  set default='pve-bootenv>pve-bootenv-pve-1-${KVER}'`,
        'fi',
        "submenu 'Boot environments' --id pve-bootenv {",
        `  menuentry 'pve-1 (2023-11-14 22:13 UTC, apt), Linux ${KVER}' --class gnu-linux --id pve-bootenv-pve-1-${KVER} {`,
        `    # version ${KVER}`,
        '    insmod part_gpt',
        '    insmod fat',
        '    search --no-floppy --fs-uuid --set=root 1234-ABCD',
        `    linux /EFI/pve-bootenv/vmlinuz-${KVER}-${'a'.repeat(64)} root=ZFS=rpool/ROOT/pve-1 boot=zfs`,
        `    initrd /EFI/pve-bootenv/initrd.img-${KVER}-${'a'.repeat(64)}`,
        '  }',
        `  menuentry 'apt-2 (2023-11-14 22:13 UTC, apt), Linux ${KVER}' --class gnu-linux --id pve-bootenv-apt-2-${KVER} {`,
        `    # version ${KVER}`,
        '    insmod part_gpt',
        '    insmod fat',
        '    search --no-floppy --fs-uuid --set=root 1234-ABCD',
        `    linux /EFI/pve-bootenv/vmlinuz-${KVER}-${'a'.repeat(64)} root=ZFS=rpool/ROOT/apt-2 boot=zfs quiet`,
        `    initrd /EFI/pve-bootenv/initrd.img-${KVER}-${'a'.repeat(64)}`,
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('parses back to the same entries and default, so plans and check compare them as loader entries', () => {
    expect(parseGrubMenu(renderGrubMenu(menu, '1234-ABCD'))).toEqual(menu);
    const none = { defaultEntry: undefined, entries: [] };
    expect(parseGrubMenu(renderGrubMenu(none, '1234-ABCD'))).toEqual(none);
  });

  test("quotes what GRUB would expand or split: titles with quotes, '$', spaces in a kernel parameter", () => {
    const odd = { defaultEntry: undefined, entries: [entryOf('x', ['root=ZFS=rpool/ROOT/x', 'dyndbg="file a.c +p"', 'x=$y;z'], "it's {odd}")] };
    const text = renderGrubMenu(odd, '1234-ABCD');
    expect(text).toContain(`linux /EFI/pve-bootenv/vmlinuz-${KVER}-${'a'.repeat(64)} root=ZFS=rpool/ROOT/x 'dyndbg="file a.c +p"' 'x=$y;z'`);
    expect(text).toContain("menuentry 'x (2023-11-14 22:13 UTC, apt: it'\\''s {odd}), Linux");
    expect(parseGrubMenu(text)).toEqual(odd);
  });

  test('a line it would not write, or an unclosed entry, is an error naming the line', () => {
    expect(() => parseGrubMenu('chainloader /x\n')).toThrow(new BootFileError('unexpected "chainloader /x"', 1));
    expect(() => parseGrubMenu("menuentry 'a' --id a {\n")).toThrow(BootFileError);
    expect(() => parseGrubMenu("set default='0'\n")).toThrow(BootFileError);
  });

  test('control characters never reach the menu', () => {
    expect(() => grubQuote('a\nb')).toThrow(BootFileError);
  });

  test('menu paths of entries: submenu id > entry id, and back', () => {
    expect(grubEntryPath('pve-bootenv-a-6.1.0-1-amd64.conf')).toBe('pve-bootenv>pve-bootenv-a-6.1.0-1-amd64');
    expect(entryNameOfGrubPath('pve-bootenv>pve-bootenv-a-6.1.0-1-amd64')).toBe('pve-bootenv-a-6.1.0-1-amd64.conf');
    expect(entryNameOfGrubPath('gnulinux-advanced-x>gnulinux-6.1.0-1-amd64')).toBeUndefined();
    expect(entryNameOfGrubPath('pve-bootenv>')).toBeUndefined();
  });
});
