// What `pve-bootenv run` mounts to make a boot environment a place where programs (apt,
// dpkg, maintainer scripts, update-initramfs) work as on the booted system: the BE itself
// read-write, the kernel's file systems, /run, and the host's resolver configuration. All
// of it in our private mount namespace, taken down in reverse order afterwards.
//
// Decisions:
// - /dev and /sys are bound recursively (rbind): /dev/pts, /dev/shm, efivarfs under /sys
//   are what apt's terminal, dpkg and bootloader tools need.
// - /run is bound without its submounts: our own mount of the BE lives under /run, and a
//   recursive bind would loop it into itself.
// - resolv.conf is bound read-only over the BE's only when the BE's is a plain file: the
//   target of a symbolic link would be resolved outside the BE.

export type MountKind = 'zfs' | 'bind' | 'rbind';

export interface SessionMount {
  kind: MountKind;
  /** A dataset for zfs, a host path for the binds. */
  source: string;
  target: string;
  readOnly: boolean;
}

/** The first of a session's mounts: the BE itself, read-write at dir. */
export function sessionRootMount(dataset: string, dir: string): SessionMount {
  return { kind: 'zfs', source: dataset, target: dir, readOnly: false };
}

export function sessionMounts(dataset: string, dir: string, options: { bindResolvConf: boolean }): SessionMount[] {
  const inside = (path: string) => `${dir}${path}`;
  const bind = (kind: 'bind' | 'rbind', path: string, readOnly = false): SessionMount => ({ kind, source: path, target: inside(path), readOnly });
  return [
    sessionRootMount(dataset, dir),
    bind('bind', '/proc'),
    bind('rbind', '/sys'),
    bind('rbind', '/dev'),
    bind('bind', '/run'),
    ...(options.bindResolvConf ? [bind('bind', '/etc/resolv.conf', true)] : []),
  ];
}

/**
 * Mounts under dir that are not ours: what the command left behind (a mount it made and did
 * not undo). Submounts of our recursive binds came with them and are ours.
 */
export function leftoverMounts(targets: readonly string[], dir: string, ours: readonly SessionMount[]): string[] {
  const own = new Set(ours.map((m) => m.target));
  const recursive = ours.filter((m) => m.kind === 'rbind').map((m) => `${m.target}/`);
  return targets.filter(
    (target) => (target === dir || target.startsWith(`${dir}/`)) && !own.has(target) && !recursive.some((prefix) => target.startsWith(prefix)),
  );
}
