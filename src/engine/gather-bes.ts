// For each boot environment: the entries it wants on the ESPs (its own kernels, its own
// command line with root= forced to its dataset), and its role (default, booted, next).
import { release } from 'node:os';
import { parseKernelCmdline } from '../core/bootfiles/kernel-cmdline.js';
import type { BootEnvironment } from '../core/be/boot-environment.js';
import { beNameProblem } from '../core/be/names.js';
import { isSafeEspName } from '../core/esp/layout.js';
import { bootCommandLine } from '../core/sync/be-cmdline.js';
import { chooseKernels, type KernelPolicy } from '../core/sync/choose-kernels.js';
import { followedPin, kernelPin } from '../core/sync/kernel-pin.js';
import { trialEntry, wantedEntry } from '../core/sync/entry-text.js';
import { inLoadOrder, loadReason } from '../core/sync/load-order.js';
import type { WantedBe, WantedEntry } from '../core/sync/model.js';
import { dirname, join } from 'node:path';
import { emptyBootRecord, recordedBoot, type RecordedBe, type RecordedFile } from '../core/sync/boot-record.js';
import type { BootDir, SourceFile } from '../core/sync/model.js';
import { bootPair, readBootDir, type BootPair } from '../adapters/boot-dir.js';
import { mountBeReadOnly, mountSnapshotReadOnly, readOnlyMountDir, unmountBe } from '../adapters/be-mount.js';
import { readBootRecord, writeBootRecord } from '../adapters/boot-record-file.js';
import { zfsMounts } from '../adapters/mount-table.js';
import { dropSeenSnapshots, markSeen, unmarkSeen } from '../adapters/zfs.js';
import { seenSnapshot } from '../core/zfs/mark-seen-program.js';
import { HashCache } from '../adapters/hash-cache.js';
import { messageOf, PveBootenvError } from '../core/errors.js';

export interface BeFacts {
  bes: BootEnvironment[];
  booted: string;
  /** The pool of the BEs (where the boot record's channel programs run). */
  pool: string;
  /** The BE that boots by default. */
  defaultDataset: string;
  /** The BE chosen for the next boot only, if any. */
  nextBootDataset: string | undefined;
  /** The BE whose trial entry is wanted besides its own (a trial pending or running). */
  trialDataset?: string | undefined;
}

export interface GatheredBes {
  wanted: WantedBe[];
  /** The entry that should boot by default, undefined if the default BE has no kernel. */
  defaultEntry: string | undefined;
  defaultBe: string | undefined;
  problems: string[];
  /**
   * Makes the files a plan copies readable where their SourceFile says: a BE whose entries
   * came from the boot record is mounted now. Throws StaleBootRecord, before anything is
   * written, if such a BE's files are no longer what the record says.
   */
  readyToCopy(sources: readonly SourceFile[]): Promise<void>;
  /** Read-only mounts made for reading; released by release(). */
  release(): Promise<void>;
}

/** How a sync may use the boot record (core/sync/boot-record.ts). */
export interface RecordUse {
  /** Take what it says of an unmounted, unchanged BE instead of mounting it (not for --verify). */
  trust: boolean;
  /** Mark the BEs read and write the record (not for --dry-run, which changes nothing). */
  update: boolean;
}

