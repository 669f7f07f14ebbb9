// `pve-bootenv sync`: every kept boot environment bootable from every ESP. Gathers the
// facts, plans each ESP (pure) with the ESPs mounted, and applies the plans only when
// asked: commands that change boot environments check the plan before they touch ZFS.
// Everything it does to the host goes through a SyncHost, realSyncHost (the adapters)
// unless a unit test passes a fake.
import { release } from 'node:os';
import type { BootloaderId } from '../core/bootloader/strategies.js';
import type { SetupProblem } from '../core/bootloader/strategy.js';
import type { KernelPolicy } from '../core/sync/choose-kernels.js';
import type { EspAction, EspEntry, EspPlan, EspSnapshot } from '../core/sync/model.js';
import { planEsp } from '../core/sync/plan-esp.js';
import { messageOf } from '../core/errors.js';
import { applyEspActions } from '../adapters/esp/apply.js';
import { discoverEsps, type Discovery, type EspLocation } from '../adapters/esp/discover.js';
import { mountEsp, unmountEsp } from '../adapters/esp/mount.js';
import { readEspSnapshot } from '../adapters/esp/snapshot.js';
import type { FirmwareDefault } from '../adapters/bootloader/bootloader.js';
import { bootloaderOf, bootloaderWithId, isUnsupported, readOurEntries } from '../adapters/bootloader/registry.js';
import { recordEspListing } from '../adapters/esp/listing-record-file.js';
import { stderrLogger } from '../adapters/log.js';
import { gatherBes, type BeFacts, type GatheredBes, type RecordUse } from './gather-bes.js';
import { readHostState, type HostState } from './host-state.js';
import { PROPS } from '../core/be/boot-environment.js';
import { setProperties } from '../adapters/zfs.js';
import type { Verification } from '../core/sync/verification.js';
import { writeVerification } from '../adapters/verification-file.js';
import { HostError } from '../adapters/host.js';
import { readPlatformFacts } from '../adapters/platform.js';
import { bootloaderToolProblem, platformProblems, problemLine, type PlatformFacts } from '../core/host/platform.js';

export interface EspSettings {
  reserveMiB: number;
  maxLoaded: number;
  kernels: KernelPolicy;
}

export interface SyncSettings extends EspSettings {
  dryRun: boolean;
  /** Hash every stored file on the ESPs and rewrite the bad ones (slower). */
  verify: boolean;
}

export type EspOutcome =
  | { esp: string; status: 'synced' | 'up-to-date' | 'planned'; plan: EspPlan; bytesWritten: number }
  /** bytesWritten: what a failed ESP was written before it failed (its unmount), when known. */
  | { esp: string; status: 'skipped' | 'failed'; message: string; plan?: EspPlan; bytesWritten?: number };

export interface SyncReport {
  defaultBe: string | undefined;
  defaultEntry: string | undefined;
  esps: EspOutcome[];
  /** LoaderEntryDefault: set, already right, refused by the firmware, or not touched. */
  efiDefault: 'set' | 'unchanged' | 'failed' | 'not-touched';
  problems: string[];
  bytesWritten: number;
}

/** A sync planned with the ESPs mounted: apply() carries it out; close() must follow. */
export interface PreparedSync {
  planned: SyncReport;
  /** The entries of each loaded BE, as planned (the first is its default entry). */
  gathered: GatheredBes;
  apply(): Promise<SyncReport>;
  close(): Promise<void>;
}

/** One ESP as its boot loader shows it, read for planning; or why it is not ours to sync. */
export type EspReading =
  | { unsupported: string }
  | { bootloader: BootloaderId; setupProblems: SetupProblem[]; snapshot: EspSnapshot }
  /** Its boot loader's setup problems are told even when its files could not be read. */
  | { bootloader: BootloaderId; setupProblems: SetupProblem[]; unreadable: string };

