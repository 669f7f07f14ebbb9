import { describe, expect, test } from '@jest/globals';
import { espChangeOf, strategyOf, type BootloaderAction, type BootloaderId } from '../../../../src/core/bootloader/strategies.js';

const IDS: BootloaderId[] = ['systemd-boot', 'grub'];

describe('the boot loaders’ strategies', () => {
  test('each id has its strategy', () => {
    for (const id of IDS) expect(strategyOf(id).id).toBe(id);
    expect(() => strategyOf('lilo' as BootloaderId)).toThrow('no strategy for boot loader "lilo"');
  });

  test('each action op belongs to exactly one boot loader, and finds its file through it', () => {
    const ops = IDS.flatMap((id) => strategyOf(id).ops);
    expect(new Set(ops).size).toBe(ops.length);
    const actions: BootloaderAction[] = [
      { op: 'write-entry', name: 'pve-bootenv-a-1.conf', text: 'e' },
      { op: 'remove-entry', name: 'pve-bootenv-a-1.conf' },
      { op: 'set-default', entry: 'pve-bootenv-a-1.conf', loaderConf: 'default pve-bootenv-a-1.conf\n' },
      { op: 'write-grub-menu', text: 'm' },
    ];
    expect(actions.map(espChangeOf)).toEqual([
      { write: 'loader/entries/pve-bootenv-a-1.conf', text: 'e' },
      { remove: 'loader/entries/pve-bootenv-a-1.conf' },
      { write: 'loader/loader.conf', text: 'default pve-bootenv-a-1.conf\n' },
      { write: 'EFI/pve-bootenv/grub-menu.cfg', text: 'm' },
    ]);
  });

  test('check words the default of each', () => {
    expect(strategyOf('systemd-boot').wording).toEqual({ defaultSource: 'loader.conf', name: 'systemd-boot', withoutDefault: 'systemd-boot boots the first entry in its own order' });
    expect(strategyOf('grub').wording.defaultSource).toBe('the GRUB menu');
  });
});
