// `pve-bootenv check`: gathers what the pure checker (core/check) judges — every BE's
// wanted entries and modules read from its own files (read-only mounts), every ESP read
// read-only with every stored file hashed, the datasets, the pool, where the layout paths
// live. Changes nothing.
import { readdir, statfs } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BootFileError } from '../core/bootfiles/errors.js';
import { grubMenuDefault } from '../core/bootfiles/grub-menu.js';
import { parseLoaderConf } from '../core/bootfiles/loader-conf.js';
import { checkHost } from '../core/check/check-host.js';
import type { BeFacts, CheckFacts, EspFacts } from '../core/check/facts.js';
import { LAYOUT_PATHS } from '../core/check/layout-advice.js';
import type { CheckReport } from '../core/check/report.js';
import { bootFilePath } from '../core/esp/layout.js';
import { mountBeReadOnly, unmountBe } from '../adapters/be-mount.js';
import { discoverEsps, type EspLocation } from '../adapters/esp/discover.js';
import { mountEsp, unmountEsp } from '../adapters/esp/mount.js';
import { bootloaderOf, grubCfgSourcesOurMenu, readEspSnapshot } from '../adapters/esp/snapshot.js';
import { HashCache } from '../adapters/hash-cache.js';
import { PROGRAMS } from '../adapters/programs.js';
import { run } from '../adapters/run.js';
import { poolUsage } from '../adapters/zfs.js';
import { beEntries } from './gather-bes.js';
import { readHostState, type HostState } from './host-state.js';
import { messageOf, type EspSettings } from './sync.js';

export async function check(settings: EspSettings): Promise<CheckReport> {
  const state = await readHostState();
  const discovery = await discoverEsps();
  const facts: CheckFacts = {
    beRoot: state.beRoot,
    bes: await beFacts(state, settings),
    esps: await Promise.all(discovery.esps.map(espFacts)),
    datasets: (await run(PROGRAMS.zfs, ['list', '-H', '-o', 'name', '-t', 'filesystem', '-r', state.pool])).stdout.split('\n').filter(Boolean),
    pool: { name: state.pool, ...(await poolUsage(state.pool)) },
    layout: await Promise.all(LAYOUT_PATHS.map(layoutOf)),
    booted: state.booted,
    unresolvedEspUuids: discovery.esps.flatMap((e) => (e.kind === 'listed' && !existsSync(e.device) ? [e.id] : [])),
    reserveMiB: settings.reserveMiB,
  };
  return checkHost(facts);
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
    let mount: { dir: string; ours: boolean } | undefined;
    try {
      mount = booted ? { dir: '/', ours: false } : await mountBeReadOnly(be.dataset, be.name);
      const entries = await beEntries({ be, dir: mount.dir, isBooted: booted, hashes, policy: settings.kernels, problems: facts.problems });
      facts.wanted = entries.map((e) => ({
        name: e.name,
        kver: e.linux.kver,
        text: e.text,
        linux: { path: bootFilePath('vmlinuz', e.linux.kver, e.linux.sha256), size: e.linux.size, sha256: e.linux.sha256 },
        initrd: { path: bootFilePath('initrd.img', e.initrd.kver, e.initrd.sha256), size: e.initrd.size, sha256: e.initrd.sha256 },
      }));
      facts.modules = await readdir(join(mount.dir, 'lib/modules')).catch(() => []);
    } catch (error) {
      facts.problems.push(`cannot read its files: ${messageOf(error)}`);
    } finally {
      if (mount?.ours) await unmountBe(mount.dir);
    }
    result.push(facts);
  }
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
    if (bootloader.kind === 'unsupported') return { id: location.id, kind: 'unsupported', why: bootloader.why };
    const grub = bootloader.kind === 'grub';
    const snapshot = await readEspSnapshot(dir, location.id, { verify: true, ...(grub ? { grubUuid: bootloader.fsUuid } : {}) });
    const fs = await statfs(dir);
    const conf = snapshot.grub ? { default: grubMenuDefault(snapshot.grub.menu) } : readLoaderConf(snapshot.loaderConf);
    const loaderDefault = conf.default;
    return {
      id: location.id,
      kind: bootloader.kind,
      sizeBytes: fs.blocks * fs.bsize,
      freeBytes: snapshot.freeBytes,
      entries: snapshot.entries,
      files: snapshot.files,
      ...(loaderDefault !== undefined ? { loaderDefault } : {}),
      ...(conf.problem !== undefined ? { loaderConfProblem: conf.problem } : {}),
      ...(grub ? { menuInGrubCfg: await grubCfgSourcesOurMenu(dir) } : {}),
    };
  } catch (error) {
    return { id: location.id, kind: 'unreachable', error: messageOf(error) };
  } finally {
    if (location.kind === 'listed') await unmountEsp(dir).catch(() => undefined);
  }
}

/**
 * loader.conf's default, or why the file cannot be read. A malformed line is the ESP's
 * finding, not a reason to call the whole ESP unreadable: the sync goes on past it too
 * (it edits only the default line), and systemd-boot skips lines it cannot parse.
 */
function readLoaderConf(text: string): { default?: string | undefined; problem?: string } {
  try {
    return { default: parseLoaderConf(text).default };
  } catch (error) {
    if (error instanceof BootFileError) return { problem: error.message };
    throw error;
  }
}

/** Where a layout path lives and how much it holds there (du -sxb: apparent bytes; ZFS reports allocated blocks only after the transaction group syncs). */
async function layoutOf(path: string): Promise<CheckFacts['layout'][number]> {
  const dataset = await zfsDatasetOf(path);
  if (dataset === undefined) return { path, dataset };
  const { stdout, exitCode } = await run(PROGRAMS.du, ['-s', '-x', '-b', path], { allowFailure: true });
  const bytes = Number(stdout.split('\t')[0]);
  return exitCode === 0 && Number.isFinite(bytes) ? { path, dataset, bytes } : { path, dataset };
}

/** The ZFS dataset a path lives on, or undefined when it is on something else. */
async function zfsDatasetOf(path: string): Promise<string | undefined> {
  const { stdout, exitCode } = await run(PROGRAMS.findmnt, ['-n', '-o', 'SOURCE,FSTYPE', '--target', path], { allowFailure: true });
  const [source, fstype] = stdout.trim().split(/\s+/);
  return exitCode === 0 && fstype === 'zfs' ? source : undefined;
}
