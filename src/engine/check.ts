// `pve-bootenv check`: gathers what the pure checker (core/check) judges — every BE's
// wanted entries and modules read from its own files (read-only mounts), every ESP read
// read-only with every stored file hashed, the datasets, the pool, where the layout paths
// live. Changes nothing.
import { strategyOf } from '../core/bootloader/strategies.js';
import { checkHost } from '../core/check/check-host.js';
import type { BeFacts, CheckFacts, EspFacts } from '../core/check/facts.js';
import { LAYOUT_PATHS } from '../core/check/layout-advice.js';
import type { CheckReport } from '../core/check/report.js';
import { bootFilePath } from '../core/esp/layout.js';
import { mountBeReadOnly, unmountBe } from '../adapters/be-mount.js';
import { discoverEsps, type EspLocation } from '../adapters/esp/discover.js';
import { mountEsp, unmountEsp } from '../adapters/esp/mount.js';
import { readEspSnapshot } from '../adapters/esp/snapshot.js';
import { bootloaderOf, isUnsupported } from '../adapters/bootloader/registry.js';
import { moduleVersions } from '../adapters/boot-dir.js';
import { apparentBytes } from '../adapters/disk-usage.js';
import { fileSystemSizeBytes, pathExists } from '../adapters/file-system.js';
import { HashCache } from '../adapters/hash-cache.js';
import { zfsDatasetAt } from '../adapters/mount-table.js';
import { fileSystemNames, poolUsage } from '../adapters/zfs.js';
import { beEntries } from './gather-bes.js';
import { readHostState, trialOf, type HostState } from './host-state.js';
import { messageOf } from '../core/errors.js';
import { readPlatformFacts } from '../adapters/platform.js';
import { readVerification } from '../adapters/verification-file.js';
import type { EspSettings } from './sync.js';

export async function check(settings: EspSettings): Promise<CheckReport> {
  const state = await readHostState();
  const discovery = await discoverEsps();
  const facts: CheckFacts = {
    beRoot: state.beRoot,
    bes: await beFacts(state, settings),
    esps: await Promise.all(discovery.esps.map(espFacts)),
    datasets: await fileSystemNames(state.pool),
    pool: { name: state.pool, ...(await poolUsage(state.pool)) },
    layout: await Promise.all(LAYOUT_PATHS.map(layoutOf)),
    booted: state.booted,
    unresolvedEspUuids: discovery.esps.flatMap((e) => (e.kind === 'listed' && !pathExists(e.device) ? [e.id] : [])),
    reserveMiB: settings.reserveMiB,
    platform: await readPlatformFacts(),
  };
  // Told beside the findings, not judged: how long ago is too long is the admin's call.
  return { ...checkHost(facts), lastVerification: (await readVerification()) ?? null };
}

async function beFacts(state: HostState, settings: EspSettings): Promise<BeFacts[]> {
  const hashes = await HashCache.load();
  const result: BeFacts[] = [];
  for (const be of state.bes) {
    const booted = be.dataset === state.booted;
    const facts: BeFacts = {
      name: be.name,
      dataset: be.dataset,
      canmount: be.canmount,
      booted,
      isDefault: be.dataset === state.defaultDataset,
      nextBoot: be.dataset === state.nextBootDataset,
      wanted: [],
      modules: [],
      problems: [],
    };
    const trial = trialOf(state, be);
    if (trial?.kind === 'failed') facts.trialFailed = trial.why;
    let mount: { dir: string; ours: boolean } | undefined;
    try {
      mount = booted ? { dir: '/', ours: false } : await mountBeReadOnly(be.dataset, be.name);
      const entries = await beEntries({ be, dir: mount.dir, isBooted: booted, hashes, policy: settings.kernels, problems: facts.problems, trial: be.dataset === state.trialDataset });
      facts.wanted = entries.map((e) => ({
        name: e.name,
        kver: e.linux.kver,
        text: e.text,
        linux: { path: bootFilePath('vmlinuz', e.linux.kver, e.linux.sha256), size: e.linux.size, sha256: e.linux.sha256 },
        initrd: { path: bootFilePath('initrd.img', e.initrd.kver, e.initrd.sha256), size: e.initrd.size, sha256: e.initrd.sha256 },
      }));
      // The BE's tree is not ours to trust: a modules directory that is a link out of it is
      // read as a problem of the BE (below), a missing one as no modules.
      facts.modules = await moduleVersions(mount.dir);
    } catch (error) {
      facts.problems.push(`cannot read its files: ${messageOf(error)}`);
    } finally {
      if (mount?.ours) await unmountBe(mount.dir);
    }
    result.push(facts);
  }
  // The hash cache only spares rehashing the next time; check changes nothing and reports
  // on the host, not on its own cache, so a cache it cannot save goes unmentioned.
  await hashes.save().catch(() => undefined);
  return result;
}

async function espFacts(location: EspLocation): Promise<EspFacts> {
  let dir: string;
  try {
    dir = location.kind === 'listed' ? await mountEsp(location.id, location.device, { readOnly: true }) : location.dir;
  } catch (error) {
    return { id: location.id, kind: 'unreachable', error: messageOf(error) };
  }
  try {
    const bootloader = await bootloaderOf(location, dir);
    if (isUnsupported(bootloader)) return { id: location.id, kind: 'unsupported', why: bootloader.unsupported };
    const snapshot = await readEspSnapshot(dir, location.id, bootloader, { verify: true });
    const sizeBytes = await fileSystemSizeBytes(dir);
    const { entry: loaderDefault, problem } = strategyOf(snapshot.bootloader.id).checkedDefault(snapshot.bootloader);
    return {
      id: location.id,
      kind: 'readable',
      bootloader: snapshot.bootloader.id,
      sizeBytes,
      freeBytes: snapshot.freeBytes,
      entries: snapshot.entries,
      files: snapshot.files,
      ...(loaderDefault !== undefined ? { loaderDefault } : {}),
      ...(problem !== undefined ? { defaultProblem: problem } : {}),
      setupProblems: await bootloader.setupProblems(),
    };
  } catch (error) {
    return { id: location.id, kind: 'unreachable', error: messageOf(error) };
  } finally {
    // Mounted read-only in our private namespace: nothing to flush, and the mount ends with
    // the process; the ESP's facts are what check reports, whether or not it unmounts.
    if (location.kind === 'listed') await unmountEsp(dir).catch(() => undefined);
  }
}

/** Where a layout path lives and how much it holds there (apparent bytes: see disk-usage.ts). */
async function layoutOf(path: string): Promise<CheckFacts['layout'][number]> {
  const dataset = await zfsDatasetAt(path);
  if (dataset === undefined) return { path, dataset };
  try {
    return { path, dataset, bytes: await apparentBytes(path) };
  } catch {
    // du failed (a file vanished under it, an unreadable directory): the path is reported
    // on its dataset with its size unknown, and the layout advice leaves its size out.
    return { path, dataset };
  }
}