export async function gatherBes(facts: BeFacts, policy: KernelPolicy, recordUse: RecordUse): Promise<GatheredBes> {
  const problems: string[] = [];
  const mounts: string[] = [];
  const defaultDataset = facts.defaultDataset;
  const entriesOf = new Map<string, WantedEntry[]>();
  const hashes = await HashCache.load();
  const record = recordUse.trust || recordUse.update ? await readBootRecord() : emptyBootRecord();
  const nextRecord = emptyBootRecord();
  /** BEs whose entries came from the record, by name: mounted only if a sync must copy their files. */
  const fromRecord = new Map<string, BootEnvironment>();
  const mounted = await zfsMounts();
  const origins = originsOf(facts.bes);
  // The booted BE, and a mounted one, may change while we read (a write in flight is not in
  // written# yet); for an origin, see below. These are read at every sync, never recorded.
  const recordable = (be: BootEnvironment) => be.dataset !== facts.booted && !origins.has(be.dataset) && !mounted.has(be.dataset);

  const toRead: BootEnvironment[] = [];
  for (const be of facts.bes) {
    const nameProblem = beNameProblem(be.name);
    if (nameProblem) {
      problems.push(`${be.name}: not put on the ESPs: ${nameProblem}; rename the dataset to boot it`);
      continue;
    }
    const recorded = recordUse.trust && recordable(be) ? recordedBoot(record, be, mounted.has(be.dataset)) : undefined;
    // Anything amiss with what the record says: the BE is read as if there were none.
    const trial = be.dataset === facts.trialDataset;
    const served = recorded && (await entriesFromRecord(be, recorded, policy, trial).catch(() => undefined));
    if (served) {
      problems.push(...served.problems);
      entriesOf.set(be.name, served.entries);
      fromRecord.set(be.name, be);
      nextRecord.bes[be.guid!] = recorded;
    } else toRead.push(be);
  }

  // No BE that another one was cloned from keeps the bookmark: `zfs promote` moves the
  // origin's older bookmarks to the clone, and on OpenZFS 2.1 a clone that has one of the
  // same name panics the kernel (VERIFY in dsl_bookmark_node_add, seen in the test VM).
  // With at most one of each origin and clone marked, no promote (ours or the admin's) can
  // meet two. Such a BE is read at every sync, as the booted one is.
  const toUnmark = recordUse.update ? facts.bes.filter((be) => origins.has(be.dataset) && be.writtenSinceSeen !== undefined) : [];
  await unmarkSeen(toUnmark.map((be) => be.dataset)).catch(() => undefined);
  // Marked before they are read: a write after the mark shows in written# next time.
  const toRecord = recordUse.update ? toRead.filter((be) => recordable(be) && be.guid !== undefined && be.referencedBytes !== undefined) : [];
  const targets = toRecord.map((be) => ({ dataset: be.dataset, hasBookmark: be.writtenSinceSeen !== undefined }));
  const unmarked = await markSeen(facts.pool, targets).catch(() => new Set(toRecord.map((be) => be.dataset)));
  const recording = new Set(toRecord.filter((be) => !unmarked.has(be.dataset)).map((be) => be.dataset));

  for (const be of toRead) {
    try {
      const isBooted = be.dataset === facts.booted;
      let dir = '/';
      if (recording.has(be.dataset)) {
        // Read as it was when marked: what the record will say is exactly what was read.
        dir = await mountSnapshotReadOnly(seenSnapshot(be.dataset), be.name);
        mounts.push(dir);
      } else if (!isBooted) {
        const mount = await mountBeReadOnly(be.dataset, be.name);
        if (mount.ours) mounts.push(mount.dir);
        dir = mount.dir;
      }
      const boot = await readBootDir(dir);
      const files: Record<string, RecordedFile> = {};
      const pairOf = async (kver: string) => {
        const pair = await bootPair(dir, kver, hashes);
        for (const file of [pair.linux, pair.initrd]) files[`${file.kind}-${kver}`] = { size: file.size, sha256: file.sha256 };
        return pair;
      };
      entriesOf.set(be.name, await entriesFromBootDir({ be, boot, isBooted, policy, problems, pairOf, trial: be.dataset === facts.trialDataset }));
      if (recording.has(be.dataset)) nextRecord.bes[be.guid!] = { dataset: be.dataset, referenced: be.referencedBytes!, boot, files };
    } catch (error) {
      problems.push(`${be.name}: ${messageOf(error)}`);
      entriesOf.set(be.name, []);
    }
  }

  await hashes.save().catch((error: unknown) => problems.push(`cannot save the hash cache: ${messageOf(error)}`));
  // A record that cannot be written costs the next sync its mounts, nothing else.
  if (recordUse.update) await writeBootRecord(nextRecord).catch(() => undefined);

  const roles = facts.bes
    .filter((be) => entriesOf.has(be.name))
    .map((be) => ({
      name: be.name,
      created: be.created,
      isDefault: be.dataset === defaultDataset,
      isBooted: be.dataset === facts.booted,
      isNextBoot: be.dataset === facts.nextBootDataset,
    }));
  const wanted = inLoadOrder(roles).map((role) => ({ be: role.name, reason: loadReason(role), entries: entriesOf.get(role.name) ?? [] }));
  const defaultBe = facts.bes.find((be) => be.dataset === defaultDataset)?.name;
  const defaultEntry = wanted.find((w) => w.be === defaultBe)?.entries[0]?.name;

  const readyToCopy = async (sources: readonly SourceFile[]): Promise<void> => {
    for (const [name, be] of fromRecord) {
      const dir = readOnlyMountDir(name);
      const needed = sources.filter((file) => dirname(dirname(file.source)) === dir);
      if (needed.length === 0) continue;
      fromRecord.delete(name);
      const mount = await mountBeReadOnly(be.dataset, be.name);
      if (mount.ours) mounts.push(mount.dir);
      // Its files are checked against the record before anything is written: a record
      // that is out of date (a rollback that left written# at 0) is dropped, not copied from.
      for (const file of needed) {
        const now = mount.dir === dir ? await bootPair(dir, file.kver, hashes) : undefined;
        const fresh = now?.[file.kind === 'vmlinuz' ? 'linux' : 'initrd'];
        if (fresh?.sha256 !== file.sha256) {
          delete nextRecord.bes[be.guid!];
          await writeBootRecord(nextRecord).catch(() => undefined);
          throw new StaleBootRecord(`${be.name}: its /boot changed since the last sync read it, without ZFS showing a write (a rollback?); nothing was written, run sync again`);
        }
      }
    }
  };

  return {
    wanted,
    defaultEntry,
    defaultBe,
    problems,
    readyToCopy,
    release: async () => {
      for (const dir of mounts) await unmountBe(dir);
      await dropSeenSnapshots(facts.pool, [...recording]).catch(() => undefined);
    },
  };
}

