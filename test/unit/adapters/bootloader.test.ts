// The boot loader of an ESP, chosen once per ESP (adapters/bootloader/registry.ts), and
// what each reads of a mounted ESP; real files in a temp directory stand in for the ESP.
// And the next-boot-only choice over the boot loaders' places, with stand-ins for them.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { EspBootloader, OneShotChoice, UnsupportedEsp } from '../../../src/adapters/bootloader/bootloader.js';
import { oneShotOver } from '../../../src/adapters/bootloader/one-shot.js';
import { bootloaderOf, isUnsupported, readOurEntries } from '../../../src/adapters/bootloader/registry.js';
import type { EspLocation } from '../../../src/adapters/esp/discover.js';
import { applyEspActions } from '../../../src/adapters/esp/apply.js';
import { readEspSnapshot } from '../../../src/adapters/esp/snapshot.js';
import { GRUB_CFG, GRUB_MARKER, MENU_NOT_SOURCED } from '../../../src/core/bootloader/grub.js';
import { renderGrubMenu } from '../../../src/core/bootfiles/grub-menu.js';
import { parseLoaderEntry } from '../../../src/core/bootfiles/loader-entry.js';
import { GRUB_MENU, LOADER_CONF } from '../../../src/core/esp/layout.js';
import { wantedEntry } from '../../../src/core/sync/entry-text.js';

const KVER = '6.8.12-4-pve';
const UUID = '1234-ABCD';
const file = (kind: 'vmlinuz' | 'initrd.img') => ({ kind, kver: KVER, sha256: 'a'.repeat(64), size: 1, source: `/boot/${kind}-${KVER}` });
const ours = wantedEntry({ be: 'pve-1', kver: KVER, cmdline: ['root=ZFS=rpool/ROOT/pve-1', 'boot=zfs'], created: 1_700_000_000 }, file('vmlinuz'), file('initrd.img'));

let esp: string;
beforeEach(async () => {
  esp = await mkdtemp(join(tmpdir(), 'bootloader-'));
});
afterEach(async () => {
  await rm(esp, { recursive: true, force: true });
});

const put = async (path: string, text: string) => {
  await mkdir(dirname(join(esp, path)), { recursive: true });
  await writeFile(join(esp, path), text);
};
const listed = (listedAsGrub = false): EspLocation => ({ kind: 'listed', id: UUID, device: `/dev/disk/by-uuid/${UUID}`, listedAsGrub });
const mounted = (): EspLocation => ({ kind: 'mounted', id: '/boot/efi', dir: esp });
const supported = (found: EspBootloader | UnsupportedEsp): EspBootloader => {
  if (isUnsupported(found)) throw new Error(found.unsupported);
  return found;
};

describe('which boot loader boots an ESP', () => {
  test('systemd-boot, unless GRUB claims it', async () => {
    expect(supported(await bootloaderOf(listed(), esp)).id).toBe('systemd-boot');
    expect(supported(await bootloaderOf(mounted(), esp)).id).toBe('systemd-boot');
  });

  test("GRUB: a listed ESP marked grub in proxmox-boot-tool's list, or with its GRUB install", async () => {
    expect(supported(await bootloaderOf(listed(true), esp)).id).toBe('grub');
    await put(GRUB_MARKER, 'shim');
    expect(supported(await bootloaderOf(listed(), esp)).id).toBe('grub');
  });

  test('GRUB on an ESP proxmox-boot-tool does not list is not ours to touch', async () => {
    await put(GRUB_MARKER, 'shim');
    expect(await bootloaderOf(mounted(), esp)).toEqual({ unsupported: 'GRUB mode (EFI/proxmox/grubx64.efi) on an ESP proxmox-boot-tool does not list: not handled' });
  });
});

