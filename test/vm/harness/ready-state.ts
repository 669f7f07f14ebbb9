// A saved "booted, package installed" guest, so that each VM test file starts from it in a
// few seconds instead of a cold boot plus dpkg under TCG (about a minute and a half each).
//
// Made once per (base image, .deb) by booting a VM, installing the .deb and migrating the
// running guest to a file; each test then gets overlays on the saved disks and QEMU loads
// the saved RAM and devices (-incoming). Reboots inside a test are real cold boots as ever.
// Two jest workers may ask at once: the first makes it under a lock, the other waits.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { vcpus } from './host.js';
import { baseImage } from './image.js';
import { isAlive, readOrEmpty } from './liveness.js';

/** Bump when what the saved guest contains changes, or the devices QEMU gives it (the stream
 * loads only into the same ones); not for the .deb: its bytes are in the key. */
const RECIPE = 'installed-deb-v2';
const READY_ROOT = join(tmpdir(), 'pve-bootenv-vm-ready');
/** Saved states not used for this long are removed (another checkout's or an old .deb's). */
const STALE_MS = 6 * 3600_000;

export interface ReadyState {
  dir: string;
  disks: [string, string];
  vars: string;
  /** The migration stream QEMU loads with -incoming. */
  stream: string;
}

/** What makes the state: given an empty directory, leaves disk{1,2}.qcow2, vars.fd and stream there. */
export type MakeReadyState = (dir: string) => Promise<void>;

export async function readyState(debPath: string, make: MakeReadyState): Promise<ReadyState> {
  const key = createHash('sha256')
    .update(RECIPE)
    .update(`smp=${vcpus()}`)
    .update(baseImage().dir)
    .update(readFileSync(join(baseImage().dir, 'manifest.json')))
    .update(readFileSync(debPath))
    .digest('hex')
    .slice(0, 16);
  mkdirSync(READY_ROOT, { recursive: true });
  const dir = join(READY_ROOT, key);
  const lock = `${dir}.lock`;
  for (;;) {
    if (existsSync(join(dir, 'stream'))) break;
    if (takeLock(lock)) {
      try {
        if (!existsSync(join(dir, 'stream'))) await makeInto(dir, make);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
      break;
    }
    await sleep(2_000);
  }
  writeFileSync(join(dir, 'used'), String(Date.now()));
  removeStale(key);
  return { dir, disks: [join(dir, 'disk1.qcow2'), join(dir, 'disk2.qcow2')], vars: join(dir, 'vars.fd'), stream: join(dir, 'stream') };
}

async function makeInto(dir: string, make: MakeReadyState): Promise<void> {
  const work = `${dir}.tmp-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  try {
    await make(work);
    rmSync(dir, { recursive: true, force: true });
    renameSync(work, dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** mkdir is atomic: whoever creates the lock directory owns it; a dead owner's lock is broken. */
function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), String(process.pid));
    return true;
  } catch {
    const owner = Number(readOrEmpty(join(lock, 'pid')));
    // A lock without a pid file yet is being taken right now: wait for it.
    if (owner && !isAlive(owner)) rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

function removeStale(current: string): void {
  for (const entry of readdirSync(READY_ROOT)) {
    const path = join(READY_ROOT, entry);
    const maker = /\.tmp-(\d+)$/.exec(entry);
    if (maker) {
      // Half-made by a process that died: never usable.
      if (!isAlive(Number(maker[1]))) rmSync(path, { recursive: true, force: true });
      continue;
    }
    if (entry === current || entry.endsWith('.lock')) continue;
    const used = Number(readOrEmpty(join(path, 'used'))) || statSync(path).mtimeMs;
    if (Date.now() - used > STALE_MS) rmSync(path, { recursive: true, force: true });
  }
}
