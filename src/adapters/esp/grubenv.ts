// GRUB's next_entry on every GRUB-mode ESP: what grub-reboot sets, and what GRUB's
// grub.cfg (00_header) boots once and then clears itself. Whichever disk the firmware
// boots from, the same one-shot choice is there.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GRUBENV_HEADER, grubEnvValue, parseGrubEnv, renderGrubEnv, withGrubEnvValue } from '../../core/bootfiles/grubenv.js';
import { GRUB_ENV } from '../../core/esp/layout.js';
import { writeAtomically } from './apply.js';
import { discoverEsps } from './discover.js';
import { mountEsp, unmountEsp } from './mount.js';
import { bootloaderOf } from './snapshot.js';

/** Runs fn on every GRUB-mode ESP proxmox-boot-tool lists, each mounted for the time of it. */
async function forEachGrubEsp(readOnly: boolean, fn: (dir: string, id: string) => Promise<boolean | void>): Promise<number> {
  let count = 0;
  for (const location of (await discoverEsps()).esps) {
    if (location.kind !== 'listed') continue;
    let dir: string;
    try {
      dir = await mountEsp(location.id, location.device, { readOnly });
    } catch {
      continue; // an unreachable ESP is reported by sync and check
    }
    try {
      if ((await bootloaderOf(location, dir)).kind !== 'grub') continue;
      count++;
      if ((await fn(dir, location.id)) === true) break;
    } finally {
      await unmountEsp(dir).catch(() => undefined);
    }
  }
  return count;
}

/** next_entry of the first GRUB ESP that has a grubenv ('' counts as unset, as GRUB leaves it). */
export async function readGrubNextEntry(): Promise<string | undefined> {
  let value: string | undefined;
  await forEachGrubEsp(true, async (dir) => {
    const text = await readFile(join(dir, GRUB_ENV), 'utf8').catch(() => undefined);
    if (text === undefined) return false;
    value = grubEnvValue(parseGrubEnv(text), 'next_entry') || undefined;
    return true;
  });
  return value;
}

/** Sets (or, undefined, clears) next_entry on every GRUB ESP; returns how many there are. */
export async function setGrubNextEntry(value: string | undefined): Promise<number> {
  return forEachGrubEsp(false, async (dir) => {
    const path = join(dir, GRUB_ENV);
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return GRUBENV_HEADER;
      throw error;
    });
    const vars = parseGrubEnv(text);
    if ((grubEnvValue(vars, 'next_entry') || undefined) === value) return;
    await writeAtomically(dir, GRUB_ENV, Buffer.from(renderGrubEnv(withGrubEnvValue(vars, 'next_entry', value))));
  });
}
