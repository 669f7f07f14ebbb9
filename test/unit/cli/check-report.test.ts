import { describe, expect, test } from '@jest/globals';
import { renderCheckReport, renderFinding } from '../../../src/cli/render/check-report.js';
import { checkHost } from '../../../src/core/check/check-host.js';
import { reportOf, type CheckReport } from '../../../src/core/check/report.js';
import { BE_ROOT, host, twoBes } from '../core/check/fixtures.js';

describe('check report', () => {
  test('all good', () => {
    expect(renderCheckReport(checkHost(host(twoBes())))).toEqual(['checked 2 boot environments on 2 ESPs (4 entries): all good']);
  });

  test('one line per finding, the fix after a dash, further fix lines indented; then the summary', () => {
    const report: CheckReport = reportOf(
      [
        { severity: 'warning', subject: 'layout /tmp', message: '/tmp is in the root dataset', fix: 'Put /tmp on a tmpfs:\nsystemctl enable tmp.mount\nreboot' },
        { severity: 'critical', subject: 'pve-1 on ESP AAAA-0001', message: 'entry missing (default)', fix: 'pve-bootenv sync --verify' },
        { severity: 'warning', subject: 'ESP DEAD-BEEF', message: 'no such partition', fix: 'proxmox-boot-tool clean' },
      ],
      { bes: 3, esps: 2, entries: 7 },
    );
    expect(renderCheckReport(report)).toEqual([
      'CRITICAL pve-1 on ESP AAAA-0001: entry missing (default) — pve-bootenv sync --verify',
      'WARNING ESP DEAD-BEEF: no such partition — proxmox-boot-tool clean',
      'WARNING layout /tmp: /tmp is in the root dataset — Put /tmp on a tmpfs:',
      '    systemctl enable tmp.mount',
      '    reboot',
      'checked 3 boot environments on 2 ESPs (7 entries): 1 critical, 2 warnings',
    ]);
  });

  test('singulars, and warnings only', () => {
    const report = reportOf([{ severity: 'warning', subject: 'pool rpool', message: '95 % used', fix: 'pve-bootenv prune' }], {
      bes: 1,
      esps: 1,
      entries: 1,
    });
    expect(renderCheckReport(report).at(-1)).toBe('checked 1 boot environment on 1 ESP (1 entry): 1 warning');
  });

  test('a finding without a fix has no dash', () => {
    expect(renderFinding({ severity: 'warning', subject: 's', message: 'm', fix: '' })).toEqual(['WARNING s: m']);
  });

  test('a real report renders every step of the layout advice', () => {
    const facts = host(twoBes(), { layout: [{ path: '/home', dataset: `${BE_ROOT}/pve-1` }], datasets: ['rpool', `${BE_ROOT}/pve-1`, `${BE_ROOT}/apt-1`] });
    const lines = renderCheckReport(checkHost(facts));
    expect(lines[0]).toMatch(/^WARNING layout \/home: \/home is in the root dataset rpool\/ROOT\/pve-1: .* — Move \/home to its own dataset rpool\/home, /);
    expect(lines.slice(1, -1).every((l) => l.startsWith('    '))).toBe(true);
    expect(lines).toContain('    pve-bootenv layout /home');
    expect(lines.at(-1)).toBe('checked 2 boot environments on 2 ESPs (4 entries): 1 warning');
  });
});

describe('reportOf', () => {
  test('exit codes', () => {
    const checked = { bes: 0, esps: 0, entries: 0 };
    expect(reportOf([], checked)).toMatchObject({ status: 'ok', exitCode: 0 });
    expect(reportOf([{ severity: 'warning', subject: 'a', message: 'm', fix: '' }], checked)).toMatchObject({ status: 'warning', exitCode: 1 });
    expect(
      reportOf(
        [
          { severity: 'warning', subject: 'a', message: 'm', fix: '' },
          { severity: 'critical', subject: 'b', message: 'm', fix: '' },
        ],
        checked,
      ),
    ).toMatchObject({ status: 'critical', exitCode: 2 });
  });

  test('sorted by severity, subject, message and fix; exact duplicates once', () => {
    const f = (severity: 'warning' | 'critical', subject: string, message: string, fix = '') => ({ severity, subject, message, fix });
    const report = reportOf([f('warning', 'b', 'x'), f('warning', 'B', 'x'), f('critical', 'z', 'y'), f('warning', 'b', 'a'), f('warning', 'b', 'x')], {
      bes: 0,
      esps: 0,
      entries: 0,
    });
    expect(report.findings.map((x) => `${x.severity} ${x.subject} ${x.message}`)).toEqual(['critical z y', 'warning B x', 'warning b a', 'warning b x']);
  });
});