/** What a sync does to the host. */
export interface SyncHost {
  readState(): Promise<HostState>;
  /** Every BE's wanted entries (gather-bes.ts), read from read-only mounts that release() ends. */
  gatherBes(facts: BeFacts, policy: KernelPolicy, recordUse: RecordUse): Promise<GatheredBes>;
  discoverEsps(): Promise<Discovery>;
  /** Mounts a listed ESP (read-only for a dry run); the directory it is at. */
  mountEsp(id: string, device: string, access: 'read-only' | 'read-write'): Promise<string>;
  /** Unmounts it, flushing what was written: a sync reports no success before this. */
  unmountEsp(dir: string): Promise<void>;
  /** The ESP mounted at dir, read through its boot loader (verify: hash every stored file). */
  readEsp(location: EspLocation, dir: string, options: { verify: boolean }): Promise<EspReading>;
  /** Our entries on the ESP mounted at dir, as list shows them. */
  readEntries(location: EspLocation, dir: string): Promise<EspEntry[]>;
  /** Keeps what a sync left on every ESP for list (after the unmounts); a cache, never a failure. */
  recordListing(listings: Array<{ location: EspLocation; entries: EspEntry[] }>): Promise<void>;
  /** Carries out a plan's actions; the bytes written. */
  applyEspActions(dir: string, actions: readonly EspAction[]): Promise<number>;
  /** Where the boot loader keeps a default in firmware too (LoaderEntryDefault), if it does. */
  firmwareDefault(bootloader: BootloaderId): FirmwareDefault | undefined;
  /** A warning for the admin that has no report left to go into. */
  warn(message: string): Promise<void>;
  /** What the host runs (OpenZFS, Debian release, systemd-boot packages), read from files. */
  platform(): Promise<PlatformFacts>;
  /** The kernel running now (uname -r). */
  runningKernel(): string;
  /** Records on the booted BE the kernel it booted (pve-bootenv:last-kernel), for when another BE runs. */
  recordLastKernel(dataset: string, kver: string): Promise<void>;
  /** Records what a verifying sync found, for list and check to tell. */
  recordVerification(verification: Verification): Promise<void>;
  /** Now, in seconds since the epoch. */
  now(): number;
}

export const realSyncHost: SyncHost = {
  readState: readHostState,
  gatherBes,
  discoverEsps,
  mountEsp: (id, device, access) => mountEsp(id, device, { readOnly: access === 'read-only' }),
  unmountEsp,
  readEsp: async (location, dir, options) => {
    const bootloader = await bootloaderOf(location, dir);
    if (isUnsupported(bootloader)) return { unsupported: bootloader.unsupported };
    const setupProblems = await bootloader.setupProblems();
    try {
      return { bootloader: bootloader.id, setupProblems, snapshot: await readEspSnapshot(dir, location.id, bootloader, options) };
    } catch (error) {
      return { bootloader: bootloader.id, setupProblems, unreadable: messageOf(error) };
    }
  },
  readEntries: readOurEntries,
  recordListing: (listings) => recordEspListing(listings).catch(() => undefined),
  applyEspActions,
  firmwareDefault: (id) => bootloaderWithId(id).firmwareDefault,
  warn: (message) => stderrLogger().warn(message),
  platform: readPlatformFacts,
  runningKernel: release,
  recordLastKernel: (dataset, kver) => setProperties(dataset, { [PROPS.lastKernel]: kver }),
  recordVerification: writeVerification,
  now: () => Math.floor(Date.now() / 1000),
};

interface MountedEsp {
  location: EspLocation;
  dir: string;
  plan: EspPlan;
}

/**
 * Plans the sync of every ESP for the given state (which a caller may have adjusted: the
 * BE about to become the default or the next boot). Nothing is written.
 */