/** A BE's entries from what the record says of it; NotRecorded if it lacks a file they need. */
async function entriesFromRecord(be: BootEnvironment, recorded: RecordedBe, policy: KernelPolicy, trial: boolean): Promise<{ entries: WantedEntry[]; problems: string[] }> {
  const problems: string[] = [];
  const dir = readOnlyMountDir(be.name);
  const pairOf = async (kver: string): Promise<BootPair> => {
    const file = (kind: SourceFile['kind']): SourceFile => {
      const known = recorded.files[`${kind}-${kver}`];
      if (known === undefined) throw new NotRecorded();
      return { kind, kver, sha256: known.sha256, size: known.size, source: join(dir, 'boot', `${kind}-${kver}`) };
    };
    return { kver, linux: file('vmlinuz'), initrd: file('initrd.img') };
  };
  return { entries: await entriesFromBootDir({ be, boot: recorded.boot, isBooted: false, policy, problems, pairOf, trial }), problems };
}

/** The record has no hash of a kernel the entries now need (another policy, a new last kernel). */
class NotRecorded extends PveBootenvError {
  override name = 'NotRecorded';
}

/** The record said a BE was unchanged, and its files say otherwise. */
export class StaleBootRecord extends PveBootenvError {
  override name = 'StaleBootRecord';
}

/** The BEs some other BE is a clone of (the dataset part of each origin snapshot). */
function originsOf(bes: readonly BootEnvironment[]): Set<string> {
  return new Set(bes.flatMap((be) => (be.cloneOf === undefined ? [] : [be.cloneOf.split('@')[0]!])));
}

export interface BeEntriesInput {
  be: BootEnvironment;
  /** Where the BE's files can be read ("/" for the booted one). */
  dir: string;
  isBooted: boolean;
  hashes: HashCache;
  policy: KernelPolicy;
  /** Collects what keeps (some of) its kernels off the ESPs. */
  problems: string[];
  /** Also its trial entry (a trial pending or running). */
  trial?: boolean;
}

/** The entries one BE wants: one per chosen kernel of its own /boot, root= its dataset. */
export async function beEntries({ be, dir, isBooted, hashes, policy, problems, trial = false }: BeEntriesInput): Promise<WantedEntry[]> {
  const boot = await readBootDir(dir);
  return entriesFromBootDir({ be, boot, isBooted, policy, problems, pairOf: (kver) => bootPair(dir, kver, hashes), trial });
}

interface FromBootDirInput {
  be: BootEnvironment;
  boot: BootDir;
  isBooted: boolean;
  policy: KernelPolicy;
  problems: string[];
  /** The kernel and initrd of one version, hashed (read from the BE, or from the record). */
  pairOf(kver: string): Promise<BootPair>;
  /** Also the trial entry of its default kernel, last (the first entry stays its default). */
  trial: boolean;
}

async function entriesFromBootDir({ be, boot, isBooted, policy, problems, pairOf, trial }: FromBootDirInput): Promise<WantedEntry[]> {
  for (const line of boot.skipped) problems.push(`${be.name}: ${line}`);
  if (boot.kvers.length === 0) {
    problems.push(`${be.name}: its /boot has no kernel with an initrd; it cannot be booted`);
    return [];
  }
  const lastBooted = isBooted ? release() : be.lastKernel;
  const given = boot.cmdline === undefined ? [] : parseKernelCmdline(boot.cmdline);
  const line = bootCommandLine(given, boot.cmdlineFrom, be.dataset);
  if (!line.ok) {
    problems.push(`${be.name}: with its root= ${line.tooLong}; it is not put on the ESPs`);
    return [];
  }
  const cmdline = line.tokens;
  if (boot.cmdline === undefined) problems.push(`${be.name}: has no /etc/kernel/cmdline (nor GRUB_CMDLINE_LINUX in /etc/default/grub); booting it with "${cmdline.join(' ')}"`);
  const pin = followedPin(kernelPin(boot.pins), boot.kvers);
  if (pin.problem !== undefined) problems.push(`${be.name}: ${pin.problem}`);
  const entries: WantedEntry[] = [];
  let trialOne: WantedEntry | undefined;
  for (const kver of chooseKernels(boot.kvers, policy, lastBooted, pin.kver)) {
    if (!isSafeEspName(kver)) {
      problems.push(`${be.name}: kernel version "${kver}" cannot be used for files on an ESP; skipped`);
      continue;
    }
    const pair = await pairOf(kver);
    const entryFacts = { be: be.name, kver, cmdline, created: be.created, ...(be.madeBy ? { origin: be.madeBy } : {}), ...(be.description ? { description: be.description } : {}) };
    entries.push(wantedEntry(entryFacts, pair.linux, pair.initrd));
    if (trial && entries.length === 1) trialOne = trialEntry(entryFacts, pair.linux, pair.initrd);
  }
  return trialOne === undefined ? entries : [...entries, trialOne];
}
