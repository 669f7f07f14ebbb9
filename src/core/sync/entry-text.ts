// The loader entry of one boot environment booting one of its kernels.
import { renderLoaderEntry } from '../bootfiles/loader-entry.js';
import { renderKernelCmdline } from '../bootfiles/kernel-cmdline.js';
import { bootFilePath, entryFileName } from '../esp/layout.js';
import type { SourceFile, WantedEntry } from './model.js';
import { trialCmdline, trialEntryName } from '../trial/trial-entry.js';

export interface EntryFacts {
  be: string;
  kver: string;
  /** Kernel parameters, root= already pointing at the boot environment's dataset. */
  cmdline: string[];
  /** When the boot environment was made (seconds since the epoch). */
  created: number;
  /** How it was made: apt, kernel, manual… (shown at the boot menu). */
  origin?: string;
  description?: string;
}

const TITLE_MAX = 80;

/**
 * A person at the boot menu must see which boot environment, when it was made and why;
 * systemd-boot shows the kernel from the `version` line next to the title.
 */
export function entryTitle(facts: Pick<EntryFacts, 'be' | 'created' | 'origin' | 'description'>): string {
  const when = new Date(facts.created * 1000).toISOString().slice(0, 16).replace('T', ' ');
  const why = [facts.origin, facts.description].filter((part): part is string => !!part).join(': ');
  const title = `${facts.be} (${when} UTC${why ? `, ${why}` : ''})`;
  // Descriptions are free text: keep the menu line short and on one line.
  const oneLine = title.replace(/[\s\u0000-\u001f\u007f]+/g, ' ');
  return oneLine.length <= TITLE_MAX ? oneLine : `${oneLine.slice(0, TITLE_MAX - 1)}…`;
}

export function wantedEntry(facts: EntryFacts, linux: SourceFile, initrd: SourceFile): WantedEntry {
  const text = renderLoaderEntry({
    title: entryTitle(facts),
    version: facts.kver,
    options: renderKernelCmdline(facts.cmdline).trimEnd(),
    linux: `/${bootFilePath('vmlinuz', linux.kver, linux.sha256)}`,
    initrd: [`/${bootFilePath('initrd.img', initrd.kver, initrd.sha256)}`],
    other: [],
  });
  return { name: entryFileName(facts.be, facts.kver), text, linux, initrd };
}

/**
 * The entry a trial boots (core/trial/trial-entry.ts): the kernel and initrd of the BE's
 * default entry, its command line with panic= and the trial marker, "trial" in the title.
 */
export function trialEntry(facts: EntryFacts, linux: SourceFile, initrd: SourceFile): WantedEntry {
  const entry = wantedEntry({ ...facts, cmdline: trialCmdline(facts.cmdline), description: ['trial boot', facts.description].filter(Boolean).join(': ') }, linux, initrd);
  return { ...entry, name: trialEntryName(entry.name) };
}
