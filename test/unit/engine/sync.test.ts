// The sync engine with a SyncHost in memory: one listed systemd-boot ESP (the model of
// test/unit/core/sync/esp-model.ts), the BEs' wanted entries given, a log of the host calls.
import { describe, expect, test } from '@jest/globals';
import type { EspSnapshot, WantedBe } from '../../../src/core/sync/model.js';
import { sync, type SyncHost, type SyncSettings } from '../../../src/engine/sync.js';
import { apply, be, emptyEsp } from '../core/sync/esp-model.js';
import { hostState } from './fake-host.js';
import type { PlatformFacts } from '../../../src/core/host/platform.js';
import { PVE9_HOST } from '../core/check/fixtures.js';

const SETTINGS: SyncSettings = { reserveMiB: 32, maxLoaded: 8, kernels: 'latest', dryRun: false, verify: false };
const KVER = '6.8.12-4-pve';
const PVE_1 = be('pve-1', 'default', [[KVER, 'a']]);
const PVE_2 = be('pve-2', 'newest', [['6.8.12-2-pve', 'b']]);
const DIR = '/run/pve-bootenv/esp/AAAA-0001';

interface FakeEsp {
  host: SyncHost;
  log: string[];
  warnings: string[];
  /** What the ESP holds now. */
  esp(): EspSnapshot;
}

interface FakeOptions {
  esp?: EspSnapshot;
  unmountFails?: Error;
  readEsp?: SyncHost['readEsp'];
  /** The firmware's default (LoaderEntryDefault) before the sync; set() fails with setFails. */
  firmware?: { entry?: string; setFails?: Error };
  platform?: Partial<PlatformFacts>;
  /** The booted BE's pve-bootenv:last-kernel before the sync (default: the running kernel, recorded). */
  lastKernel?: string | undefined;
}

function fakeSyncHost(wanted: WantedBe[], options: FakeOptions = {}): FakeEsp {
  const log: string[] = [];
  const warnings: string[] = [];
  let esp = options.esp ?? emptyEsp();
  const host: SyncHost = {
    readState: async () => {
      const state = hostState();
      const lastKernel = 'lastKernel' in options ? options.lastKernel : KVER;
      if (lastKernel !== undefined) state.bes[0]!.lastKernel = lastKernel;
      return state;
    },
    gatherBes: async (_facts, _policy, recordUse) => {
      log.push(`gather${recordUse.trust ? ' trusting the record' : ''}${recordUse.update ? ' updating it' : ''}`);
      return { wanted, defaultBe: wanted[0]?.be, defaultEntry: wanted[0]?.entries[0]?.name, problems: [], readyToCopy: async () => undefined, release: async () => void log.push('release') };
    },
    discoverEsps: async () => ({ esps: [{ kind: 'listed', id: esp.id, device: '/dev/disk/by-uuid/AAAA-0001', listedAsGrub: false }], problems: [], source: 'test' }),
    mountEsp: async (id, _device, access) => {
      log.push(`mount ${id} ${access}`);
      return DIR;
    },
    unmountEsp: async (dir) => {
      log.push(`unmount ${dir}`);
      if (options.unmountFails) throw options.unmountFails;
    },
    readEsp: options.readEsp ?? (async () => ({ bootloader: 'systemd-boot', setupProblems: [], snapshot: structuredClone(esp) })),
    readEntries: async () => structuredClone(esp.entries),
    recordListing: async (listings) => void log.push(`record listing of ${listings.map((l) => l.location.id).join(',')}`),
    applyEspActions: async (dir, actions) => {
      log.push(`apply ${dir}: ${actions.map((a) => a.op).join(',')}`);
      const before = esp.freeBytes;
      esp = apply(esp, [...actions]);
      return Math.max(0, before - esp.freeBytes);
    },
    firmwareDefault: () => {
      const firmware = options.firmware;
      if (firmware === undefined) return undefined;
      return {
        read: async () => firmware.entry,
        set: async (entry) => {
          log.push(`firmware default ${entry}`);
          if (firmware.setFails) throw firmware.setFails;
          firmware.entry = entry;
        },
        refused: (reason) => `LoaderEntryDefault not set: ${reason}`,
      };
    },
    warn: async (message) => void warnings.push(message),
    platform: async () => ({ ...PVE9_HOST, ...options.platform }),
    runningKernel: () => KVER,
    recordLastKernel: async (dataset, kver) => void log.push(`last-kernel ${dataset} ${kver}`),
    recordVerification: async (v) => void log.push(`verified at ${v.at}: ${v.repaired} repaired, ${v.failedEsps} failed`),
    now: () => 1_800_000_000,
  };
  return { host, log, warnings, esp: () => esp };
}

