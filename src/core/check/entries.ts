// The loader entries of `pve-bootenv check`: for every boot environment and every ESP that
// could be read (whatever its boot loader: our entries are compared as loader entries), is
// what the firmware would boot there what the BE's own /boot says, and would it boot at all?
//
// Decisions:
// - An entry is judged as it stands on the ESP: its kernel and initrd must be there, of
//   the size of the BE's own files and (when the ESP was hashed) of the hash their names
//   promise; its root= must name an existing dataset directly under the BE root, and the
//   BE's own. Failing any of these, the entry would not boot ("breaks").
// - An entry whose text differs from what the sync would write, but which would still
//   boot (an older initrd, a changed title or command line), is out of date: a warning,
//   whatever the BE, since it boots. Critical is kept for "would not boot".
// - Presence is required only of booted, default and next-boot BEs, which the sync always
//   loads; others may be missing because of max-loaded or space, and are reported only
//   when another ESP has them (the ESPs disagree: booting from the other disk would show
//   another menu).
// - Critical: an entry of a booted or default BE that is missing or would not boot, on any
//   ESP (the fallback ESP is broken too), but only the BE's first entry, the one its
//   default entry boots; its other kernels are fallbacks: warnings. So is all of a
//   next-boot BE: systemd-boot falls back to the default if its one-shot entry is gone.
// - Our entries that belong to no BE, and a BE's entries the sync would not write (an old
//   kernel), are stale: warnings. A BE whose /boot could not be read (no wanted entries)
//   has its entries checked for what can be checked, and compared across ESPs.
// - /lib/modules/<kver> is a fact of the BE, not of an ESP: reported once per BE.
// - The fix for anything on the ESPs is `pve-bootenv sync --verify`, which rewrites what
//   differs and re-hashes every stored file.
import { datasetOfEntry } from '../be/entry-dataset.js';
import { parseLoaderEntry, type LoaderEntry } from '../bootfiles/loader-entry.js';
import { beOfEntryName, isOurEntryFile, OUR_DIR, pathKey, sha256OfBootFile } from '../esp/layout.js';
import { isTrialEntryName } from '../trial/trial-entry.js';
import type { BeFacts, CheckedFile, CheckFacts, ReadableEsp, WantedCheckEntry, WantedFile } from './facts.js';
import type { Finding } from './report.js';

export const SYNC_FIX = 'pve-bootenv sync --verify';


interface Issue {
  text: string;
  /** The entry would not boot the BE. */
  breaks: boolean;
}

/** An ESP's entries and files of ours, looked up as vfat does (without regard to case). */
interface EspView {
  esp: ReadableEsp;
  entries: Map<string, { name: string; text: string }>;
  files: Map<string, CheckedFile>;
}

export function ourEntries(esp: ReadableEsp): Array<{ name: string; text: string }> {
  return esp.entries.filter((e) => isOurEntryFile(e.name));
}

/** "booted, default" as shown after a BE's name, or '' for a BE with no such role. */
export function rolesOf(be: Pick<BeFacts, 'booted' | 'isDefault' | 'nextBoot'>): string {
  const roles = [be.booted && 'booted', be.isDefault && 'default', be.nextBoot && 'next boot'].filter(Boolean);
  return roles.length === 0 ? '' : ` (${roles.join(', ')})`;
}

export function isCritical(be: Pick<BeFacts, 'booted' | 'isDefault'>): boolean {
  return be.booted || be.isDefault;
}

