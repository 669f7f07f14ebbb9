// Plans one ESP: which boot environments fit, and the ordered writes and removals that
// bring the ESP there. Pure: the adapters gather the snapshot and apply the actions.
//
// The order keeps every ESP bootable if the sync dies at any point:
//   1. leftovers of an interrupted sync, stale entries and files no entry needs any more
//      (but never what the current default entry boots);
//   2. kernels and initrds (each written to a temporary name, synced, renamed);
//   3. entries, which point only at files that exist by now;
//   4. the default (the `default` line of loader.conf);
//   5. the previous default entry and its files, if they are no longer wanted.
// How entries and the default are written is the ESP's boot loader's (core/bootloader): one
// file per entry and loader.conf's default line, or one menu file that is steps 3 and 4 in
// one atomic write.
// Nothing to do means no action, so a sync with nothing to do writes nothing.
import { espChangeOf, strategyOf } from '../bootloader/strategies.js';
import { parseLoaderEntry } from '../bootfiles/loader-entry.js';
import { bootFilePath, isSafeEspName, isSha256Hex, isWritableEntryName, pathKey, sha256OfBootFile } from '../esp/layout.js';
import type { EspAction, EspPlan, EspSnapshot, LoadReason, SourceFile, WantedBe, WantedEntry } from './model.js';

export interface PlanEspInput {
  esp: EspSnapshot;
  /** Most important first; booted, default and next-boot ones must fit. */
  wanted: WantedBe[];
  /** The entry the ESP boots by default; undefined leaves the default alone. */
  defaultEntry: string | undefined;
  maxLoaded: number;
  reserveBytes: number;
}

const MiB = 1024 * 1024;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
const REQUIRED: ReadonlySet<LoadReason> = new Set(['booted', 'default', 'next-boot']);

export function planEsp(input: PlanEspInput): EspPlan {
  const { esp } = input;
  const bootloader = esp.bootloader.id;
  const strategy = strategyOf(bootloader);
  const currentDefault = strategy.currentDefault(esp.bootloader);
  const currentEntries = new Map(esp.entries.map((e) => [pathKey(e.name), e]));
  const currentFiles = new Map(esp.files.map((f) => [pathKey(f.path), f]));
  const intact = (path: string, size: number) => {
    const file = currentFiles.get(pathKey(path));
    return !!file && file.size === size && (file.sha256 === undefined || file.sha256 === sha256OfBootFile(path));
  };
  // The entry the ESP boots now stays bootable until the default has moved on.
  const defaultNow = currentDefault === undefined ? undefined : currentEntries.get(pathKey(currentDefault));
  const keptUntilDefaultMoves = new Set(defaultNow ? filesOf(defaultNow.text).map(pathKey) : []);
  const tempBytes = esp.tempFiles.reduce((sum, f) => sum + f.size, 0);
  const usable = esp.freeBytes + tempBytes - input.reserveBytes;

  /** Bytes the plan would need beyond what it frees first, for this selection. */
  const shortfall = (selection: WantedBe[]): number => {
    const wanted = wantedFiles(selection);
    let written = 0;
    for (const file of wanted.values()) if (!intact(file.path, file.from.size)) written += file.from.size;
    let freed = 0;
    for (const [key, file] of currentFiles) {
      if (!wanted.has(key) && !keptUntilDefaultMoves.has(key)) freed += file.size;
    }
    return written - freed - usable;
  };

  const selected: WantedBe[] = [];
  const notLoaded: EspPlan['notLoaded'] = [];
  for (const candidate of input.wanted) {
    const required = REQUIRED.has(candidate.reason);
    if (candidate.entries.length === 0) {
      notLoaded.push({ be: candidate.be, why: 'it has no kernel to boot' });
      continue;
    }
    // Paths on the ESP are built from these names: one that could leave our directory
    // (a bad hash or kernel version from a buggy adapter) must never reach an action.
    const unsafe = candidate.entries.map(unsafeEntryProblem).find((why) => why !== undefined);
    if (unsafe !== undefined) {
      if (required) return failed(esp.id, bootloader, `cannot load ${candidate.be} (the ${candidate.reason} boot environment): ${unsafe}; nothing was changed on this ESP`);
      notLoaded.push({ be: candidate.be, why: unsafe });
      continue;
    }
    if (!required && selected.length >= input.maxLoaded) {
      notLoaded.push({ be: candidate.be, why: `max-loaded (${input.maxLoaded}) boot environments are on the ESP already` });
      continue;
    }
    const missing = shortfall([...selected, candidate]);
    if (missing <= 0) {
      selected.push(candidate);
    } else if (required) {
      return failed(
        esp.id,
        bootloader,
        `not enough space for ${candidate.be} (the ${candidate.reason} boot environment): ${mib(missing)} more needed ` +
          `(free ${mib(esp.freeBytes)}, reserve ${mib(input.reserveBytes)}); nothing was changed on this ESP`,
      );
    } else {
      notLoaded.push({ be: candidate.be, why: `no space: ${mib(missing)} more would be needed` });
    }
  }

  const wanted = wantedFiles(selected);
  const wantedEntries = new Map(selected.flatMap((be) => be.entries).map((e) => [pathKey(e.name), e]));
  const entries = strategy.planEntries({ state: esp.bootloader, current: currentEntries, wanted: wantedEntries, defaultEntry: input.defaultEntry, currentDefault, defaultNow });
  const actions: EspAction[] = [...esp.tempFiles.map((f) => ({ op: 'remove-temp' as const, path: f.path })), ...entries.removals];
  const late: EspAction[] = [...entries.removalsAfterDefault];

  for (const [key, file] of currentFiles) {
    if (wanted.has(key)) continue;
    (keptUntilDefaultMoves.has(key) ? late : actions).push({ op: 'remove-file', path: file.path });
  }
  for (const file of wanted.values()) {
    if (intact(file.path, file.from.size)) continue;
    // Names carry the content's hash: a file there with other bytes has rotted or was cut short.
    const repair = currentFiles.has(pathKey(file.path));
    actions.push({ op: 'write-file', path: file.path, from: file.from, ...(repair ? { repair } : {}) });
  }
  actions.push(...entries.writes, ...late);

  return {
    esp: esp.id,
    bootloader,
    actions,
    loaded: selected.map((be) => ({ be: be.be, reason: be.reason })),
    notLoaded,
    bytesToWrite: actions.reduce((sum, a) => sum + bytesWritten(a), 0),
  };
}

