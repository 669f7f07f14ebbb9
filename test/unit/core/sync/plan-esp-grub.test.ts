// The planner on a GRUB-mode ESP: the same files as on a systemd-boot ESP, but one menu
// file (entries and default together) instead of loader entries and loader.conf.
import { describe, expect, test } from '@jest/globals';
import { parseGrubMenu } from '../../../../src/core/bootfiles/grub-menu.js';
import { planEsp, type PlanEspInput } from '../../../../src/core/sync/plan-esp.js';
import type { EspSnapshot, WantedBe } from '../../../../src/core/sync/model.js';
import { apply, be, defaultBootsFiles, emptyGrubEsp, MiB } from './esp-model.js';

const defaults = { maxLoaded: 8, reserveBytes: 32 * MiB };
const plan = (esp: EspSnapshot, wanted: WantedBe[], extra: Partial<PlanEspInput> = {}) =>
  planEsp({ esp, wanted, defaultEntry: wanted[0]?.entries[0]?.name, ...defaults, ...extra });
const grubEsp = emptyGrubEsp;
const menuOf = (esp: EspSnapshot) => parseGrubMenu(esp.bootloader.id === 'grub' ? esp.bootloader.menu : '');

describe('planEsp on a GRUB-mode ESP', () => {
  test('files first, then the menu with every entry and the default in one write', () => {
    const wanted = [be('pve-1', 'default', [['6.8.12-4-pve', 'a']]), be('apt-2', 'newest', [['6.8.12-2-pve', 'b']])];
    const result = plan(grubEsp(), wanted);
    expect(result.bootloader).toBe('grub');
    expect(result.actions.map((a) => a.op)).toEqual(['write-file', 'write-file', 'write-file', 'write-file', 'write-grub-menu']);
    const after = apply(grubEsp(), result.actions);
    expect(menuOf(after).defaultEntry).toBe('pve-bootenv-pve-1-6.8.12-4-pve.conf');
    expect(after.entries.map((e) => e.name)).toEqual(['pve-bootenv-pve-1-6.8.12-4-pve.conf', 'pve-bootenv-apt-2-6.8.12-2-pve.conf']);
    expect(after.entries.map((e) => e.text)).toEqual(wanted.map((w) => w.entries[0]!.text));
    expect(plan(after, wanted).actions).toEqual([]);
  });

  test('a new default: the old default keeps its files until the menu has moved on', () => {
    const old = be('old', 'default', [['6.5.13-6-pve', 'o']]);
    const onEsp = apply(grubEsp(), plan(grubEsp(), [old]).actions);
    const next = be('pve-2', 'default', [['6.8.12-4-pve', 'n']]);
    const result = plan(onEsp, [next]);
    expect(result.actions.map((a) => a.op)).toEqual(['write-file', 'write-file', 'write-grub-menu', 'remove-file', 'remove-file']);
    // A crash after any action leaves the default booting files that exist.
    for (let i = 0; i <= result.actions.length; i++) {
      expect(defaultBootsFiles(apply(onEsp, result.actions.slice(0, i)))?.missing).toEqual([]);
    }
    expect(menuOf(apply(onEsp, result.actions)).defaultEntry).toBe('pve-bootenv-pve-2-6.8.12-4-pve.conf');
  });

  test('no default named: the menu keeps the one it has while that entry stays', () => {
    const wanted = [be('pve-1', 'default', [['6.8.12-4-pve', 'a']]), be('apt-2', 'newest', [['6.8.12-2-pve', 'b']])];
    const onEsp = apply(grubEsp(), plan(grubEsp(), wanted).actions);
    const again = plan(onEsp, [wanted[1]!, wanted[0]!], { defaultEntry: undefined });
    expect(menuOf(apply(onEsp, again.actions)).defaultEntry).toBe('pve-bootenv-pve-1-6.8.12-4-pve.conf');
  });

  test('an unreadable menu is rewritten whole', () => {
    const wanted = [be('pve-1', 'default', [['6.8.12-4-pve', 'a']])];
    const onEsp = apply(grubEsp(), plan(grubEsp(), wanted).actions);
    const broken: EspSnapshot = { ...onEsp, entries: [], bootloader: { id: 'grub', fsUuid: '1234-ABCD', menu: 'garbage {\n' } };
    expect(plan(broken, wanted).actions.map((a) => a.op)).toEqual(['write-grub-menu']);
  });
});
