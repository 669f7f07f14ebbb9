import { describe, expect, test } from '@jest/globals';
import { leftoverMounts, sessionMounts, sessionRootMount } from '../../../../src/core/session/session-mounts.js';

const dir = '/run/pve-bootenv/run/be.abc';

describe('sessionMounts', () => {
  test('the BE first, then the kernel file systems and /run, resolv.conf last and read-only', () => {
    const mounts = sessionMounts('rpool/ROOT/be', dir, { bindResolvConf: true });
    expect(mounts.map((m) => [m.kind, m.source, m.target, m.readOnly])).toEqual([
      ['zfs', 'rpool/ROOT/be', dir, false],
      ['bind', '/proc', `${dir}/proc`, false],
      ['rbind', '/sys', `${dir}/sys`, false],
      ['rbind', '/dev', `${dir}/dev`, false],
      ['bind', '/run', `${dir}/run`, false],
      ['bind', '/etc/resolv.conf', `${dir}/etc/resolv.conf`, true],
    ]);
  });

  test('the first is the session root, which be-session mounts on its own', () => {
    expect(sessionMounts('rpool/ROOT/be', dir, { bindResolvConf: false })[0]).toEqual(sessionRootMount('rpool/ROOT/be', dir));
  });

  test('no resolv.conf bind when the BE has no plain file there', () => {
    expect(sessionMounts('rpool/ROOT/be', dir, { bindResolvConf: false }).map((m) => m.source)).not.toContain('/etc/resolv.conf');
  });

  test('/run is never bound recursively: the BE is mounted under /run', () => {
    expect(sessionMounts('rpool/ROOT/be', dir, { bindResolvConf: false }).find((m) => m.source === '/run')?.kind).toBe('bind');
  });
});

describe('leftoverMounts', () => {
  const ours = sessionMounts('rpool/ROOT/be', dir, { bindResolvConf: false });

  test('our mounts and what came with the recursive binds are not leftovers', () => {
    const targets = ['/', '/run', dir, `${dir}/proc`, `${dir}/sys`, `${dir}/sys/firmware/efi/efivars`, `${dir}/dev`, `${dir}/dev/pts`, `${dir}/run`];
    expect(leftoverMounts(targets, dir, ours)).toEqual([]);
  });

  test('a mount the command made under the BE is', () => {
    const targets = [dir, `${dir}/proc`, `${dir}/mnt`, `${dir}/run/user/0`, `${dir}/proc/sys/fs/binfmt_misc`];
    expect(leftoverMounts(targets, dir, ours)).toEqual([`${dir}/mnt`, `${dir}/run/user/0`, `${dir}/proc/sys/fs/binfmt_misc`]);
  });

  test('mounts outside the BE, and of a sibling directory with the same prefix, are not its', () => {
    expect(leftoverMounts(['/mnt', `${dir}x/mnt`, '/run/pve-bootenv/run/be.abd'], dir, ours)).toEqual([]);
  });
});