function failed(esp: string, bootloader: EspPlan['bootloader'], error: string): EspPlan {
  return { esp, bootloader, actions: [], loaded: [], notLoaded: [], bytesToWrite: 0, error };
}

/** Why an entry's names could put a write outside our directory or entries, or undefined. */
function unsafeEntryProblem(entry: WantedEntry): string | undefined {
  if (!isWritableEntryName(entry.name)) return `its entry name ${JSON.stringify(entry.name.slice(0, 300))} is not one we may write`;
  for (const file of [entry.linux, entry.initrd]) {
    if (file.kind !== 'vmlinuz' && file.kind !== 'initrd.img') return `its boot file kind ${JSON.stringify(file.kind)} is unknown`;
    if (!isSafeEspName(file.kver)) return `its kernel version ${JSON.stringify(file.kver)} is not safe in an ESP file name`;
    if (!isSha256Hex(file.sha256)) return `the ${file.kind} of ${file.kver} has no valid SHA-256 (${JSON.stringify(file.sha256.slice(0, 80))})`;
  }
  return undefined;
}

function wantedFiles(selection: WantedBe[]): Map<string, { path: string; from: SourceFile }> {
  const files = new Map<string, { path: string; from: SourceFile }>();
  for (const entry of selection.flatMap((be) => be.entries)) {
    for (const from of [entry.linux, entry.initrd]) {
      const path = bootFilePath(from.kind, from.kver, from.sha256);
      files.set(pathKey(path), { path, from });
    }
  }
  return files;
}

/** The files an entry boots, relative to the ESP root; none if the entry is unreadable. */
function filesOf(entryText: string): string[] {
  try {
    const entry = parseLoaderEntry(entryText);
    return [entry.linux, entry.efi, ...entry.initrd]
      .filter((p): p is string => p !== undefined)
      .map((p) => p.replace(/^\/+/, ''));
  } catch {
    return [];
  }
}

function bytesWritten(action: EspAction): number {
  switch (action.op) {
    case 'write-file':
      return action.from.size;
    case 'remove-temp':
    case 'remove-file':
      return 0;
    default: {
      const change = espChangeOf(action);
      return 'write' in change ? Buffer.byteLength(change.text) : 0;
    }
  }
}
