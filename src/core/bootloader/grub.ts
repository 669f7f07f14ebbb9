// GRUB's way, on proxmox-boot-tool's GRUB-mode ESPs: our entries and the default are one
// menu file of ours (EFI/pve-bootenv/grub-menu.cfg, see bootfiles/grub-menu.ts) that the
// ESP's grub.cfg sources. The plan writes it whole, so steps 3 and 4 (entries, default) are
// one atomic write, and entries no longer wanted leave with it: nothing is removed alone.
import { grubMenuDefault, renderGrubMenu } from '../bootfiles/grub-menu.js';
import { parseLoaderEntry } from '../bootfiles/loader-entry.js';
import { GRUB_MENU, pathKey } from '../esp/layout.js';
import type { BootloaderStrategy, SetupProblem } from './strategy.js';

/** proxmox-boot-tool's sign of a GRUB-mode ESP (Secure Boot hosts: shim + GRUB). */
export const GRUB_MARKER = 'EFI/proxmox/grubx64.efi';
/** grub.cfg, where proxmox-boot-tool's grub-install puts it (update-grub regenerates it). */
export const GRUB_CFG = 'grub/grub.cfg';

export interface GrubState {
  id: 'grub';
  /** The ESP's vfat UUID: the menu's entries find their files by it. */
  fsUuid: string;
  /** Our menu file's text ('' if there is none). */
  menu: string;
}

/** Our whole menu, entries and default at once. */
export type GrubAction = { op: 'write-grub-menu'; text: string };

export const grubStrategy: BootloaderStrategy<GrubState, GrubAction> = {
  id: 'grub',
  ops: ['write-grub-menu'],

  currentDefault({ menu }) {
    return grubMenuDefault(menu);
  },

  // An unreadable menu has no default, for check too: the sync rewrites it whole.
  checkedDefault({ menu }) {
    return { entry: grubMenuDefault(menu) };
  },

  planEntries({ state, wanted, defaultEntry, currentDefault }) {
    // The default stays where it is when the caller names none and that entry stays.
    const keep = (name: string | undefined) => (name !== undefined && wanted.has(pathKey(name)) ? name : undefined);
    const menu = renderGrubMenu(
      { defaultEntry: keep(defaultEntry) ?? keep(currentDefault), entries: [...wanted.values()].map((e) => ({ name: e.name, entry: parseLoaderEntry(e.text) })) },
      state.fsUuid,
    );
    return { removals: [], writes: menu === state.menu ? [] : [{ op: 'write-grub-menu', text: menu }], removalsAfterDefault: [] };
  },

  // No addEntries: the entries are one menu file, which only a full plan writes.

  changeOf(action) {
    return { write: GRUB_MENU, text: action.text };
  },

  wording: { defaultSource: 'the GRUB menu', name: 'GRUB', withoutDefault: "GRUB boots proxmox-boot-tool's default" },
};

/** The ESP's grub.cfg (update-grub's, under proxmox-boot-tool) does not source our menu. */
export const MENU_NOT_SOURCED: SetupProblem = {
  warning: "its grub.cfg does not show the boot environments yet; run 'proxmox-boot-tool refresh' once (it runs update-grub, which adds them)",
  finding: {
    message: "its grub.cfg does not source pve-bootenv's menu: GRUB shows no boot environment and boots proxmox-boot-tool's default",
    fix: 'proxmox-boot-tool refresh',
  },
};

/**
 * What keeps GRUB from showing our menu, given the ESP's grub.cfg ('' if it cannot be read):
 * our /etc/grub.d/42_pve-bootenv makes update-grub write a line that sources it.
 */
export function grubSetupProblems(grubCfg: string): SetupProblem[] {
  return grubCfg.includes(GRUB_MENU) ? [] : [MENU_NOT_SOURCED];
}
