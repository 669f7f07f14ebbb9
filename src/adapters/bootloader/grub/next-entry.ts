// GRUB's next_entry on every GRUB-mode ESP: what grub-reboot sets, and what GRUB's
// grub.cfg (00_header) boots once and then clears itself. Whichever disk the firmware
// boots from, the same one-shot choice is there.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GRUBENV_HEADER, grubEnvValue, parseGrubEnv, renderGrubEnv, withGrubEnvValue } from '../../../core/bootfiles/grubenv.js';
import { GRUB_ENV } from '../../../core/esp/layout.js';
import { messageOf, PveBootenvError } from '../../../core/errors.js';
import { writeAtomically } from '../../esp/apply.js';
import { discoverEsps } from '../../esp/discover.js';
import { mountEsp, unmountEsp } from '../../esp/mount.js';
import { isGrubModeEsp } from './detect.js';

/** Runs fn on every GRUB-mode ESP proxmox-boot-tool lists, each mounted for the time of it. */
async function forEachGrubEsp(readOnly: boolean, fn: (dir: string, id: string) => Promise<boolean | void>): Promise<number> {
  let count = 0;
  for (const location of (await discoverEsps()).esps) {
    if (location.kind !== 'listed') continue;
    let dir: string;
    try {
      dir = await mountEsp(location.id, location.device, { readOnly, purpose: 'grubenv' });
    } catch {
      continue; // an unreachable ESP is reported by sync and check
    }
    try {
      if (!(await isGrubModeEsp(location, dir))) continue;
      count++;
      if ((await fn(dir, location.id)) === true) break;
    } finally {
      // The mount is in our private namespace and goes with it; the one-shot choice is made.
      await unmountEsp(dir).catch(() => undefined);
    }
  }
  return count;
}

/**
 * The first next_entry set on any GRUB ESP ('' counts as unset, as GRUB leaves it). After
 * a one-shot boot GRUB has cleared it only where it booted from; another ESP may still
 * hold it (pve-bootenv-boot-once.service clears those at boot).
 */
export async function readGrubNextEntry(): Promise<string | undefined> {
  let value: string | undefined;
  await forEachGrubEsp(true, async (dir) => {
    // No grubenv (or none readable) is no one-shot choice, as GRUB sees it too.
    const text = await readFile(join(dir, GRUB_ENV), 'utf8').catch(() => undefined);
    value = text === undefined ? undefined : nextEntryOf(text);
    return value !== undefined;
  });
  return value;
}

/** Sets (or, undefined, clears) next_entry on every GRUB ESP; returns how many there are. */
export async function setGrubNextEntry(value: string | undefined): Promise<number> {
  return forEachGrubEsp(false, async (dir, id) => {
    const path = join(dir, GRUB_ENV);
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return GRUBENV_HEADER;
      throw error;
    });
    let vars;
    try {
      vars = parseGrubEnv(text);
    } catch (error) {
      throw new PveBootenvError(`ESP ${id}: ${GRUB_ENV} cannot be read (${messageOf(error)}); 'grub-editenv <ESP>/${GRUB_ENV} create' makes a new one`, { cause: error });
    }
    if ((grubEnvValue(vars, 'next_entry') || undefined) === value) return;
    await writeAtomically(dir, GRUB_ENV, Buffer.from(renderGrubEnv(withGrubEnvValue(vars, 'next_entry', value))));
  });
}

/** next_entry of a grubenv's text; undefined when unset, empty or unreadable (GRUB would not load it either). */
function nextEntryOf(text: string): string | undefined {
  try {
    return grubEnvValue(parseGrubEnv(text), 'next_entry') || undefined;
  } catch {
    return undefined;
  }
}
