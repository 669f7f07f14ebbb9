// A guest's configuration file (qemu-server `nodes/<node>/qemu-server/<vmid>.conf`, pct
// `nodes/<node>/lxc/<vmid>.conf`), read as qemu-server and pct read it: `key: value`
// lines, `#` lines as the description, then `[name]` sections: `[PENDING]` for changes
// not applied yet, the others snapshots (and `[special:cloudinit]`). Raw LXC keys
// (`lxc.…`) may also be written `key = value` and may repeat. A line that is none of
// these is skipped, as both tools skip it (with a warning).

export interface GuestConfig {
  /** The current configuration (the main section): key → value; a repeated key's values joined by newlines. */
  current: Map<string, string>;
  /** The `#` lines of the main section, without the `#`. */
  description: string;
  /** The [PENDING] section's lines, trimmed. */
  pending: string[];
  /** Every other section (snapshots): name → its lines, trimmed. */
  snapshots: Map<string, string[]>;
}

// qemu-server's and pct's /^(key):\s*(.*?)\s*$/ is quadratic in V8 on a long run of
// blanks inside the value (the lazy group retries the trailing \s* from each of them).
// The lines are trimmed first, so only the blanks after the separator are left to drop
// (trimStart). The "s" flag: Perl's "." takes "\r", U+2028 and U+2029 too.
const KEY_LINE = /^([a-z][a-z_]*\d*):(.*)$/s;
const RAW_LXC_KEY_LINE = /^(lxc\.[a-z0-9_.-]+)(?::|\s*=)(.*)$/s;
const SECTION_LINE = /^\[([^\]]*)\]\s*$/;

export function parseGuestConfig(text: string): GuestConfig {
  const config: GuestConfig = { current: new Map(), description: '', pending: [], snapshots: new Map() };
  const descriptionLines: string[] = [];
  let section: string[] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const header = SECTION_LINE.exec(line);
    if (header) {
      const name = header[1]!;
      section = name === 'PENDING' ? config.pending : [];
      if (name !== 'PENDING') config.snapshots.set(name, section);
      continue;
    }
    if (line === '') continue;
    if (section) {
      section.push(line);
      continue;
    }
    if (line.startsWith('#')) {
      descriptionLines.push(raw.replace(/^\s*#/, ''));
      continue;
    }
    const match = KEY_LINE.exec(line) ?? RAW_LXC_KEY_LINE.exec(line);
    if (!match) continue;
    const [, key, rest] = match as unknown as [string, string, string];
    const value = rest.trimStart();
    const earlier = config.current.get(key);
    config.current.set(key, earlier === undefined ? value : `${earlier}\n${value}`);
  }
  config.description = descriptionLines.join('\n');
  return config;
}

/**
 * What differs between two configurations of one guest, sorted: the keys of the current
 * configuration whose values differ or that only one has, and `description`, `pending`
 * and `snapshots` for those parts. Key names are [a-z0-9_.-] only (the parser's rules), so
 * they are safe to print.
 */
export function changedParts(a: GuestConfig, b: GuestConfig): string[] {
  const parts = new Set<string>();
  for (const [key, value] of a.current) if (b.current.get(key) !== value) parts.add(key);
  for (const key of b.current.keys()) if (!a.current.has(key)) parts.add(key);
  if (a.description !== b.description) parts.add('description');
  if (!sameLines(a.pending, b.pending)) parts.add('pending');
  if (!sameSections(a.snapshots, b.snapshots)) parts.add('snapshots');
  return [...parts].sort();
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

function sameSections(a: ReadonlyMap<string, string[]>, b: ReadonlyMap<string, string[]>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, lines] of a) {
    const other = b.get(name);
    if (other === undefined || !sameLines(lines, other)) return false;
  }
  return true;
}
