// The sync engine with a SyncHost in memory: one listed systemd-boot ESP (the model of
// test/unit/core/sync/esp-model.ts), the BEs' wanted entries given, a log of the host calls.
import { describe, expect, test } from '@jest/globals';
import type { EspSnapshot, WantedBe } from '../../../src/core/sync/model.js';
import { sync, type SyncHost, type SyncSettings } from '../../../src/engine/sync.js';
import { apply, be, emptyEsp } from '../core/sync/esp-model.js';
import { hostState } from './fake-host.js';

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
}

function fakeSyncHost(wanted: WantedBe[], options: FakeOptions = {}): FakeEsp {
  const log: string[] = [];
  const warnings: string[] = [];
  let esp = options.esp ?? emptyEsp();
  const host: SyncHost = {
    readState: async () => hostState(),
    gatherBes: async () => {
      log.push('gather');
      return { wanted, defaultBe: wanted[0]?.be, defaultEntry: wanted[0]?.entries[0]?.name, problems: [], release: async () => void log.push('release') };
    },
    discoverEsps: async () => ({ esps: [{ kind: 'listed', id: esp.id, device: '/dev/disk/by-uuid/AAAA-0001', listedAsGrub: false }], problems: [], source: 'test' }),
    mountEsp: async (id) => {
      log.push(`mount ${id}`);
      return DIR;
    },
    unmountEsp: async (dir) => {
      log.push(`unmount ${dir}`);
      if (options.unmountFails) throw options.unmountFails;
    },
    readEsp: options.readEsp ?? (async () => ({ bootloader: 'systemd-boot', setupProblems: [], snapshot: structuredClone(esp) })),
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
    expect(fake.log).toEqual(['gather', 'mount AAAA-0001', `unmount ${DIR}`, 'release']);
  });

  test("a new BE's entries are planned, applied, and the ESP unmounted before the report", async () => {
    const before = await syncedEsp([PVE_1]);
    const fake = fakeSyncHost([PVE_1, PVE_2], { esp: before });
    const report = await sync(SETTINGS, undefined, fake.host);
    expect(report.esps).toEqual([expect.objectContaining({ status: 'synced' })]);
    expect(report.bytesWritten).toBeGreaterThan(0);
    expect(report.problems).toEqual([]);
    expect(fake.esp().entries.map((e) => e.name).sort()).toEqual([...PVE_1.entries, ...PVE_2.entries].map((e) => e.name).sort());
    expect(fake.log).toEqual(['gather', 'mount AAAA-0001', `apply ${DIR}: write-file,write-file,write-entry`, `unmount ${DIR}`, 'release']);
  });

  test('a dry run plans the new entries and writes nothing', async () => {
    const before = await syncedEsp([PVE_1]);
    const fake = fakeSyncHost([PVE_1, PVE_2], { esp: before });
    const report = await sync({ ...SETTINGS, dryRun: true }, undefined, fake.host);
    expect(report.esps).toEqual([expect.objectContaining({ status: 'planned' })]);
    expect(report.esps[0]?.plan?.actions.filter((a) => a.op === 'write-entry')).toHaveLength(1);
    expect(fake.esp()).toEqual(before);
    expect(fake.log).toEqual(['gather', 'mount AAAA-0001', `unmount ${DIR}`, 'release']);
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
    expect(fake.log.slice(fake.log.indexOf(`unmount ${DIR}`))).toEqual([`unmount ${DIR}`, `firmware default ${entry}`, 'release']);

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
});