/** An ESP that a sync of these BEs has already brought up to date. */
async function syncedEsp(wanted: WantedBe[]): Promise<EspSnapshot> {
  const fake = fakeSyncHost(wanted);
  await sync(SETTINGS, undefined, fake.host);
  return fake.esp();
}

describe('sync (engine, host in memory)', () => {
  test('an ESP already in sync: nothing is written, it is unmounted, the BEs released', async () => {
    const fake = fakeSyncHost([PVE_1], { esp: await syncedEsp([PVE_1]) });
    const report = await sync(SETTINGS, undefined, fake.host);
    expect(report.esps).toEqual([expect.objectContaining({ esp: 'AAAA-0001', status: 'up-to-date', bytesWritten: 0 })]);
    expect(report.bytesWritten).toBe(0);
    expect(fake.log).toEqual(['gather trusting the record updating it', 'mount AAAA-0001 read-write', `unmount ${DIR}`, 'record listing of AAAA-0001', 'release']);
  });

  test("a new BE's entries are planned, applied, and the ESP unmounted before the report", async () => {
    const before = await syncedEsp([PVE_1]);
    const fake = fakeSyncHost([PVE_1, PVE_2], { esp: before });
    const report = await sync(SETTINGS, undefined, fake.host);
    expect(report.esps).toEqual([expect.objectContaining({ status: 'synced' })]);
    expect(report.bytesWritten).toBeGreaterThan(0);
    expect(report.problems).toEqual([]);
    expect(fake.esp().entries.map((e) => e.name).sort()).toEqual([...PVE_1.entries, ...PVE_2.entries].map((e) => e.name).sort());
    expect(fake.log).toEqual(['gather trusting the record updating it', 'mount AAAA-0001 read-write', `apply ${DIR}: write-file,write-file,write-entry`, `unmount ${DIR}`, 'record listing of AAAA-0001', 'release']);
  });

  test('a verifying sync rewrites a stored file whose bytes do not match its name, as a repair, and records it', async () => {
    const before = await syncedEsp([PVE_1]);
    // What a verified reading shows of a rotted kernel: its size, but another hash.
    const rotted = { ...before, files: before.files.map((f, i) => (i === 0 ? { ...f, sha256: '0'.repeat(64) } : f)) };
    const fake = fakeSyncHost([PVE_1], { esp: rotted });
    const report = await sync({ ...SETTINGS, verify: true }, undefined, fake.host);
    expect(report.esps).toEqual([expect.objectContaining({ status: 'synced' })]);
    expect(report.esps[0]?.plan?.actions).toEqual([expect.objectContaining({ op: 'write-file', path: before.files[0]!.path, repair: true })]);
    expect(fake.log).toContain('verified at 1800000000: 1 repaired, 0 failed');
  });

  test('a verifying sync with nothing to repair records that too; a plain sync records nothing', async () => {
    const verifying = fakeSyncHost([PVE_1], { esp: await syncedEsp([PVE_1]) });
    await sync({ ...SETTINGS, verify: true }, undefined, verifying.host);
    expect(verifying.log).toContain('verified at 1800000000: 0 repaired, 0 failed');
    // It reads every BE again (no trust in the boot record) and records what it read.
    expect(verifying.log[0]).toBe('gather updating it');
    const plain = fakeSyncHost([PVE_1], { esp: await syncedEsp([PVE_1]) });
    await sync(SETTINGS, undefined, plain.host);
    expect(plain.log.filter((line) => line.startsWith('verified'))).toEqual([]);
    const dry = fakeSyncHost([PVE_1], { esp: await syncedEsp([PVE_1]) });
    await sync({ ...SETTINGS, verify: true, dryRun: true }, undefined, dry.host);
    expect(dry.log.filter((line) => line.startsWith('verified'))).toEqual([]);
    expect(dry.log[0]).toBe('gather');
  });

  test('a new file is no repair', async () => {
    const fake = fakeSyncHost([PVE_1, PVE_2], { esp: await syncedEsp([PVE_1]) });
    const report = await sync({ ...SETTINGS, verify: true }, undefined, fake.host);
    expect(report.esps[0]?.plan?.actions.filter((a) => a.op === 'write-file' && a.repair)).toEqual([]);
    expect(fake.log).toContain('verified at 1800000000: 0 repaired, 0 failed');
  });

  test('a dry run plans the new entries and writes nothing', async () => {
    const before = await syncedEsp([PVE_1]);
    const fake = fakeSyncHost([PVE_1, PVE_2], { esp: before });
    const report = await sync({ ...SETTINGS, dryRun: true }, undefined, fake.host);
    expect(report.esps).toEqual([expect.objectContaining({ status: 'planned' })]);
    expect(report.esps[0]?.plan?.actions.filter((a) => a.op === 'write-entry')).toHaveLength(1);
    expect(fake.esp()).toEqual(before);
    // The boot record is used but not updated; the ESP is only read.
    expect(fake.log).toEqual(['gather trusting the record', 'mount AAAA-0001 read-only', `unmount ${DIR}`, 'release']);
  });

  test('an ESP written but not unmounted is no success: failed, with what was written', async () => {
    const fake = fakeSyncHost([PVE_1], { unmountFails: new Error('umount: target is busy') });
    const report = await sync(SETTINGS, undefined, fake.host);
    expect(report.esps).toEqual([
      expect.objectContaining({ esp: 'AAAA-0001', status: 'failed', message: 'written, but could not unmount it: umount: target is busy; run sync again once fixed' }),
    ]);
    expect(report.bytesWritten).toBeGreaterThan(0);
    expect(fake.esp().entries.map((e) => e.name)).toEqual(PVE_1.entries.map((e) => e.name));
    // Unmounted once (by the apply), not again at close.
    expect(fake.log.filter((line) => line.startsWith('unmount'))).toHaveLength(1);
    // What list would show is not recorded for an ESP that may not hold it yet.
    expect(fake.log.filter((line) => line.startsWith('record listing'))).toEqual([]);
  });

  test('an up-to-date ESP that does not unmount stays up to date, with a problem line', async () => {
    const fake = fakeSyncHost([PVE_1], { esp: await syncedEsp([PVE_1]), unmountFails: new Error('umount: target is busy') });
    const report = await sync(SETTINGS, undefined, fake.host);
    expect(report.esps).toEqual([expect.objectContaining({ status: 'up-to-date' })]);
    expect(report.problems).toEqual(['ESP AAAA-0001: could not unmount it: umount: target is busy']);
  });

  test('a dry run whose unmount fails warns the admin', async () => {
    const fake = fakeSyncHost([PVE_1], { unmountFails: new Error('umount: target is busy') });
    await sync({ ...SETTINGS, dryRun: true }, undefined, fake.host);
    expect(fake.warnings).toEqual(['ESP AAAA-0001: could not unmount it: umount: target is busy']);
  });

  test("the firmware's default follows only after the ESP is written and unmounted; unchanged is not set again", async () => {
    const firmware: { entry?: string } = { entry: 'pve-bootenv-old.conf' };
    const fake = fakeSyncHost([PVE_1], { firmware });
    const report = await sync(SETTINGS, undefined, fake.host);
    const entry = PVE_1.entries[0]!.name;
    expect([report.efiDefault, firmware.entry]).toEqual(['set', entry]);
    expect(fake.log.slice(fake.log.indexOf(`unmount ${DIR}`))).toEqual([`unmount ${DIR}`, 'record listing of AAAA-0001', `firmware default ${entry}`, 'release']);

    const again = fakeSyncHost([PVE_1], { esp: fake.esp(), firmware });
    expect((await sync(SETTINGS, undefined, again.host)).efiDefault).toBe('unchanged');
    expect(again.log).not.toContain(`firmware default ${entry}`);
  });

  test('a firmware that refuses the default: the sync says so, the ESP stays synced', async () => {
    const fake = fakeSyncHost([PVE_1], { firmware: { setFails: new Error('EFI variables are read-only') } });
    const report = await sync(SETTINGS, undefined, fake.host);
    expect(report.esps).toEqual([expect.objectContaining({ status: 'synced' })]);
    expect([report.efiDefault, report.problems]).toEqual(['failed', ['LoaderEntryDefault not set: EFI variables are read-only']]);
  });

  test("an ESP whose files cannot be read: failed, nothing written, its boot loader's setup problems still told", async () => {
    const fake = fakeSyncHost([PVE_1], {
      readEsp: async () => ({ bootloader: 'grub', setupProblems: [{ warning: 'grub.cfg does not show the boot environments', finding: { message: 'grub.cfg does not show the boot environments', fix: 'proxmox-boot-tool refresh' } }], unreadable: 'EIO reading EFI/pve-bootenv' }),
    });
    const report = await sync(SETTINGS, undefined, fake.host);
    expect(report.esps).toEqual([expect.objectContaining({ esp: 'AAAA-0001', status: 'failed', message: 'EIO reading EFI/pve-bootenv' })]);
    expect(report.problems).toContain('ESP AAAA-0001: grub.cfg does not show the boot environments');
    expect(fake.log.some((line) => line.startsWith('apply'))).toBe(false);
  });

  test('the booted BE records the kernel it runs, once: a sync with nothing to do then sets nothing', async () => {
    const fake = fakeSyncHost([PVE_1], { lastKernel: undefined });
    await sync(SETTINGS, undefined, fake.host);
    expect(fake.log).toContain(`last-kernel rpool/ROOT/pve-1 ${KVER}`);
    const again = fakeSyncHost([PVE_1], { esp: fake.esp(), lastKernel: KVER });
    await sync(SETTINGS, undefined, again.host);
    expect(again.log).toEqual(['gather trusting the record updating it', 'mount AAAA-0001 read-write', `unmount ${DIR}`, 'record listing of AAAA-0001', 'release']);
    const dry = fakeSyncHost([PVE_1], { esp: fake.esp(), lastKernel: '6.8.8-1-pve' });
    await sync({ ...SETTINGS, dryRun: true }, undefined, dry.host);
    expect(dry.log.some((line) => line.startsWith('last-kernel'))).toBe(false);
  });

  test('an OpenZFS release we do not know, or the systemd-boot package on Debian 13: one line, nothing mounted or written', async () => {
    for (const [platform, line] of [
      [{ zfsVersion: '2.5.0-1' }, /^OpenZFS "2\.5\.0-1" is not a release this pve-bootenv knows \(2\.1, 2\.2, 2\.3, 2\.4\): its output may differ, so nothing is changed; update pve-bootenv$/],
      [{ systemdBootPackage: true }, /^the systemd-boot package is installed: on Proxmox VE 9 .*; remove it with 'apt remove systemd-boot'/],
    ] as const) {
      const fake = fakeSyncHost([PVE_1], { platform });
      await expect(sync(SETTINGS, undefined, fake.host)).rejects.toThrow(line);
      expect(fake.log).toEqual([]);
    }
    // Debian 12 (Proxmox VE 8) comes with the systemd-boot package: fine there.
    const bookworm = fakeSyncHost([PVE_1], { platform: { systemdBootPackage: true, debianMajor: 12, zfsVersion: '2.2.7-pve2' } });
    expect((await sync(SETTINGS, undefined, bookworm.host)).esps).toEqual([expect.objectContaining({ status: 'synced' })]);
  });

  test('no bootctl for a systemd-boot ESP: refused after planning, nothing written, the ESP unmounted', async () => {
    const fake = fakeSyncHost([PVE_1], { platform: { bootctl: false } });
    await expect(sync(SETTINGS, undefined, fake.host)).rejects.toThrow("bootctl is missing: the ESPs boot systemd-boot, whose default and next-boot choice are set with it; install it with 'apt install systemd-boot-tools', then run 'pve-bootenv sync'");
    expect(fake.log).toEqual(['gather trusting the record updating it', 'mount AAAA-0001 read-write', `unmount ${DIR}`, 'release']);
    expect(fake.esp()).toEqual(emptyEsp());
  });
});