export function entryFindings(facts: CheckFacts): Finding[] {
  const views: EspView[] = facts.esps
    .filter((e): e is ReadableEsp => e.kind === 'readable')
    .map((esp) => ({
      esp,
      entries: new Map(ourEntries(esp).map((e) => [pathKey(e.name), e])),
      files: new Map(esp.files.map((f) => [pathKey(f.path), f])),
    }));
  const findings: Finding[] = [];
  const context = { facts, datasets: new Set(facts.datasets) };

  for (const be of facts.bes) {
    const required = be.booted || be.isDefault || be.nextBoot;
    be.wanted.forEach((wanted, index) => {
      const critical = isCritical(be) && index === 0;
      for (const view of views) {
        const subject = `${be.name} on ESP ${view.esp.id}`;
        const present = view.entries.get(pathKey(wanted.name));
        if (present === undefined) {
          if (required) {
            findings.push({
              severity: critical ? 'critical' : 'warning',
              subject,
              message: `entry for ${wanted.kver} (${wanted.name}) is missing${rolesOf(be)}`,
              fix: SYNC_FIX,
            });
          } else {
            const others = views.filter((v) => v !== view && v.entries.has(pathKey(wanted.name))).map((v) => v.esp.id);
            if (others.length > 0) {
              findings.push({
                severity: 'warning',
                subject,
                message: `entry for ${wanted.kver} is not on this ESP but on ESP ${others.join(', ')}: the ESPs disagree`,
                fix: SYNC_FIX,
              });
            }
          }
          continue;
        }
        const issues = inspectEntry(present.text, view, be, wanted, context);
        if (issues.length === 0) continue;
        findings.push({
          severity: critical && issues.some((i) => i.breaks) ? 'critical' : 'warning',
          subject,
          message: `entry for ${wanted.kver}${rolesOf(be)}: ${issues.map((i) => i.text).join('; ')}`,
          fix: SYNC_FIX,
        });
      }
    });
  }

  // Entries on the ESPs that no BE wants: stale ones, old kernels, BEs we could not read.
  const beNames = facts.bes.map((b) => b.name);
  const wantedBy = new Map<string, BeFacts>();
  for (const be of facts.bes) for (const w of be.wanted) wantedBy.set(pathKey(w.name), be);
  for (const view of views) {
    for (const entry of view.entries.values()) {
      if (wantedBy.has(pathKey(entry.name))) continue;
      const ownerName = beOfEntryName(entry.name, beNames);
      const be = facts.bes.find((b) => b.name === ownerName);
      if (be === undefined) {
        findings.push({ severity: 'warning', subject: `ESP ${view.esp.id}`, message: staleMessage(entry, context.datasets), fix: SYNC_FIX });
        continue;
      }
      const subject = `${be.name} on ESP ${view.esp.id}`;
      const issues = inspectEntry(entry.text, view, be, undefined, context).map((i) => i.text);
      if (be.wanted.length > 0) {
        // A trial entry nobody wants is what a trial that is over leaves (one that never came
        // up ran no gate to take it away): say so, not "an old kernel".
        const message = isTrialEntryName(entry.name)
          ? `entry ${entry.name} is left from a trial boot that is over; a sync takes it away`
          : `entry ${entry.name} is not one the sync makes from the BE's /boot (an old kernel?)`;
        findings.push({ severity: 'warning', subject, message: [message, ...issues].join('; '), fix: SYNC_FIX });
        continue;
      }
      // The BE's /boot could not be read: at least the ESPs should agree on its entries.
      for (const other of views) {
        if (other === view) continue;
        const there = other.entries.get(pathKey(entry.name));
        if (there === undefined) continue;
        if (there.text !== entry.text) issues.push(`differs from the one on ESP ${other.esp.id}: the ESPs disagree`);
      }
      const missingOn = views.filter((v) => v !== view && !v.entries.has(pathKey(entry.name))).map((v) => v.esp.id);
      if (missingOn.length > 0) issues.push(`not on ESP ${missingOn.join(', ')}: the ESPs disagree`);
      if (issues.length > 0) {
        findings.push({ severity: 'warning', subject, message: `entry ${entry.name}: ${issues.join('; ')}`, fix: SYNC_FIX });
      }
    }
  }

  for (const be of facts.bes) findings.push(...moduleFindings(be));
  return findings;
}

function staleMessage(entry: { name: string; text: string }, datasets: ReadonlySet<string>): string {
  const dataset = datasetOfEntry(entry.text);
  if (dataset === undefined) return `stale entry ${entry.name}: it belongs to no boot environment and its root= names no dataset`;
  if (!datasets.has(dataset)) return `stale entry ${entry.name}: it boots ${dataset}, which no longer exists`;
  return `stale entry ${entry.name}: it boots ${dataset}, which is not a boot environment`;
}

interface Context {
  facts: CheckFacts;
  datasets: ReadonlySet<string>;
}