export async function prepareSync(settings: EspSettings & { verify: boolean; dryRun?: boolean }, state: HostState, host: SyncHost = realSyncHost): Promise<PreparedSync> {
  // A host we do not know how to change is refused before anything is mounted or written.
  const platform = await host.platform();
  const refused = platformProblems(platform)[0];
  if (refused !== undefined) throw new HostError(problemLine(refused));
  // --verify reads every BE again; a dry run neither marks BEs nor writes the record.
  const gathered = await host.gatherBes(state, settings.kernels, { trust: !settings.verify, update: settings.dryRun !== true });
  const planned: SyncReport = {
    defaultBe: gathered.defaultBe,
    defaultEntry: gathered.defaultEntry,
    esps: [],
    efiDefault: 'not-touched',
    problems: [...gathered.problems],
    bytesWritten: 0,
  };
  const mounted: MountedEsp[] = [];
  /** Our mounts not yet unmounted, by ESP id: apply() unmounts each it wrote to, close() the rest. */
  const ours = new Map<string, string>();
  const close = async () => {
    for (const [id, dir] of ours) {
      ours.delete(id);
      // Nothing was written here since the last unmount (apply() unmounts what it wrote,
      // in the report), and the mount ends with our namespace; the admin hears of it still.
      await host.unmountEsp(dir).catch((error: unknown) => host.warn(`ESP ${id}: could not unmount it: ${messageOf(error)}`));
    }
    await gathered.release();
  };
  try {
    const discovery = await host.discoverEsps();
    planned.problems.push(...discovery.problems);
    if (discovery.esps.length === 0) {
      planned.problems.push('no ESP found: none listed in /etc/kernel/proxmox-boot-uuids, none mounted at /boot/efi or /efi');
    }
    for (const location of discovery.esps) {
      const outcome = await planOneEsp(host, location, gathered, settings, (dir) => ours.set(location.id, dir), planned.problems);
      if ('dir' in outcome) {
        mounted.push(outcome);
        planned.esps.push({ esp: location.id, status: 'planned', plan: outcome.plan, bytesWritten: 0 });
      } else planned.esps.push(outcome);
    }
    const tool = bootloaderToolProblem(
      planned.esps.flatMap((outcome) => (outcome.plan ? [outcome.plan.bootloader] : [])),
      platform,
    );
    if (tool !== undefined) throw new HostError(problemLine(tool));
  } catch (error) {
    await close();
    throw error;
  }

  const apply = async (): Promise<SyncReport> => {
    const report: SyncReport = { ...planned, esps: [], problems: [...planned.problems] };
    // Files before entries before the default, and every file readable before any is written.
    await gathered.readyToCopy(mounted.flatMap((m) => m.plan.actions.flatMap((a) => (a.op === 'write-file' ? [a.from] : []))));
    // What each ESP holds once written, for list: read before its unmount, recorded after
    // all of them, and only when every ESP was synced (else list reads them itself).
    const listings: Array<{ location: EspLocation; entries: EspEntry[] }> = [];
    for (const outcome of planned.esps) {
      const esp = mounted.find((m) => m.location.id === outcome.esp);
      if (!esp) {
        report.esps.push(outcome);
        continue;
      }
      const applied = await applyOneEsp(host, esp);
      if (applied.status !== 'failed') {
        const entries = await host.readEntries(esp.location, esp.dir).catch(() => undefined);
        if (entries !== undefined) listings.push({ location: esp.location, entries });
      }
      report.esps.push(await flushed(applied, report.problems));
    }
    if (listings.length === report.esps.length && report.esps.every((e) => e.status === 'synced' || e.status === 'up-to-date')) await host.recordListing(listings);
    report.bytesWritten = report.esps.reduce((sum, e) => sum + (e.bytesWritten ?? 0), 0);
    await setFirmwareDefaults(host, report);
    await recordLastKernel(host, state, report.problems);
    return report;
  };

  /** An applied ESP's outcome once its writes are flushed: an ESP we mounted is unmounted first. */
  const flushed = async (outcome: EspOutcome, problems: string[]): Promise<EspOutcome> => {
    const dir = ours.get(outcome.esp);
    if (dir === undefined) return outcome;
    ours.delete(outcome.esp);
    try {
      await host.unmountEsp(dir);
      return outcome;
    } catch (error) {
      const why = `could not unmount it: ${messageOf(error)}`;
      if (outcome.status !== 'synced') {
        // Nothing written (up to date) or already failed: the ESP's state is as reported.
        problems.push(`ESP ${outcome.esp}: ${why}`);
        return outcome;
      }
      // The writes are done but may not be on the ESP yet: no success until they are.
      return { esp: outcome.esp, status: 'failed', message: `written, but ${why}; run sync again once fixed`, plan: outcome.plan, bytesWritten: outcome.bytesWritten };
    }
  };
  return { planned, gathered, apply, close };
}

/** Plans and (unless a dry run) applies a sync of the host as it is now. */
export async function sync(settings: SyncSettings, state?: HostState, host: SyncHost = realSyncHost): Promise<SyncReport> {
  const prepared = await prepareSync(settings, state ?? (await host.readState()), host);
  let report: SyncReport;
  try {
    if (settings.dryRun) return prepared.planned;
    report = await prepared.apply();
  } finally {
    await prepared.close();
  }
  if (settings.verify) await recordVerification(host, report);
  return report;
}

