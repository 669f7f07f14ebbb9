// The kernel command line of a GRUB host: GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT
// from /etc/default/grub and /etc/default/grub.d/*.cfg, which grub-mkconfig sources in that
// order. On a Proxmox host booting GRUB (Secure Boot) this is where the admin's parameters
// live; /etc/kernel/cmdline is systemd-boot's. The files are shell: this reads the part of
// shell they are written in (assignments with quotes and $VAR expansion, comments) and
// gives up, rather than guess, when a line it cannot read touches the command line.

const NAMES = ['GRUB_CMDLINE_LINUX', 'GRUB_CMDLINE_LINUX_DEFAULT'] as const;

/** The command line 10_linux would give a normal entry, or undefined if the files set none or cannot be read. */
export function grubDefaultCmdline(files: readonly string[]): string | undefined {
  const vars = new Map<string, string>();
  for (const text of files) {
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const assignment = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
      const value = assignment ? shellWord(assignment[2]!, vars) : undefined;
      if (assignment && value !== undefined) vars.set(assignment[1]!, value);
      else if (NAMES.some((name) => line.includes(name))) return undefined;
    }
  }
  if (!NAMES.some((name) => vars.has(name))) return undefined;
  return NAMES.map((name) => vars.get(name) ?? '')
    .join(' ')
    .trim()
    .replace(/[ \t]+/g, ' ');
}

/** One shell word (then only a comment may follow), expanded; undefined for anything more. */
function shellWord(text: string, vars: ReadonlyMap<string, string>): string | undefined {
  let result = '';
  let i = 0;
  const expand = (): boolean => {
    const match = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(text.slice(i));
    if (!match) return false;
    result += vars.get(match[1] ?? match[2]!) ?? '';
    i += match[0].length;
    return true;
  };
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === ' ' || c === '\t') return /^\s*(#.*)?$/.test(text.slice(i)) ? result : undefined;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return undefined;
      result += text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < text.length && text.charAt(i) !== '"') {
        const d = text.charAt(i);
        if (d === '\\' && '"\\$`'.includes(text.charAt(i + 1))) {
          result += text.charAt(i + 1);
          i += 2;
        } else if (d === '$') {
          if (!expand()) return undefined;
        } else if (d === '`') return undefined;
        else {
          result += d;
          i++;
        }
      }
      if (i >= text.length) return undefined;
      i++;
    } else if (c === '$') {
      if (!expand()) return undefined;
    } else if (/[;&|<>()`\\]/.test(c)) return undefined;
    else {
      result += c;
      i++;
    }
  }
  return result;
}
