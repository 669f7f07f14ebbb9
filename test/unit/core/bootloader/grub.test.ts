import { describe, expect, test } from '@jest/globals';
import { grubSetupProblems, grubStrategy as grub, MENU_NOT_SOURCED, type GrubState } from '../../../../src/core/bootloader/grub.js';
import { renderGrubMenu } from '../../../../src/core/bootfiles/grub-menu.js';
import { parseLoaderEntry } from '../../../../src/core/bootfiles/loader-entry.js';
import { GRUB_MENU } from '../../../../src/core/esp/layout.js';
import { byKey, entry } from './entries.js';

const UUID = '1234-ABCD';
const menuOf = (defaultEntry: string | undefined, entries: ReturnType<typeof entry>[]) =>
  renderGrubMenu({ defaultEntry, entries: entries.map((e) => ({ name: e.name, entry: parseLoaderEntry(e.text) })) }, UUID);
const state = (menu: string): GrubState => ({ id: 'grub', fsUuid: UUID, menu });
const plan = (menu: string, wanted: ReturnType<typeof entry>[], defaultEntry: string | undefined) => {
  const s = state(menu);
  // The menu's entries on the ESP play no part: the menu is written whole or not at all.
  return grub.planEntries({ state: s, current: new Map(), wanted: byKey(wanted), defaultEntry, currentDefault: grub.currentDefault(s), defaultNow: undefined });
};

describe('GRUB: one menu file of ours', () => {
  test("the default is the menu's; an unreadable menu has none, for check too (the sync rewrites it whole)", () => {
    const a = entry('a');
    expect(grub.currentDefault(state(menuOf(a.name, [a])))).toBe(a.name);
    expect(grub.currentDefault(state('garbage {\n'))).toBeUndefined();
    expect(grub.checkedDefault(state('garbage {\n'))).toEqual({ entry: undefined });
    expect(grub.checkedDefault(state(menuOf(a.name, [a])))).toEqual({ entry: a.name });
  });

  test('entries and default are one write of the whole menu, nothing removed alone', () => {
    const [a, b] = [entry('a'), entry('b')];
    const result = plan('', [a, b], b.name);
    expect(result).toEqual({ removals: [], writes: [{ op: 'write-grub-menu', text: menuOf(b.name, [a, b]) }], removalsAfterDefault: [] });
  });

  test('the same menu again is no write', () => {
    const [a, b] = [entry('a'), entry('b')];
    expect(plan(menuOf(a.name, [a, b]), [a, b], a.name).writes).toEqual([]);
  });

  test('no default named: the menu keeps its own while that entry stays, else has none', () => {
    const [a, b] = [entry('a'), entry('b')];
    expect(plan(menuOf(b.name, [a, b]), [a, b], undefined).writes).toEqual([]);
    expect(plan(menuOf(b.name, [a, b]), [a], undefined).writes).toEqual([{ op: 'write-grub-menu', text: menuOf(undefined, [a]) }]);
    // A default that is not wanted is not written into the menu.
    expect(plan('', [a], 'pve-bootenv-gone-1.conf').writes).toEqual([{ op: 'write-grub-menu', text: menuOf(undefined, [a]) }]);
  });

  test('no fast path for a single entry: only a full plan writes the menu', () => {
    expect(grub.addEntries).toBeUndefined();
  });

  test('its action writes our menu file', () => {
    expect(grub.changeOf({ op: 'write-grub-menu', text: 'x' })).toEqual({ write: GRUB_MENU, text: 'x' });
  });

  test("setup: a grub.cfg that does not source our menu is a problem for the sync and for check ('proxmox-boot-tool refresh')", () => {
    expect(grubSetupProblems(`if [ -f ${'$'}prefix/../${GRUB_MENU} ]; then\n  source ${'$'}prefix/../${GRUB_MENU}\nfi\n`)).toEqual([]);
    expect(grubSetupProblems('')).toEqual([MENU_NOT_SOURCED]);
    expect(MENU_NOT_SOURCED).toEqual({
      warning: "its grub.cfg does not show the boot environments yet; run 'proxmox-boot-tool refresh' once (it runs update-grub, which adds them)",
      finding: {
        message: "its grub.cfg does not source pve-bootenv's menu: GRUB shows no boot environment and boots proxmox-boot-tool's default",
        fix: 'proxmox-boot-tool refresh',
      },
    });
  });

  test('check names it GRUB and its default the GRUB menu', () => {
    expect(grub.wording).toEqual({ defaultSource: 'the GRUB menu', name: 'GRUB', withoutDefault: "GRUB boots proxmox-boot-tool's default" });
  });
});