/** What is wrong with an entry as it stands on the ESP; empty if nothing. */
function inspectEntry(text: string, view: EspView, be: BeFacts, wanted: WantedCheckEntry | undefined, context: Context): Issue[] {
  let entry: LoaderEntry;
  try {
    entry = parseLoaderEntry(text);
  } catch (error) {
    return [{ text: `cannot be read: ${(error as Error).message}`, breaks: true }];
  }
  const issues: Issue[] = [];
  if (wanted !== undefined && text !== wanted.text) {
    issues.push({ text: `differs from what the BE's /boot gives (${differences(entry, wanted.text)})`, breaks: false });
  }
  if (entry.linux !== undefined) issues.push(...fileIssues('kernel', entry.linux, view, wanted?.linux));
  else if (entry.efi !== undefined) issues.push({ text: `boots ${entry.efi}, not a kernel of ours: not checked`, breaks: false });
  else issues.push({ text: 'has no linux line', breaks: true });
  if (entry.initrd.length === 0) issues.push({ text: 'has no initrd line', breaks: true });
  for (const initrd of entry.initrd) issues.push(...fileIssues('initrd', initrd, view, wanted?.initrd));
  const root = rootIssue(text, be, context);
  if (root !== undefined) issues.push({ text: root, breaks: true });
  return issues;
}

function fileIssues(label: string, entryPath: string, view: EspView, wanted: WantedFile | undefined): Issue[] {
  const path = entryPath.replace(/^\/+/, '');
  if (!path.startsWith(`${OUR_DIR}/`)) return [{ text: `${label} ${entryPath} is not one of ours: not checked`, breaks: false }];
  const file = view.files.get(pathKey(path));
  if (file === undefined) return [{ text: `${label} ${path} is missing`, breaks: true }];
  const isWanted = wanted !== undefined && pathKey(wanted.path) === pathKey(path);
  if (isWanted && file.size !== wanted.size) {
    return [{ text: `${label} ${path} has ${file.size} bytes, not ${wanted.size}`, breaks: true }];
  }
  const hash = isWanted ? wanted.sha256 : sha256OfBootFile(path);
  if (file.sha256 !== undefined && hash !== undefined && file.sha256 !== hash) {
    return [{ text: `${label} ${path} is corrupt: its SHA-256 is not the one its name promises`, breaks: true }];
  }
  return [];
}

/** Why the entry's root= would not boot this BE, or undefined if it would. */
function rootIssue(text: string, be: BeFacts, { facts, datasets }: Context): string | undefined {
  const dataset = datasetOfEntry(text);
  if (dataset === undefined) return 'root= names no dataset';
  if (!datasets.has(dataset)) return `root= names ${dataset}, which does not exist`;
  const rest = dataset.startsWith(`${facts.beRoot}/`) ? dataset.slice(facts.beRoot.length + 1) : '';
  if (rest === '' || rest.includes('/')) return `root= names ${dataset}, which is not a boot environment under ${facts.beRoot}`;
  if (dataset !== be.dataset) return `root= boots ${dataset}, not ${be.dataset}`;
  return undefined;
}

/** Which parts of the entry differ from the wanted text: "kernel, initrd", "options"… */
function differences(entry: LoaderEntry, wantedText: string): string {
  let wanted: LoaderEntry;
  try {
    wanted = parseLoaderEntry(wantedText);
  } catch {
    return 'text';
  }
  const parts: string[] = [];
  if (entry.linux !== wanted.linux || entry.efi !== wanted.efi) parts.push('kernel');
  if (entry.initrd.join('\n') !== wanted.initrd.join('\n')) parts.push('initrd');
  if (entry.options !== wanted.options) parts.push('options');
  if (parts.length === 0) parts.push('title or other lines');
  return parts.join(', ');
}

/** Kernels of the BE without their /lib/modules: they would boot into a system without drivers. */
function moduleFindings(be: BeFacts): Finding[] {
  const findings: Finding[] = [];
  be.wanted.forEach((wanted, index) => {
    if (be.modules.includes(wanted.kver)) return;
    const kernel = `/boot/vmlinuz-${wanted.kver}`;
    const fix = be.booted
      ? `reinstall the package that owns ${kernel} (dpkg -S ${kernel}; apt install --reinstall <package>), then ${SYNC_FIX}`
      : `in ${be.name} (pve-bootenv mount ${be.name} shows its files): reinstall the package that owns ${kernel}, or remove that kernel from its /boot; then ${SYNC_FIX}`;
    findings.push({
      severity: isCritical(be) && index === 0 ? 'critical' : 'warning',
      subject: be.name,
      message: `/lib/modules/${wanted.kver} is missing${rolesOf(be)}: kernel ${wanted.kver} would boot without its modules`,
      fix,
    });
  });
  return findings;
}
