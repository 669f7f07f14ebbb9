// `pve-bootenv sync`: every kept boot environment bootable from every ESP. Gathers the
// facts, plans each ESP (pure), then applies the plans unless it is a dry run.
import { beRootOf } from '../core/be/boot-environment.js';
import type { KernelPolicy } from '../core/sync/choose-kernels.js';
import type { EspPlan } from '../core/sync/model.js';
import { planEsp } from '../core/sync/plan-esp.js';
import { applyEspActions } from '../adapters/esp/apply.js';
import { discoverEsps, type EspLocation } from '../adapters/esp/discover.js';
import { mountEsp, unmountEsp } from '../adapters/esp/mount.js';
import { isGrubEsp, readEspSnapshot } from '../adapters/esp/snapshot.js';
import { readLoaderVariable, setDefaultEntryVariable } from '../adapters/efivars.js';
import { HostError, rootDataset } from '../adapters/host.js';
import { listBootEnvironments, poolBootfs } from '../adapters/zfs.js';
import { gatherBes, type GatheredBes } from './gather-bes.js';

export interface SyncSettings {
  dryRun: boolean;
  /** Hash every stored file on the ESPs and rewrite the bad ones (slower). */
  verify: boolean;
  reserveMiB: number;
  maxLoaded: number;
  kernels: KernelPolicy;
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

export async function sync(settings: SyncSettings): Promise<SyncReport> {
  const booted = await rootDataset();
  const beRoot = beRootOf(booted);
  if (!beRoot) throw new HostError(`the root dataset ${booted} has no parent to hold boot environments (expected e.g. rpool/ROOT/pve-1)`);
  const pool = booted.split('/')[0]!;
  const [bes, bootfs, oneShotEntry] = await Promise.all([listBootEnvironments(beRoot), poolBootfs(pool), readLoaderVariable('LoaderEntryOneShot')]);
  const gathered = await gatherBes({ bes, booted, bootfs, oneShotEntry }, settings.kernels);
  const report: SyncReport = {
    defaultBe: gathered.defaultBe,
    defaultEntry: gathered.defaultEntry,
    esps: [],
    efiDefault: 'not-touched',
    problems: [...gathered.problems],
    bytesWritten: 0,
  };
  try {
    const discovery = await discoverEsps();
    report.problems.push(...discovery.problems);
    if (discovery.esps.length === 0) {
      report.problems.push('no ESP found: none listed in /etc/kernel/proxmox-boot-uuids, none mounted at /boot/efi or /efi');
    }
    for (const location of discovery.esps) report.esps.push(await syncOneEsp(location, gathered, settings));
  } finally {
    await gathered.release();
  }
  report.bytesWritten = report.esps.reduce((sum, e) => sum + ('bytesWritten' in e ? e.bytesWritten : 0), 0);

  const entryOnSomeEsp = report.esps.some((e) => e.status === 'synced' || e.status === 'up-to-date');
  if (!settings.dryRun && gathered.defaultEntry && entryOnSomeEsp) {
    if ((await readLoaderVariable('LoaderEntryDefault')) === gathered.defaultEntry) report.efiDefault = 'unchanged';
    else {
      try {
        await setDefaultEntryVariable(gathered.defaultEntry);
        report.efiDefault = 'set';
      } catch (error) {
        report.efiDefault = 'failed';
        report.problems.push(`could not set the LoaderEntryDefault EFI variable (${error instanceof Error ? error.message : error}); loader.conf's default line still selects the entry`);
      }
    }
  }
  return report;
}

async function syncOneEsp(location: EspLocation, gathered: GatheredBes, settings: SyncSettings): Promise<EspOutcome> {
  const id = location.id;
  if (location.kind === 'listed' && location.grub) return { esp: id, status: 'skipped', message: 'GRUB mode (listed as "grub"): GRUB hosts are not handled yet' };
  let dir: string;
  try {
    dir = location.kind === 'listed' ? await mountEsp(id, location.device) : location.dir;
  } catch (error) {
    return { esp: id, status: 'failed', message: `cannot mount ${location.kind === 'listed' ? location.device : id}: ${error instanceof Error ? error.message : error}` };
  }
  try {
    if (await isGrubEsp(dir)) return { esp: id, status: 'skipped', message: 'GRUB mode (EFI/proxmox/grubx64.efi): GRUB hosts are not handled yet' };
    const snapshot = await readEspSnapshot(dir, id, { verify: settings.verify });
    const plan = planEsp({
      esp: snapshot,
      wanted: gathered.wanted,
      defaultEntry: gathered.defaultEntry,
      maxLoaded: settings.maxLoaded,
      reserveBytes: settings.reserveMiB * 1024 * 1024,
    });
    if (plan.error) return { esp: id, status: 'failed', message: plan.error, plan };
    if (settings.dryRun) return { esp: id, status: 'planned', plan, bytesWritten: 0 };
    if (plan.actions.length === 0) return { esp: id, status: 'up-to-date', plan, bytesWritten: 0 };
    try {
      const bytesWritten = await applyEspActions(dir, plan.actions);
      return { esp: id, status: 'synced', plan, bytesWritten };
    } catch (error) {
      return { esp: id, status: 'failed', message: `writing failed: ${error instanceof Error ? error.message : error}; the default entry still boots, run sync again once fixed`, plan };
    }
  } catch (error) {
    return { esp: id, status: 'failed', message: error instanceof Error ? error.message : String(error) };
  } finally {
    if (location.kind === 'listed') await unmountEsp(dir).catch(() => undefined);
  }
}
