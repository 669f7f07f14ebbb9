// `pve-bootenv sync`: every kept boot environment bootable from every ESP. Gathers the
// facts, plans each ESP (pure) with the ESPs mounted, and applies the plans only when
// asked: commands that change boot environments check the plan before they touch ZFS.
import type { KernelPolicy } from '../core/sync/choose-kernels.js';
import type { EspPlan } from '../core/sync/model.js';
import { planEsp } from '../core/sync/plan-esp.js';
import { applyEspActions } from '../adapters/esp/apply.js';
import { discoverEsps, type EspLocation } from '../adapters/esp/discover.js';
import { mountEsp, unmountEsp } from '../adapters/esp/mount.js';
import { bootloaderOf, grubCfgSourcesOurMenu, readEspSnapshot } from '../adapters/esp/snapshot.js';
import { readLoaderVariable, setDefaultEntryVariable } from '../adapters/efivars.js';
import { gatherBes, type GatheredBes } from './gather-bes.js';
import { readHostState, type HostState } from './host-state.js';

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
  | { esp: string; status: 'skipped' | 'failed'; message: string; plan?: EspPlan };

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

interface MountedEsp {
  location: EspLocation;
  dir: string;
  plan: EspPlan;
}

/**
 * Plans the sync of every ESP for the given state (which a caller may have adjusted: the
 * BE about to become the default or the next boot). Nothing is written.
 */
export async function prepareSync(settings: EspSettings & { verify: boolean }, state: HostState): Promise<PreparedSync> {
  const gathered = await gatherBes(state, settings.kernels);
  const planned: SyncReport = {
    defaultBe: gathered.defaultBe,
    defaultEntry: gathered.defaultEntry,
    esps: [],
    efiDefault: 'not-touched',
    problems: [...gathered.problems],
    bytesWritten: 0,
  };
  const mounted: MountedEsp[] = [];
  const toUnmount: string[] = [];
  const close = async () => {
    for (const dir of toUnmount) await unmountEsp(dir).catch(() => undefined);
    await gathered.release();
  };
  try {
    const discovery = await discoverEsps();
    planned.problems.push(...discovery.problems);
    if (discovery.esps.length === 0) {
      planned.problems.push('no ESP found: none listed in /etc/kernel/proxmox-boot-uuids, none mounted at /boot/efi or /efi');
    }
    for (const location of discovery.esps) {
      const outcome = await planOneEsp(location, gathered, settings, (dir) => toUnmount.push(dir), planned.problems);
      if ('dir' in outcome) {
        mounted.push(outcome);
        planned.esps.push({ esp: location.id, status: 'planned', plan: outcome.plan, bytesWritten: 0 });
      } else planned.esps.push(outcome);
    }
  } catch (error) {
    await close();
    throw error;
  }

  const apply = async (): Promise<SyncReport> => {
    const report: SyncReport = { ...planned, esps: [], problems: [...planned.problems] };
    for (const outcome of planned.esps) {
      const esp = mounted.find((m) => m.location.id === outcome.esp);
      report.esps.push(esp ? await applyOneEsp(esp) : outcome);
    }
    report.bytesWritten = report.esps.reduce((sum, e) => sum + ('bytesWritten' in e ? e.bytesWritten : 0), 0);
    await setEfiDefault(report);
    return report;
  };
  return { planned, gathered, apply, close };
}

/** Plans and (unless a dry run) applies a sync of the host as it is now. */
export async function sync(settings: SyncSettings, state?: HostState): Promise<SyncReport> {
  const prepared = await prepareSync(settings, state ?? (await readHostState()));
  try {
    return settings.dryRun ? prepared.planned : await prepared.apply();
  } finally {
    await prepared.close();
  }
}

async function planOneEsp(
  location: EspLocation,
  gathered: GatheredBes,
  settings: EspSettings & { verify: boolean },
  mountedAt: (dir: string) => void,
  problems: string[],
): Promise<MountedEsp | EspOutcome> {
  const id = location.id;
  let dir: string;
  try {
    dir = location.kind === 'listed' ? await mountEsp(id, location.device) : location.dir;
  } catch (error) {
    return { esp: id, status: 'failed', message: `cannot mount ${location.kind === 'listed' ? location.device : id}: ${messageOf(error)}` };
  }
  if (location.kind === 'listed') mountedAt(dir);
  try {
    const bootloader = await bootloaderOf(location, dir);
    if (bootloader.kind === 'unsupported') return { esp: id, status: 'skipped', message: bootloader.why };
    const grub = bootloader.kind === 'grub';
    if (grub && !(await grubCfgSourcesOurMenu(dir))) {
      problems.push(`ESP ${id}: its grub.cfg does not show the boot environments yet; run 'proxmox-boot-tool refresh' once (it runs update-grub, which adds them)`);
    }
    const snapshot = await readEspSnapshot(dir, id, { verify: settings.verify, ...(grub ? { grubUuid: bootloader.fsUuid } : {}) });
    const plan = planEsp({
      esp: snapshot,
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

async function applyOneEsp({ location, dir, plan }: MountedEsp): Promise<EspOutcome> {
  if (plan.actions.length === 0) return { esp: location.id, status: 'up-to-date', plan, bytesWritten: 0 };
  try {
    const bytesWritten = await applyEspActions(dir, plan.actions);
    return { esp: location.id, status: 'synced', plan, bytesWritten };
  } catch (error) {
    return { esp: location.id, status: 'failed', message: `writing failed: ${messageOf(error)}; the default entry still boots, run sync again once fixed`, plan };
  }
}

/** LoaderEntryDefault follows loader.conf once the entry is on some systemd-boot ESP (GRUB's default is in our menu). */
async function setEfiDefault(report: SyncReport): Promise<void> {
  const entryOnSomeEsp = report.esps.some((e) => (e.status === 'synced' || e.status === 'up-to-date') && e.plan.bootloader === 'systemd-boot');
  if (!report.defaultEntry || !entryOnSomeEsp) return;
  if ((await readLoaderVariable('LoaderEntryDefault')) === report.defaultEntry) {
    report.efiDefault = 'unchanged';
    return;
  }
  try {
    await setDefaultEntryVariable(report.defaultEntry);
    report.efiDefault = 'set';
  } catch (error) {
    report.efiDefault = 'failed';
    report.problems.push(`could not set the LoaderEntryDefault EFI variable (${messageOf(error)}); loader.conf's default line still selects the entry`);
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
