// What activate says, before it changes anything, about the /etc/pve a BE would bring
// back: one line per guest or file that differs (what the rollback loses first), after
// one line saying what this is; each line starts with what it is about ("VM 105: …",
// "storage.cfg differs"), so that it reads, and greps, on its own. Lines for stdout; a
// comparison that could not be made is a warning for stderr.
import type { GuestChange, FileChange } from '../../core/pve-config/etc-pve-diff.js';
import type { RollbackReport } from '../../engine/rollback-diff.js';
import { printable } from './printable.js';

/** A crafted BE could list thousands; --json has them all. */
export const MAX_ITEM_LINES = 40;
export const MAX_KEYS = 12;

export function renderRollbackReport(rollback: RollbackReport, be: string): { out: string[]; warnings: string[] } {
  // Paths, keys and messages come from the BE's own /etc/pve: one line each, whatever they hold.
  const { out, warnings } = rollbackLines(rollback, be);
  return { out: out.map(printable), warnings: warnings.map(printable) };
}

function rollbackLines(rollback: RollbackReport, be: string): { out: string[]; warnings: string[] } {
  switch (rollback.status) {
    case 'unreadable':
      return { out: [], warnings: [`${be}'s /etc/pve was not compared with the running host's: ${rollback.message}`] };
    case 'absent':
      return {
        out: [`${be} has no ${rollback.missing}: booted, it would start with an empty /etc/pve (no guests, storage or users; a cluster node gets its copy back from the cluster)`],
        warnings: [],
      };
    case 'compared': {
      const items = [...rollback.guests.map((g) => guestLine(g, be)), ...rollback.files.map((f) => fileLine(f, be))];
      if (items.length === 0 && rollback.hidden === 0) return { out: [], warnings: [] };
      const shown = items.length > MAX_ITEM_LINES ? [...items.slice(0, MAX_ITEM_LINES - 1), `… and ${items.length - MAX_ITEM_LINES + 1} more (--json lists them all)`] : items;
      if (rollback.hidden > 0) shown.push(`(${rollback.hidden} entries no path of /etc/pve can show were left out)`);
      return { out: [`booting ${be} brings back its own /etc/pve, which differs from the running host's:`, ...shown], warnings: [] };
    }
  }
}

function guestLine(guest: GuestChange, be: string): string {
  const name = `${guest.kind} ${guest.vmid}`;
  switch (guest.change) {
    case 'missing':
      return `${name}: has no configuration in ${be}`;
    case 'extra':
      return `${name}: exists only in ${be}: it would come back`;
    case 'differs':
      return `${name}: configuration differs${keyList(guest.keys ?? [])}`;
  }
}

function fileLine(file: FileChange, be: string): string {
  switch (file.change) {
    case 'missing':
      return `${file.path}: not in ${be}`;
    case 'extra':
      return `${file.path}: only in ${be}: it would come back`;
    case 'differs':
      return `${file.path} differs`;
  }
}

function keyList(keys: readonly string[]): string {
  if (keys.length === 0) return '';
  const shown = keys.length > MAX_KEYS ? [...keys.slice(0, MAX_KEYS), `… ${keys.length - MAX_KEYS} more`] : keys;
  return ` (${shown.join(', ')})`;
}