/** The record of a verifying sync: its time, the files it rewrote, the ESPs it could not sync. */
export function verificationOf(report: SyncReport, at: number): Verification {
  const repaired = report.esps.flatMap((e) => (e.status === 'synced' ? e.plan.actions : [])).filter((a) => a.op === 'write-file' && a.repair).length;
  return { at, repaired, failedEsps: report.esps.filter((e) => e.status === 'failed').length };
}

async function recordVerification(host: SyncHost, report: SyncReport): Promise<void> {
  await host.recordVerification(verificationOf(report, host.now())).catch((error: unknown) => report.problems.push(`cannot record the verification: ${messageOf(error)}`));
}

async function planOneEsp(
  host: SyncHost,
  location: EspLocation,
  gathered: GatheredBes,
  settings: EspSettings & { verify: boolean; dryRun?: boolean },
  mountedAt: (dir: string) => void,
  problems: string[],
): Promise<MountedEsp | EspOutcome> {
  const id = location.id;
  let dir: string;
  try {
    // A dry run only reads: its ESPs are mounted read-only, so it cannot write one by mistake.
    dir = location.kind === 'listed' ? await host.mountEsp(id, location.device, settings.dryRun === true ? 'read-only' : 'read-write') : location.dir;
  } catch (error) {
    return { esp: id, status: 'failed', message: `cannot mount ${location.kind === 'listed' ? location.device : id}: ${messageOf(error)}` };
  }
  if (location.kind === 'listed') mountedAt(dir);
  try {
    const reading = await host.readEsp(location, dir, { verify: settings.verify });
    if ('unsupported' in reading) return { esp: id, status: 'skipped', message: reading.unsupported };
    for (const problem of reading.setupProblems) problems.push(`ESP ${id}: ${problem.warning}`);
    if ('unreadable' in reading) return { esp: id, status: 'failed', message: reading.unreadable };
    const plan = planEsp({
      esp: reading.snapshot,
      wanted: gathered.wanted,
      defaultEntry: gathered.defaultEntry,
      maxLoaded: settings.maxLoaded,
      reserveBytes: settings.reserveMiB * 1024 * 1024,
    });
    if (plan.error) return { esp: id, status: 'failed', message: plan.error, plan };
    return { location, dir, plan };
  } catch (error) {
    return { esp: id, status: 'failed', message: messageOf(error) };
  }
}

async function applyOneEsp(host: SyncHost, { location, dir, plan }: MountedEsp): Promise<EspOutcome> {
  if (plan.actions.length === 0) return { esp: location.id, status: 'up-to-date', plan, bytesWritten: 0 };
  try {
    const bytesWritten = await host.applyEspActions(dir, plan.actions);
    return { esp: location.id, status: 'synced', plan, bytesWritten };
  } catch (error) {
    return { esp: location.id, status: 'failed', message: `writing failed: ${messageOf(error)}; the default entry still boots, run sync again once fixed`, plan };
  }
}

/**
 * The booted BE remembers the kernel it runs (one zfs set, only when that changed): once
 * another BE boots, `kernels = latest-and-booted` keeps that kernel's entry for it.
 */
async function recordLastKernel(host: SyncHost, state: HostState, problems: string[]): Promise<void> {
  const booted = state.bes.find((be) => be.dataset === state.booted);
  const kver = host.runningKernel();
  if (booted === undefined || booted.lastKernel === kver) return;
  await host.recordLastKernel(booted.dataset, kver).catch((error: unknown) => problems.push(`${booted.name}: cannot record its running kernel: ${messageOf(error)}`));
}

/**
 * A default a boot loader keeps in firmware too (LoaderEntryDefault) follows the ESPs' once
 * the entry is on some ESP that boot loader boots.
 */
async function setFirmwareDefaults(host: SyncHost, report: SyncReport): Promise<void> {
  const defaultEntry = report.defaultEntry;
  if (!defaultEntry) return;
  const booting = new Set(report.esps.flatMap((e) => (e.status === 'synced' || e.status === 'up-to-date' ? [e.plan.bootloader] : [])));
  for (const id of booting) {
    const firmware = host.firmwareDefault(id);
    if (firmware === undefined) continue;
    if ((await firmware.read()) === defaultEntry) {
      report.efiDefault = 'unchanged';
      continue;
    }
    try {
      await firmware.set(defaultEntry);
      report.efiDefault = 'set';
    } catch (error) {
      report.efiDefault = 'failed';
      report.problems.push(firmware.refused(messageOf(error)));
    }
  }
}
