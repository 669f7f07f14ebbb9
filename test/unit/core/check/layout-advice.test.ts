import { describe, expect, test } from '@jest/globals';
import { checkHost } from '../../../../src/core/check/check-host.js';
import type { CheckFacts } from '../../../../src/core/check/facts.js';
import { formatSize, layoutFindings, LAYOUT_PATHS } from '../../../../src/core/check/layout-advice.js';
import { BE_ROOT, GiB, MiB, host, twoBes } from './fixtures.js';

const ROOT = `${BE_ROOT}/pve-1`;

/** Every path of interest on the root dataset, nothing else in the pool. */
const allInRoot = (more: Partial<CheckFacts> = {}): CheckFacts =>
  host(twoBes(), {
    layout: LAYOUT_PATHS.map((path) => ({ path, dataset: ROOT })),
    datasets: ['rpool', BE_ROOT, ROOT, `${BE_ROOT}/apt-1`, 'rpool/data'],
    ...more,
  });

describe('layout advice', () => {
  test('one warning per path inside the booted root dataset', () => {
    const report = checkHost(allInRoot());
    expect(report.findings.map((f) => `${f.severity} ${f.subject}`)).toEqual([
      'warning layout /home',
      'warning layout /root',
      'warning layout /tmp',
      'warning layout /var/lib/vz',
      'warning layout /var/tmp',
    ]);
    expect(report.exitCode).toBe(1);
  });

  test('less than 1 MiB in a path (a fresh host) is not worth a warning; an unmeasured size is', () => {
    const facts = allInRoot({
      layout: [
        { path: '/var/lib/vz', dataset: ROOT, bytes: MiB - 1 },
        { path: '/root', dataset: ROOT, bytes: MiB },
        { path: '/home', dataset: ROOT },
      ],
    });
    expect(layoutFindings(facts).map((f) => f.subject)).toEqual(['layout /root', 'layout /home']);
  });

  test('/var/lib/vz: create at a temporary mountpoint, copy, move aside, switch', () => {
    const facts = allInRoot({ layout: [{ path: '/var/lib/vz', dataset: ROOT, bytes: 12.34 * GiB }] });
    expect(layoutFindings(facts)).toEqual([
      {
        severity: 'warning',
        subject: 'layout /var/lib/vz',
        message: `/var/lib/vz is in the root dataset ${ROOT} (12.3 GiB): a rollback to another boot environment takes it back in time too, and every boot environment keeps a copy of its own`,
        fix: [
          "Move /var/lib/vz to its own dataset rpool/var-lib-vz, shared by all boot environments; stop backup jobs and the guests that use storage 'local' (ISO images, templates, backups):",
          'zfs create -o mountpoint=/mnt/var-lib-vz.new -o acltype=posixacl -o xattr=sa rpool/var-lib-vz',
          'rsync -aHAX --numeric-ids /var/lib/vz/ /mnt/var-lib-vz.new/',
          'mv /var/lib/vz /var/lib/vz.old',
          'zfs set mountpoint=/var/lib/vz rpool/var-lib-vz',
          'check /var/lib/vz, then remove the old copy: rm -rf /var/lib/vz.old',
        ].join('\n'),
      },
    ]);
  });

  test('/tmp: a tmpfs from the next boot, never a mount over the live /tmp', () => {
    const [finding] = layoutFindings(allInRoot({ layout: [{ path: '/tmp', dataset: ROOT }] }));
    expect(finding!.message).toBe(`/tmp is in the root dataset ${ROOT}: its files end up in every snapshot and clone of the boot environment`);
    expect(finding!.fix.split('\n')).toEqual([
      'Put /tmp on a tmpfs (in RAM, empty after every boot, at most half the RAM) from the next boot on:',
      'test -e /usr/lib/systemd/system/tmp.mount || cp /usr/share/systemd/tmp.mount /etc/systemd/system/',
      'systemctl enable tmp.mount',
      'reboot when convenient',
    ]);
  });

  test('/var/tmp: setuid=off devices=off, and a reboot before the old copy goes', () => {
    const [finding] = layoutFindings(allInRoot({ layout: [{ path: '/var/tmp', dataset: ROOT, bytes: 300 * MiB }] }));
    expect(finding!.message).toContain('(300.0 MiB)');
    expect(finding!.fix.split('\n').slice(1)).toEqual([
      'zfs create -o mountpoint=/mnt/var-tmp.new -o acltype=posixacl -o xattr=sa -o setuid=off -o devices=off rpool/var-tmp',
      'rsync -aHAX --numeric-ids /var/tmp/ /mnt/var-tmp.new/',
      'mv /var/tmp /var/tmp.old',
      'zfs set mountpoint=/var/tmp rpool/var-tmp',
      'reboot',
      'check /var/tmp, then remove the old copy: rm -rf /var/tmp.old',
    ]);
  });

  test('/root goes to <pool>/root-home, never <pool>/root next to <pool>/ROOT', () => {
    const [finding] = layoutFindings(allInRoot({ layout: [{ path: '/root', dataset: ROOT }] }));
    expect(finding!.fix).toContain('zfs create -o mountpoint=/mnt/root-home.new -o acltype=posixacl -o xattr=sa rpool/root-home\n');
    expect(finding!.fix).toContain('zfs set mountpoint=/root rpool/root-home\n');
    expect(finding!.fix.split('\n')[0]).toContain('outside /root (cd /)');
  });

  test('the dataset exists already but is not mounted there: look, do not create', () => {
    const facts = allInRoot({ layout: [{ path: '/home', dataset: ROOT }] });
    facts.datasets.push('rpool/home');
    expect(layoutFindings(facts)[0]!.fix).toBe('rpool/home exists but is not mounted at /home: look at it first (zfs get mountpoint,canmount,mounted rpool/home)');
  });

  test('the pool name comes from the facts', () => {
    const facts = allInRoot({ layout: [{ path: '/home', dataset: ROOT }], pool: { name: 'tank', sizeBytes: 1, usedBytes: 0 } });
    expect(layoutFindings(facts)[0]!.fix).toContain('zfs create -o mountpoint=/mnt/home.new -o acltype=posixacl -o xattr=sa tank/home\n');
  });

  test('paths on their own dataset, not on ZFS, not of interest, or not looked at: nothing', () => {
    const facts = allInRoot({
      layout: [
        { path: '/var/lib/vz', dataset: 'rpool/var-lib-vz' },
        { path: '/tmp', dataset: undefined },
        { path: '/srv', dataset: ROOT },
      ],
    });
    expect(layoutFindings(facts)).toEqual([]);
  });
});

test('formatSize', () => {
  expect(formatSize(0)).toBe('0.0 MiB');
  expect(formatSize(1.5 * MiB)).toBe('1.5 MiB');
  expect(formatSize(GiB)).toBe('1.0 GiB');
});
