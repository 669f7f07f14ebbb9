// How one boot loader keeps our entries and the default on an ESP, as pure code: what the
// ESP planner writes in its last steps (core/sync/plan-esp.ts), how check reads the default
// and names the boot loader in its findings. One strategy per boot loader (systemd-boot.ts,
// grub.ts), found by the id the ESP's state carries (strategies.ts), so that the planner
// and check never branch on the boot loader themselves. Reading the ESP and writing to it
// is the adapters' (src/adapters/bootloader, src/adapters/esp).
import type { EspEntry, WantedEntry } from '../sync/model.js';

/** A finding's text without its severity and subject: what is wrong, and what to do. */
export interface Advice {
  message: string;
  fix: string;
}

/**
 * Something in an ESP's setup that keeps its boot loader from showing our entries, though
 * the sync can write them: the sync warns about it, check reports it.
 */
export interface SetupProblem {
  /** The sync's warning, after "ESP <id>: ". */
  warning: string;
  /** Check's finding (a warning). */
  finding: Advice;
}

/** The one file an action of a boot loader writes whole (atomically) or removes, relative to the ESP's root. */
export type EspFileChange = { write: string; text: string } | { remove: string };

export interface EntryPlanInput<S> {
  state: S;
  /** Our entries on the ESP now, by pathKey of their names. */
  current: ReadonlyMap<string, EspEntry>;
  /** The entries on the ESP after the plan, by pathKey, in load order (most important first). */
  wanted: ReadonlyMap<string, WantedEntry>;
  /** The entry that should boot by default; undefined leaves the default where it is. */
  defaultEntry: string | undefined;
  /** The ESP's default now, as currentDefault reads it. */
  currentDefault: string | undefined;
  /** That default's entry, when it is one of ours on the ESP: it stays bootable until the default has moved on. */
  defaultNow: EspEntry | undefined;
}

/** The plan's entry steps, each list in its place of the order plan-esp.ts keeps. */
export interface EntryPlan<A> {
  /** Entries no longer wanted, removed with the other leftovers (step 1). */
  removals: A[];
  /** Entries, then the default (steps 3 and 4), once the files they boot are on the ESP. */
  writes: A[];
  /** The entry the ESP booted by default, removed only once the default has moved on (step 5). */
  removalsAfterDefault: A[];
}

/**
 * The writes that put entries beside those on the ESP (current, by pathKey) without a full
 * plan: the apt hook's fast path for a fresh clone.
 */
export type EntryAdder<A> = (current: ReadonlyMap<string, EspEntry>, entries: readonly WantedEntry[]) => A[];

/** The wording of check's findings about the default. */
export interface DefaultWording {
  /** Where the default is read from: "loader.conf". */
  defaultSource: string;
  /** The boot loader, as a person calls it. */
  name: string;
  /** What the boot loader boots when the ESP names no default. */
  withoutDefault: string;
}

// Methods (not function properties): strategies.ts keeps them in one list of the union of
// their states and actions, each strategy only ever given its own (see strategyOf).
export interface BootloaderStrategy<S extends { id: string }, A extends { op: string }> {
  readonly id: S['id'];
  /** The ops of its actions, so that an action finds its strategy (espChangeOf). */
  readonly ops: ReadonlyArray<A['op']>;
  /** The ESP's effective default as the planner reads it; undefined if it names none or cannot be read. */
  currentDefault(state: S): string | undefined;
  /** As check reads it: a default that cannot be read is a problem to report, not silently none. */
  checkedDefault(state: S): { entry: string | undefined; problem?: Advice };
  planEntries(input: EntryPlanInput<S>): EntryPlan<A>;
  /** Absent where entries cannot be written one by one. */
  readonly addEntries?: EntryAdder<A>;
  changeOf(action: A): EspFileChange;
  readonly wording: DefaultWording;
}
