// Commands that touch ZFS or the ESPs run as root, on the host (not in a container), in a
// private mount namespace under our lock (see adapters/namespace.ts).
import type { ExitCode } from './exit-codes.js';
import { requireNoContainer, requireRoot } from '../adapters/host.js';
import { inOwnNamespace, inPrivateNamespace, reexecInPrivateNamespace, reexecInUnlockedNamespace } from '../adapters/namespace.js';

export async function asPrivileged(work: () => Promise<ExitCode>): Promise<ExitCode> {
  requireRoot();
  await requireNoContainer();
  if (!inPrivateNamespace()) return (await reexecInPrivateNamespace()) as ExitCode;
  return work();
}

/** Root on the host, in the caller's mount namespace: for mount/umount, whose mounts must stay. */
export async function asRootOnHost(work: () => Promise<ExitCode>): Promise<ExitCode> {
  requireRoot();
  await requireNoContainer();
  return work();
}

/**
 * Root on the host, in a private mount namespace but without holding the lock: for
 * commands that work for minutes and take the lock only around their changes (lock.ts).
 */
export async function asRootInOwnNamespace(work: () => Promise<ExitCode>): Promise<ExitCode> {
  requireRoot();
  await requireNoContainer();
  if (!inOwnNamespace()) return (await reexecInUnlockedNamespace()) as ExitCode;
  return work();
}
