// Facts about the host that decide whether we may act at all, and how a program we start
// inside a boot environment is started there and knows it (INSIDE_BE_VARIABLE).
import { readFile, stat } from 'node:fs/promises';
import { containerKind } from '../core/host/container.js';
import { runInForeground } from './foreground-command.js';
import { NAMESPACE_MARKS } from './namespace.js';
import { fileSystemMountedAt } from './mount-table.js';
import { PROGRAMS } from './programs.js';
import { PveBootenvError } from '../core/errors.js';

/** A condition under which pve-bootenv refuses to work: one line saying what to do. */
export class HostError extends PveBootenvError {
  override name = 'HostError';
}

export function requireRoot(): void {
  if (process.getuid?.() !== 0) throw new HostError('this needs root: run it as root (sudo pve-bootenv …)');
}

export async function requireNoContainer(): Promise<void> {
  // Each file is only a sign: one that is missing or unreadable says nothing, and the others decide.
  const read = (path: string) => readFile(path, 'utf8').catch(() => undefined);
  const exists = (path: string) => stat(path).then(() => true, () => false);
  const [hostContainerManager, systemdContainer, pid1Environ, procVz, procBc] = await Promise.all([
    read('/run/host/container-manager'),
    read('/run/systemd/container'),
    read('/proc/1/environ'),
    exists('/proc/vz'),
    exists('/proc/bc'),
  ]);
  const kind = containerKind({
    ...(hostContainerManager !== undefined ? { hostContainerManager } : {}),
    ...(systemdContainer !== undefined ? { systemdContainer } : {}),
    ...(pid1Environ !== undefined ? { pid1Environ } : {}),
    procVz,
    procBc,
  });
  if (kind !== undefined) {
    throw new HostError(`running inside a container (${kind}): boot environments belong to the host, run pve-bootenv there`);
  }
}

/** The dataset mounted at /; throws if / is not on ZFS. */
export async function rootDataset(): Promise<string> {
  const root = await fileSystemMountedAt('/');
  if (root?.fstype !== 'zfs' || !root.source) {
    throw new HostError(`the root file system is ${root?.fstype ?? 'unknown'} (${root?.source ?? '?'}), not ZFS: boot environments need root on ZFS`);
  }
  return root.source;
}

/** True in a chroot: our root is not PID 1's (apt run inside a chroot must not make BEs). */
export async function inChroot(): Promise<boolean> {
  // PID 1's root unreadable (no /proc, say): nothing to compare with, so not known to be a chroot.
  const [ours, init] = await Promise.all([stat('/'), stat('/proc/1/root/').catch(() => undefined)]);
  return init !== undefined && (ours.dev !== init.dev || ours.ino !== init.ino);
}

/** Set for programs that pve-bootenv run or upgrade starts inside a boot environment. */
export const INSIDE_BE_VARIABLE = 'PVE_BOOTENV_INSIDE';

/**
 * The BE a pve-bootenv run or upgrade is running us inside, if any: then our hooks keep
 * out (the outer command syncs the ESPs when it ends, and no BE is made of a BE).
 */
export function insideBe(): string | undefined {
  return process.env[INSIDE_BE_VARIABLE] || undefined;
}

/**
 * Runs argv chrooted into root, the tree of boot environment be, in the foreground on our
 * terminal (foreground-command.ts); resolves to its exit status. It sees INSIDE_BE_VARIABLE
 * (our hooks there keep out) and debian_chroot (the shell prompt says where it is), and
 * not our namespace marks: a pve-bootenv run there takes a lock and a namespace of its own.
 */
export function runInsideBe(root: string, be: string, argv: readonly string[], extraEnv: Readonly<Record<string, string>> = {}): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv, [INSIDE_BE_VARIABLE]: be, debian_chroot: `be:${be}` };
  for (const mark of NAMESPACE_MARKS) delete env[mark];
  return runInForeground(PROGRAMS.chroot, [root, ...argv], env);
}
