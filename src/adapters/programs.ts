// Absolute paths of the programs we run: hooks inherit the caller's PATH (apt, run-parts),
// so nothing is looked up in it.
export const PROGRAMS = {
  zfs: '/usr/sbin/zfs',
  zpool: '/usr/sbin/zpool',
  mount: '/usr/bin/mount',
  umount: '/usr/bin/umount',
  findmnt: '/usr/bin/findmnt',
  unshare: '/usr/bin/unshare',
  flock: '/usr/bin/flock',
  bootctl: '/usr/bin/bootctl',
  logger: '/usr/bin/logger',
  du: '/usr/bin/du',
  cat: '/usr/bin/cat',
  chroot: '/usr/sbin/chroot',
} as const;
