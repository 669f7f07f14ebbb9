// Commands that touch ZFS or the ESPs run as root, on the host (not in a container), most
// of them in a private mount namespace (see adapters/namespace.ts): they are re-executed
// there with the same argv, so the child parses the command line again.
import type { Privilege } from './command.js';
import type { ExitCode } from './exit-codes.js';
import { inOwnNamespace, inPrivateNamespace, reexecInPrivateNamespace, reexecInUnlockedNamespace } from '../adapters/namespace.js';

/** Runs work with what privilege asks for (command.ts), or throws saying what is missing. */
export async function withPrivilege(privilege: Privilege, work: () => Promise<ExitCode>): Promise<ExitCode> {
  if (privilege === 'none') return work();
  // Loaded here, not at start: --help, --version and a wrong command line need none of it.
  const { requireNoContainer, requireRoot } = await import('../adapters/host.js');
  requireRoot();
  await requireNoContainer();
  // Under our lock: the commands that change boot environments or the ESPs.
  if (privilege === 'namespace' && !inPrivateNamespace()) return (await reexecInPrivateNamespace()) as ExitCode;
  // Without the lock: commands that work for minutes and take it only around their changes (lock.ts).
  if (privilege === 'own-namespace' && !inOwnNamespace()) return (await reexecInUnlockedNamespace()) as ExitCode;
  // 'host': mount and umount, whose mounts must stay in the caller's namespace.
  return work();
}
