// Facts about the host that decide whether we may act at all.
import { readFile, stat } from 'node:fs/promises';
import { containerKind } from '../core/host/container.js';
import { PROGRAMS } from './programs.js';
import { run } from './run.js';

/** A condition under which pve-bootenv refuses to work: one line saying what to do. */
export class HostError extends Error {
  override name = 'HostError';
}

export function requireRoot(): void {
  if (process.getuid?.() !== 0) throw new HostError('this needs root: run it as root (sudo pve-bootenv …)');
}

export async function requireNoContainer(): Promise<void> {
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
  const { stdout } = await run(PROGRAMS.findmnt, ['-n', '-o', 'SOURCE,FSTYPE', '--mountpoint', '/'], { allowFailure: true });
  const [source, fstype] = stdout.trim().split(/\s+/);
  if (fstype !== 'zfs' || !source) {
    throw new HostError(`the root file system is ${fstype ?? 'unknown'} (${source ?? '?'}), not ZFS: boot environments need root on ZFS`);
  }
  return source;
}

/** True in a chroot: our root is not PID 1's (apt run inside a chroot must not make BEs). */
export async function inChroot(): Promise<boolean> {
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
