import { describeControlChar } from './control-chars.js';
import { splitLines } from './text-lines.js';

/** One ESP proxmox-boot-tool keeps in sync. */
export interface EspListEntry {
  /** vfat volume id, upper case as in /dev/disk/by-uuid (e.g. `1A2B-3C4D`). */
  uuid: string;
  /** Second word `grub`: the ESP boots through GRUB rather than systemd-boot. */
  grub: boolean;
}

export interface EspList {
  esps: EspListEntry[];
  /** One message per skipped line, naming the line: for the caller to warn about. */
  problems: string[];
}

const VFAT_UUID = /^[0-9a-fA-F]{4}-[0-9a-fA-F]{4}$/;

/**
 * Parses `/etc/kernel/proxmox-boot-uuids` (or the legacy `pve-efiboot-uuids`). A bad line
 * is not fatal, as in proxmox-boot-tool, which warns and goes on with the other ESPs:
 * refusing to sync every ESP because of one stale line would be worse than skipping it.
 * The UUID must be the whole first word; proxmox-boot-tool's unanchored regex accepts
 * more, but such a line then fails for it at the /dev/disk/by-uuid lookup anyway.
 */
export function parseEspList(text: string): EspList {
  const esps: EspListEntry[] = [];
  const problems: string[] = [];
  const firstSeenOn = new Map<string, number>();
  for (const line of splitLines(text)) {
    const skip = (why: string): void => {
      problems.push(`line ${line.number}: ${JSON.stringify(line.text)} ${why}, skipped`);
    };
    const control = describeControlChar(line.text);
    if (control !== undefined) {
      skip(`contains a ${control}`);
      continue;
    }
    const trimmed = line.text.trim();
    if (trimmed === '') continue;
    const [first = '', mode, ...rest] = trimmed.split(/[ \t]+/);
    if (!VFAT_UUID.test(first)) {
      skip('is not a vfat UUID (XXXX-XXXX, hexadecimal)');
      continue;
    }
    if ((mode !== undefined && mode !== 'grub') || rest.length > 0) {
      skip('has more than a UUID and an optional "grub"');
      continue;
    }
    const uuid = first.toUpperCase();
    const earlier = firstSeenOn.get(uuid);
    if (earlier !== undefined) {
      skip(`lists ${uuid} again (first on line ${earlier})`);
      continue;
    }
    firstSeenOn.set(uuid, line.number);
    esps.push({ uuid, grub: mode === 'grub' });
  }
  return { esps, problems };
}
