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
  test('one finding per path inside the booted root dataset: /var/log is an info, the rest warnings', () => {
    const report = checkHost(allInRoot());
    expect(report.findings.map((f) => `${f.severity} ${f.subject}`)).toEqual([
      'warning layout /home',
      'warning layout /root',
      'warning layout /tmp',
      'warning layout /var/lib/pve-cluster',
      'warning layout /var/lib/vz',
      'warning layout /var/tmp',
      'info layout /var/log',
    ]);
    expect(report.exitCode).toBe(1);
  });

  test('an info alone leaves check at exit 0', () => {
    const report = checkHost(allInRoot({ layout: [{ path: '/var/log', dataset: ROOT, bytes: 40 * MiB }] }));
    expect(report.findings.map((f) => f.severity)).toEqual(['info']);
    expect({ status: report.status, exitCode: report.exitCode }).toEqual({ status: 'ok', exitCode: 0 });
    expect(report.findings[0]!.message).toBe(
      `/var/log is in the root dataset ${ROOT} (40.0 MiB): the logs of a failed boot stay in the failed boot environment, and a rollback takes the logs back in time`,
    );
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

  test('/var/lib/pve-cluster: warned about however small config.db is (every guest configuration), not when empty', () => {
    const small = layoutFindings(allInRoot({ layout: [{ path: '/var/lib/pve-cluster', dataset: ROOT, bytes: 40 * 1024 }] }));
    expect(small).toHaveLength(1);
    expect(small[0]!.severity).toBe('warning');
    expect(small[0]!.message).toContain('guest configurations roll back with the BE');
    expect(small[0]!.fix.split('\n')[1]).toBe('pve-bootenv layout /var/lib/pve-cluster');
    expect(layoutFindings(allInRoot({ layout: [{ path: '/var/lib/pve-cluster', dataset: ROOT, bytes: 0 }] }))).toEqual([]);
  });

  test('/var/lib/vz: the fix is the layout command, with when to run it', () => {
    const facts = allInRoot({ layout: [{ path: '/var/lib/vz', dataset: ROOT, bytes: 12.34 * GiB }] });
    expect(layoutFindings(facts)).toEqual([
      {
        severity: 'warning',
        subject: 'layout /var/lib/vz',
        message: `/var/lib/vz is in the root dataset ${ROOT} (12.3 GiB): a rollback to another boot environment takes it back in time too, and every boot environment keeps a copy of its own`,
        fix: [
          "Move /var/lib/vz to its own dataset rpool/var-lib-vz, shared by all boot environments, with no backup job running and no guest using storage 'local'; --dry-run shows every step:",
          'pve-bootenv layout /var/lib/vz',
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

  test('/root goes to <pool>/root-home, never <pool>/root next to <pool>/ROOT', () => {
    const [finding] = layoutFindings(allInRoot({ layout: [{ path: '/root', dataset: ROOT }] }));
    expect(finding!.fix.split('\n')[0]).toContain('rpool/root-home');
    expect(finding!.fix.split('\n')[0]).toContain('outside /root (cd /)');
  });

  test('the dataset exists already but is not mounted there: look, do not create', () => {
    const facts = allInRoot({ layout: [{ path: '/home', dataset: ROOT }] });
    facts.datasets.push('rpool/home');
    expect(layoutFindings(facts)[0]!.fix).toBe('rpool/home exists but is not mounted at /home: look at it first (zfs get mountpoint,canmount,mounted rpool/home)');
  });

  test('the pool name comes from the facts', () => {
    const facts = allInRoot({ layout: [{ path: '/home', dataset: ROOT }], pool: { name: 'tank', sizeBytes: 1, usedBytes: 0 } });
    expect(layoutFindings(facts)[0]!.fix).toContain('its own dataset tank/home');
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
