// The kernel command line of a GRUB host: GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT
// from /etc/default/grub and /etc/default/grub.d/*.cfg, which grub-mkconfig sources in that
// order. On a Proxmox host booting GRUB (Secure Boot) this is where the admin's parameters
// live; /etc/kernel/cmdline is systemd-boot's. The files are shell: this reads the part of
// shell they are written in (assignments with quotes and $VAR expansion, comments) and
// refuses, rather than guess, when a line it cannot read touches the command line.
//
// Values are capped at the kernel's limit (kernel-cmdline.ts): `X="$X$X"` doubles X on
// every line, and thirty such lines would otherwise build a string V8 cannot hold.
import { cmdlineLengthProblem, MAX_CMDLINE_BYTES } from './kernel-cmdline.js';

const NAMES = ['GRUB_CMDLINE_LINUX', 'GRUB_CMDLINE_LINUX_DEFAULT'] as const;

/**
 * What the files give: the command line; none (they set neither variable); or refused,
 * with why, and where (`file`: index into the files given, `line`: 1-based) when one line
 * is at fault. A refused command line is not a missing one: booting the BE without the
 * admin's parameters (an IOMMU, a console, a ZFS option) could leave it unbootable.
 */
export type GrubDefaultCmdline =
  | { kind: 'cmdline'; cmdline: string }
  | { kind: 'none' }
  | { kind: 'refused'; why: string; file?: number; line?: number };

/** $NAME or ${NAME}, matched where the reader stands (sticky). */
const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/y;

/** A word that could not be read, and why; or one that could. */
type Word = { ok: true; value: string } | { ok: false; why: string };

/** The command line 10_linux would give a normal entry (see GrubDefaultCmdline). */
export function grubDefaultCmdline(files: readonly string[]): GrubDefaultCmdline {
  const vars = new Map<string, string>();
  // Variables whose last assignment could not be read: expanding one would be a guess.
  const unknown = new Map<string, string>();
  for (const [file, text] of files.entries()) {
    for (const [index, raw] of text.split('\n').entries()) {
      const refuse = (why: string): GrubDefaultCmdline => ({ kind: 'refused', why: `${why}: ${shown(raw)}`, file, line: index + 1 });
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const assignment = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(line);
      const word = assignment ? shellWord(assignment[2]!, vars, unknown) : undefined;
      if (assignment && word?.ok) {
        vars.set(assignment[1]!, word.value);
        unknown.delete(assignment[1]!);
        continue;
      }
      if (NAMES.some((name) => line.includes(name))) return refuse(word?.ok === false ? word.why : 'a line this reader cannot follow');
      if (assignment && word?.ok === false) {
        vars.delete(assignment[1]!);
        unknown.set(assignment[1]!, word.why);
      }
    }
  }
  if (!NAMES.some((name) => vars.has(name))) return { kind: 'none' };
  const cmdline = NAMES.map((name) => vars.get(name) ?? '')
    .join(' ')
    .trim()
    .replace(/[ \t]+/g, ' ');
  const tooLong = cmdlineLengthProblem(cmdline);
  return tooLong === undefined ? { kind: 'cmdline', cmdline } : { kind: 'refused', why: `GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT: ${tooLong}` };
}

/** A line for a message: JSON-quoted, and short. */
function shown(line: string): string {
  return JSON.stringify(line.length > 120 ? `${line.slice(0, 120)}…` : line);
}

/** One shell word (then only a comment may follow), expanded; why not for anything more. */
function shellWord(text: string, vars: ReadonlyMap<string, string>, unknown: ReadonlyMap<string, string>): Word {
  let result = '';
  let i = 0;
  const fail = (why: string): Word => ({ ok: false, why });
  /** Expands the $NAME or ${NAME} at i; a reason when it cannot. */
  const expand = (): string | undefined => {
    VARIABLE.lastIndex = i;
    const match = VARIABLE.exec(text);
    if (!match) return 'a "$" that is not $NAME or ${NAME}';
    const name = match[1] ?? match[2]!;
    if (unknown.has(name)) return `$${name} comes from a line this reader cannot follow (${unknown.get(name)!})`;
    result += vars.get(name) ?? '';
    i += match[0].length;
    return undefined;
  };
  while (i < text.length) {
    // Characters first: a UTF-8 byte is at least one UTF-16 unit, so this bounds the work
    // before the exact byte count below.
    if (result.length > MAX_CMDLINE_BYTES) return fail(`a value longer than the kernel's ${MAX_CMDLINE_BYTES} bytes`);
    const c = text.charAt(i);
    if (c === ' ' || c === '\t') {
      if (!/^\s*(#.*)?$/s.test(text.slice(i))) return fail('more than one word');
      break;
    }
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return fail('an unterminated quote');
      result += text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < text.length && text.charAt(i) !== '"') {
        if (result.length > MAX_CMDLINE_BYTES) return fail(`a value longer than the kernel's ${MAX_CMDLINE_BYTES} bytes`);
        const d = text.charAt(i);
        if (d === '\\' && '"\\$`'.includes(text.charAt(i + 1))) {
          result += text.charAt(i + 1);
          i += 2;
        } else if (d === '$') {
          const why = expand();
          if (why !== undefined) return fail(why);
        } else if (d === '`') return fail('a command substitution');
        else {
          result += d;
          i++;
        }
      }
      if (i >= text.length) return fail('an unterminated quote');
      i++;
    } else if (c === '$') {
      const why = expand();
      if (why !== undefined) return fail(why);
    } else if (/[;&|<>()`\\]/.test(c)) return fail('shell syntax beyond an assignment');
    else {
      result += c;
      i++;
    }
  }
  const tooLong = cmdlineLengthProblem(result);
  return tooLong === undefined ? { ok: true, value: result } : fail(tooLong);
}
