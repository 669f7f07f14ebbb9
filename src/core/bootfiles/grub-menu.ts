// Our menu on a GRUB-mode ESP (EFI/pve-bootenv/grub-menu.cfg): a "Boot environments"
// submenu with one entry per (BE, kernel), and the default. proxmox-boot-tool regenerates
// each ESP's grub.cfg with update-grub; our /etc/grub.d/42_pve-bootenv makes that grub.cfg
// `source` this file, so a sync rewrites one file of ours (atomically) and never needs
// update-grub, and proxmox-boot-tool's own entries stay as it writes them.
//
// The entries are the loader entries the systemd-boot path writes (title, version,
// options, linux, initrd) in GRUB's syntax, and parse back to exactly those: the planner
// and `check` compare entries the same way for both boot loaders.
//
// The default: GRUB's 00_header sets `default` (GRUB_DEFAULT, or next_entry once, which
// is what grub-reboot and our next-boot set in grubenv, and then sets boot_once). This
// file, sourced later, moves the default to the default BE's entry unless this boot is a
// one-shot one. Entries of a submenu are named "<submenu id>>"<entry id>".
import type { LoaderEntry } from './loader-entry.js';
import { BootFileError } from './errors.js';
import { describeControlChar } from './control-chars.js';
import { parseKernelCmdline } from './kernel-cmdline.js';

export const GRUB_SUBMENU_ID = 'pve-bootenv';
const SUBMENU_TITLE = 'Boot environments';
const ENTRY_SUFFIX = '.conf';

export interface GrubMenu {
  /** The default entry's name (as a loader entry file name, "pve-bootenv-….conf"), if any. */
  defaultEntry: string | undefined;
  entries: Array<{ name: string; entry: LoaderEntry }>;
}

/** The GRUB menu path of an entry (for `default` and grubenv's next_entry). */
export function grubEntryPath(name: string): string {
  return `${GRUB_SUBMENU_ID}>${idOf(name)}`;
}

/** The entry name a GRUB menu path names, or undefined if it is not in our submenu. */
export function entryNameOfGrubPath(path: string): string | undefined {
  const prefix = `${GRUB_SUBMENU_ID}>`;
  return path.startsWith(prefix) && path.length > prefix.length ? `${path.slice(prefix.length)}${ENTRY_SUFFIX}` : undefined;
}

/**
 * The file's text. espUuid is the vfat UUID of the ESP it goes on: each entry finds its
 * kernel there (GRUB's root at menu time is wherever grub.cfg set it last).
 */