describe('what a boot loader reads of its ESP', () => {
  test("systemd-boot: our loader entries (not proxmox-boot-tool's) and loader.conf", async () => {
    await put(`loader/entries/${ours.name}`, ours.text);
    await put('loader/entries/proxmox-6.8.12-4-pve.conf', 'title Proxmox\n');
    await put(LOADER_CONF, 'timeout 3\ndefault proxmox-*\n');
    const found = supported(await bootloaderOf(listed(), esp));
    const snapshot = await readEspSnapshot(esp, UUID, found, { verify: false });
    expect(snapshot.entries).toEqual([{ name: ours.name, text: ours.text }]);
    expect(snapshot.bootloader).toEqual({ id: 'systemd-boot', loaderConf: 'timeout 3\ndefault proxmox-*\n' });
    expect(await found.setupProblems()).toEqual([]);
  });

  test("GRUB: our menu's entries as loader entries, the menu and the ESP's UUID; no loader entries, the menu is no stored file", async () => {
    const menu = renderGrubMenu({ defaultEntry: ours.name, entries: [{ name: ours.name, entry: parseLoaderEntry(ours.text) }] }, UUID);
    await put(GRUB_MENU, menu);
    await put(`loader/entries/${ours.name}`, ours.text);
    const found = supported(await bootloaderOf(listed(true), esp));
    const snapshot = await readEspSnapshot(esp, UUID, found, { verify: false });
    expect(snapshot.entries).toEqual([{ name: ours.name, text: ours.text }]);
    expect(snapshot.bootloader).toEqual({ id: 'grub', fsUuid: UUID, menu });
    expect(snapshot.files).toEqual([]);
  });

  test("GRUB: a grub.cfg that does not source our menu is a setup problem; one that does is none", async () => {
    const found = supported(await bootloaderOf(listed(true), esp));
    expect(await found.setupProblems()).toEqual([MENU_NOT_SOURCED]);
    await put(GRUB_CFG, `if [ -f $prefix/../${GRUB_MENU} ]; then source $prefix/../${GRUB_MENU}; fi\n`);
    expect(await found.setupProblems()).toEqual([]);
  });

  test('list reads an ESP not ours to touch for our loader entries all the same', async () => {
    await put(GRUB_MARKER, 'shim');
    await put(`loader/entries/${ours.name}`, ours.text);
    expect(await readOurEntries(mounted(), esp)).toEqual([{ name: ours.name, text: ours.text }]);
  });

  test("the plan's entry and default steps land in the boot loader's files", async () => {
    await applyEspActions(esp, [
      { op: 'write-entry', name: ours.name, text: ours.text },
      { op: 'set-default', entry: ours.name, loaderConf: `default ${ours.name}\n` },
      { op: 'write-grub-menu', text: 'menu\n' },
    ]);
    expect(await readFile(join(esp, 'loader/entries', ours.name), 'utf8')).toBe(ours.text);
    expect(await readFile(join(esp, LOADER_CONF), 'utf8')).toBe(`default ${ours.name}\n`);
    expect(await readFile(join(esp, GRUB_MENU), 'utf8')).toBe('menu\n');
    await applyEspActions(esp, [{ op: 'remove-entry', name: ours.name }]);
    expect(await readOurEntries(listed(), esp)).toEqual([]);
  });
});

describe('the next-boot-only choice over the boot loaders', () => {
  /** A stand-in place: what it holds, how many ESPs it has, and a log of what was done. */
  const place = (keptIn: OneShotChoice['keptIn'], log: string[], name: string, held: { value?: string; places: number; booted?: boolean }): OneShotChoice => ({
    keptIn,
    bootedUs: async () => held.booted === true,
    read: async () => {
      log.push(`read ${name}`);
      return held.value;
    },
    write: async (entry) => {
      log.push(`write ${name} ${entry ?? '(clear)'}`);
      if (held.places > 0) held.value = entry;
      return held.places;
    },
  });
  const host = (firmware: { value?: string; booted?: boolean }, esps: { value?: string; places: number }) => {
    const log: string[] = [];
    const choices = [place('esps', log, 'esps', esps), place('firmware', log, 'firmware', { ...firmware, places: 1 })];
    return { log, oneShot: oneShotOver(choices) };
  };

  test('booted by the firmware-keeping boot loader: only its choice counts', async () => {
    const { log, oneShot } = host({ booted: true }, { value: 'e.conf', places: 2 });
    expect(await oneShot.read()).toBeUndefined();
    await oneShot.set('x.conf');
    await oneShot.clear();
    expect(log).toEqual(['read firmware', 'write firmware x.conf', 'write firmware (clear)']);
  });

  test('otherwise: read in firmware first, then on the ESPs', async () => {
    expect(await host({ value: 'f.conf' }, { value: 'e.conf', places: 2 }).oneShot.read()).toBe('f.conf');
    expect(await host({}, { value: 'e.conf', places: 2 }).oneShot.read()).toBe('e.conf');
    expect(await host({}, { places: 0 }).oneShot.read()).toBeUndefined();
  });

  test('set: on the ESPs that keep it; in firmware only when there are none', async () => {
    const withEsps = host({}, { places: 2 });
    await withEsps.oneShot.set('x.conf');
    expect(withEsps.log).toEqual(['write esps x.conf']);
    const without = host({}, { places: 0 });
    await without.oneShot.set('x.conf');
    expect(without.log).toEqual(['write esps x.conf', 'write firmware x.conf']);
  });

  test("clear: on the ESPs, and in firmware when there are none or it holds a choice", async () => {
    const clean = host({}, { value: 'e.conf', places: 2 });
    await clean.oneShot.clear();
    expect(clean.log).toEqual(['write esps (clear)', 'read firmware']);
    const both = host({ value: 'f.conf' }, { value: 'e.conf', places: 2 });
    await both.oneShot.clear();
    expect(both.log).toEqual(['write esps (clear)', 'read firmware', 'write firmware (clear)']);
    const none = host({}, { places: 0 });
    await none.oneShot.clear();
    expect(none.log).toEqual(['write esps (clear)', 'write firmware (clear)']);
  });
});
