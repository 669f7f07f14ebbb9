// A boot environment opened for programs to run in it (run, shell, upgrade): mounted
// read-write with the kernel's file systems, /run and the resolver bound (see
// core/session/session-mounts.ts), and a policy-rc.d that keeps maintainer scripts from
// starting services of the BE on the running host. Closing it undoes all of that, and
// also unmounts whatever the command mounted there and left behind, saying so.
import { mkdir, mkdtemp, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createContainedFile, ensureContainedDir, NotContained, openContainedFile } from '../adapters/contained-file.js';
import { leftoverMounts, sessionMounts, type SessionMount } from '../core/session/session-mounts.js';
import type { BootEnvironment } from '../core/be/boot-environment.js';
import { PROGRAMS } from '../adapters/programs.js';
import { run } from '../adapters/run.js';
import { zfsMounts } from '../adapters/zfs.js';
import { unescapeFindmnt } from '../adapters/mount-table.js';
import { BeError, findBe, type HostState } from './host-state.js';

const SESSION_DIR = '/run/pve-bootenv/run';
const POLICY_RC_D = 'usr/sbin/policy-rc.d';
/** invoke-rc.d's "action forbidden by policy": packages are configured, services not started. */
const DENY_ALL = '#!/bin/sh\n# Written by pve-bootenv run for the time of the run: no services start in this BE.\nexit 101\n';

export interface BeSession {
  be: BootEnvironment;
  dir: string;
  mounts: SessionMount[];
  /** Whether the policy-rc.d in the BE is ours (removed on close) or was there already. */
  ownPolicy: boolean;
}

export interface ClosedSession {
  /** Mounts the command made under the BE and left behind; unmounted now. */
  leftovers: string[];
  /** The unmount had to be lazy: something still used the BE's files. */
  lazy: boolean;
}

export async function openSession(state: HostState, name: string): Promise<BeSession> {
  const be = findBe(state, name);
  if (be.dataset === state.booted) throw new BeError(`${name} is the booted boot environment`);
  const existing = (await zfsMounts()).get(be.dataset);
  if (existing) throw new BeError(`${name} is mounted at ${existing}; unmount it first (pve-bootenv umount ${name})`);
  await mkdir(SESSION_DIR, { recursive: true });
  const dir = await mkdtemp(join(SESSION_DIR, `${name}.`));
  const session: BeSession = { be, dir, mounts: [], ownPolicy: false };
  try {
    await mountOne({ kind: 'zfs', source: be.dataset, target: dir, readOnly: false }, dir);
    session.mounts.push({ kind: 'zfs', source: be.dataset, target: dir, readOnly: false });
    // The BE's tree is untrusted: a mount point or file of ours in it must be what it seems,
    // not a symlink that would put the mount or the write onto a host path.
    const resolvConf = await openContainedFile(dir, 'etc/resolv.conf').catch((error: unknown) => {
      if (error instanceof NotContained) return undefined;
      throw error;
    });
    await resolvConf?.close();
    const planned = sessionMounts(be.dataset, dir, { bindResolvConf: resolvConf !== undefined });
    for (const mount of planned.slice(1)) {
      await mountOne(mount, dir);
      session.mounts.push(mount);
    }
    session.ownPolicy = await createContainedFile(dir, POLICY_RC_D, DENY_ALL, 0o755).catch((error: unknown) => {
      if (error instanceof NotContained) throw new BeError(`${name}: ${error.message}; nothing is run in it`);
      throw error;
    });
    return session;
  } catch (error) {
    await closeSession(session).catch(() => undefined);
    throw error;
  }
}

export async function closeSession(session: BeSession): Promise<ClosedSession> {
  // rm does not follow a symlink: whatever is at that name now is what goes.
  if (session.ownPolicy) await rm(join(session.dir, POLICY_RC_D), { force: true });
  const { stdout } = await run(PROGRAMS.findmnt, ['-r', '-n', '-o', 'TARGET'], { allowFailure: true });
  const targets = stdout.split('\n').filter(Boolean).map(unescapeFindmnt);
  const leftovers = leftoverMounts(targets, session.dir, session.mounts);
  let lazy = false;
  if (session.mounts.length > 0 || leftovers.length > 0) {
    const { exitCode } = await run(PROGRAMS.umount, ['-R', session.dir], { allowFailure: true });
    if (exitCode !== 0) {
      // Something still uses the BE's files (a daemon the command started): detach now, the
      // kernel lets go when it ends. All of it is in our private namespace anyway.
      await run(PROGRAMS.umount, ['-R', '-l', session.dir]);
      lazy = true;
    }
  }
  await rmdir(session.dir).catch(() => undefined);
  return { leftovers, lazy };
}

async function mountOne(mount: SessionMount, root: string): Promise<void> {
  if (mount.kind === 'zfs') {
    await run(PROGRAMS.mount, ['-t', 'zfs', '-o', 'zfsutil', '--', mount.source, mount.target]);
    return;
  }
  const inside = mount.target.slice(root.length + 1);
  // A file target (resolv.conf) was checked to be a regular file of the BE; a directory is made if missing.
  if (mount.source !== '/etc/resolv.conf') {
    await ensureContainedDir(root, inside).catch((error: unknown) => {
      if (error instanceof NotContained) throw new BeError(`${error.message}: nothing is mounted on it, and nothing is run in the boot environment`);
      throw error;
    });
  }
  await run(PROGRAMS.mount, [mount.kind === 'rbind' ? '--rbind' : '--bind', '--', mount.source, mount.target]);
  if (mount.readOnly) await run(PROGRAMS.mount, ['-o', 'remount,bind,ro', mount.target]);
}