export function renderGrubMenu(menu: GrubMenu, espUuid: string): string {
  const lines = [
    '# Written by pve-bootenv sync: the boot environments on this ESP. Do not edit, the next',
    '# sync rewrites it; grub.cfg sources it (/etc/grub.d/42_pve-bootenv).',
  ];
  if (menu.defaultEntry !== undefined) {
    lines.push('if [ -z "${boot_once}" ]; then', `  set default=${grubQuote(grubEntryPath(menu.defaultEntry))}`, 'fi');
  }
  lines.push(`submenu ${grubQuote(SUBMENU_TITLE)} --id ${GRUB_SUBMENU_ID} {`);
  for (const { name, entry } of menu.entries) {
    if (entry.linux === undefined) throw new BootFileError(`entry ${name} has no linux line: GRUB cannot boot it`);
    const title = entry.version === undefined ? (entry.title ?? name) : `${entry.title ?? name}, Linux ${entry.version}`;
    lines.push(`  menuentry ${grubQuote(title)} --class gnu-linux --id ${grubQuote(idOf(name))} {`);
    if (entry.version !== undefined) lines.push(`    # version ${entry.version}`);
    lines.push('    insmod part_gpt', '    insmod fat', `    search --no-floppy --fs-uuid --set=root ${grubQuote(espUuid)}`);
    lines.push(`    linux ${[entry.linux, ...parseKernelCmdline(entry.options)].map(grubQuote).join(' ')}`);
    if (entry.initrd.length > 0) lines.push(`    initrd ${entry.initrd.map(grubQuote).join(' ')}`);
    lines.push('  }');
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Reads a file written by renderGrubMenu back; a line it would not write is an error. */
export function parseGrubMenu(text: string): GrubMenu {
  const menu: GrubMenu = { defaultEntry: undefined, entries: [] };
  let current: { name: string; title: string; entry: LoaderEntry } | undefined;
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const fail = (problem: string) => new BootFileError(problem, index + 1);
    const line = raw.trim();
    const version = /^# version (\S+)$/.exec(line);
    if (version && current) current.entry.version = version[1]!;
    if (line === '' || line.startsWith('#')) return;
    const words = grubWords(line, fail);
    const [command, ...args] = words;
    switch (command) {
      case 'set': {
        const value = /^default=(.*)$/s.exec(args[0] ?? '')?.[1];
        const name = value === undefined ? undefined : entryNameOfGrubPath(value);
        if (name === undefined) throw fail(`unexpected "${line}"`);
        menu.defaultEntry = name;
        return;
      }
      case 'menuentry': {
        const id = args[args.indexOf('--id') + 1];
        if (current || args.indexOf('--id') === -1 || id === undefined || args[args.length - 1] !== '{') throw fail('a menuentry without an id, or inside another');
        current = { name: `${id}${ENTRY_SUFFIX}`, title: args[0]!, entry: { initrd: [], options: '', other: [] } };
        return;
      }
      case 'linux':
        if (!current || args.length === 0) throw fail('a linux line outside an entry');
        current.entry.linux = args[0]!;
        current.entry.options = args.slice(1).join(' ');
        return;
      case 'initrd':
        if (!current) throw fail('an initrd line outside an entry');
        current.entry.initrd = args;
        return;
      case '}':
        if (current) {
          const { entry } = current;
          const suffix = entry.version === undefined ? '' : `, Linux ${entry.version}`;
          entry.title = suffix !== '' && current.title.endsWith(suffix) ? current.title.slice(0, -suffix.length) : current.title;
          menu.entries.push({ name: current.name, entry: orderedEntry(entry) });
          current = undefined;
        }
        return;
      case 'if':
      case 'fi':
      case 'submenu':
      case 'insmod':
      case 'search':
        return;
      default:
        throw fail(`unexpected "${line}"`);
    }
  });
  if (current) throw new BootFileError(`entry ${current.name} is not closed`);
  return menu;
}

/** The menu's default entry; undefined when it names none or the file cannot be read (a sync rewrites it whole). */
export function grubMenuDefault(text: string): string | undefined {
  try {
    return parseGrubMenu(text).defaultEntry;
  } catch {
    return undefined;
  }
}

const idOf = (name: string) => (name.endsWith(ENTRY_SUFFIX) ? name.slice(0, -ENTRY_SUFFIX.length) : name);

/** Keys in the order parseLoaderEntry gives them, so parsed entries deep-equal rendered ones. */
function orderedEntry(entry: LoaderEntry): LoaderEntry {
  const { title, version, linux, initrd, options, other } = entry;
  return {
    ...(title !== undefined ? { title } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(linux !== undefined ? { linux } : {}),
    initrd,
    options,
    other,
  };
}

/**
 * One word of GRUB's shell-like syntax: plain when it is only characters GRUB takes as
 * they are, else single-quoted (inside single quotes GRUB expands nothing; a quote itself
 * is closed, escaped and reopened).
 */
export function grubQuote(word: string): string {
  const control = describeControlChar(word);
  if (control !== undefined) throw new BootFileError(`${JSON.stringify(word)} cannot go into a GRUB menu: it has a ${control}`);
  return /^[A-Za-z0-9_.,:/=+@%^~-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Splits a line into words as GRUB's lexer does for what grubQuote writes. */
function grubWords(line: string, fail: (problem: string) => Error): string[] {
  const words: string[] = [];
  let current: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (c === ' ' || c === '\t') {
      if (current !== undefined) words.push(current);
      current = undefined;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) throw fail('an unterminated quote');
      current = (current ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '\\' && i + 1 < line.length) {
      current = (current ?? '') + line.charAt(i + 1);
      i++;
    } else current = (current ?? '') + c;
  }
  if (current !== undefined) words.push(current);
  return words;
}
