// A boot environment opened for programs to run in it (run, shell, upgrade): mounted
// read-write with the kernel's file systems, /run and the resolver bound (see
// core/session/session-mounts.ts), and a policy-rc.d that keeps maintainer scripts from
// starting services of the BE on the running host. Closing it undoes all of that, and
// also unmounts whatever the command mounted there and left behind, saying so.
import { bindIntoBe, mountBeForSession, unmountBe } from '../adapters/be-mount.js';
import { createContainedFile, ensureContainedDir, NotContained, openContainedFile, removeContainedFile } from '../adapters/contained-file.js';
import { leftoverMounts, sessionMounts, sessionRootMount, type SessionMount } from '../core/session/session-mounts.js';
import type { BootEnvironment } from '../core/be/boot-environment.js';
import { mountTable, zfsMounts } from '../adapters/mount-table.js';
import { findBe, type HostState } from './host-state.js';
import { BeError } from '../core/errors.js';

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
  /** Why our policy-rc.d was left in the BE (the command made a link of a directory on its way). */
  policyLeft?: string;
}

export async function openSession(state: HostState, name: string): Promise<BeSession> {
  const be = findBe(state, name);
  if (be.dataset === state.booted) throw new BeError(`${name} is the booted boot environment`);
  const existing = (await zfsMounts()).get(be.dataset);
  if (existing) throw new BeError(`${name} is mounted at ${existing}; unmount it first (pve-bootenv umount ${name})`);
  const dir = await mountBeForSession(be.dataset, name);
  // The BE itself is mounted now; the binds follow, each recorded once it is made.
  const session: BeSession = { be, dir, mounts: [sessionRootMount(be.dataset, dir)], ownPolicy: false };
  try {
    // The BE's tree is untrusted: a mount point or file of ours in it must be what it seems,
    // not a symlink that would put the mount or the write onto a host path.
    const resolvConf = await openContainedFile(dir, 'etc/resolv.conf').catch((error: unknown) => {
      if (error instanceof NotContained) return undefined;
      throw error;
    });
    await resolvConf?.close();
    const planned = sessionMounts(be.dataset, dir, { bindResolvConf: resolvConf !== undefined });
    for (const mount of planned.slice(1)) {
      await bindHostPath(mount, dir);
      session.mounts.push(mount);
    }
    session.ownPolicy = await createContainedFile(dir, POLICY_RC_D, DENY_ALL, 0o755).catch((error: unknown) => {
      if (error instanceof NotContained) throw new BeError(`${name}: ${error.message}; nothing is run in it`);
      throw error;
    });
    return session;
  } catch (error) {
    // The first error is the one to report; closing is best effort (all of it is in our
    // private namespace, which goes with us).
    await closeSession(session).catch(() => undefined);
    throw error;
  }
}

export async function closeSession(session: BeSession): Promise<ClosedSession> {
  // rm does not follow a symlink: whatever is at that name now is what goes.
  let policyLeft: string | undefined;
  if (session.ownPolicy) {
    await removeContainedFile(session.dir, POLICY_RC_D).catch((error: unknown) => {
      if (!(error instanceof NotContained)) throw error;
      policyLeft = error.message;
    });
  }
  const targets = (await mountTable()).map((mount) => mount.target);
  const leftovers = leftoverMounts(targets, session.dir, session.mounts);
  // Something still using the BE's files (a daemon the command started) gets it detached:
  // the kernel lets go when that ends. All of it is in our private namespace anyway.
  const unmounted = await unmountBe(session.dir, { recursive: true, onFailure: 'detach' });
  return { leftovers, lazy: unmounted === 'detached', ...(policyLeft !== undefined ? { policyLeft } : {}) };
}

/** One of the session's binds of a host path (never the BE itself) onto its place in the BE. */
async function bindHostPath(mount: SessionMount, root: string): Promise<void> {
  const inside = mount.target.slice(root.length + 1);
  // A file target (resolv.conf) was checked to be a regular file of the BE; a directory is made if missing.
  if (mount.source !== '/etc/resolv.conf') {
    await ensureContainedDir(root, inside).catch((error: unknown) => {
      if (error instanceof NotContained) throw new BeError(`${error.message}: nothing is mounted on it, and nothing is run in the boot environment`);
      throw error;
    });
  }
  await bindIntoBe(mount.source, mount.target, { recursive: mount.kind === 'rbind', readOnly: mount.readOnly });
}
