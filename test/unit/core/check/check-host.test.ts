import { describe, expect, test } from '@jest/globals';
import { grubSetupProblems } from '../../../../src/core/bootloader/grub.js';
import { systemdBootStrategy } from '../../../../src/core/bootloader/systemd-boot.js';
import { checkHost } from '../../../../src/core/check/check-host.js';
import { GRUB_MENU } from '../../../../src/core/esp/layout.js';
import type { BeFacts } from '../../../../src/core/check/facts.js';
import { BE_ROOT, KVER, MiB, OLDER, be, esp, host, lines, twoBes, wanted, withEntry, withoutFile } from './fixtures.js';

const SYNC = 'pve-bootenv sync --verify';

describe('a healthy host', () => {
  test('has no findings, status ok, exit code 0', () => {
    const report = checkHost(host(twoBes()));
    expect(report).toEqual({ status: 'ok', exitCode: 0, findings: [], checked: { bes: 2, esps: 2, entries: 4 } });
  });

  test('others\' entries on the ESP are neither counted nor judged', () => {
    const bes = twoBes();
    const first = esp('AAAA-0001', bes);
    const withProxmox = { ...first, entries: [...first.entries, { name: 'proxmox-6.8.12-4-pve.conf', text: 'garbage' }] };
    const report = checkHost(host(bes, { esps: [withProxmox] }));
    expect(report.findings).toEqual([]);
    expect(report.checked).toEqual({ bes: 2, esps: 1, entries: 2 });
  });
});

describe('entries missing from an ESP', () => {
  const missingOnSecond = (bes: BeFacts[], name: string) => {
    const facts = host(bes);
    const second = facts.esps[1]!;
    if (second.kind !== 'readable') throw new Error('fixture');
    facts.esps[1] = withEntry(second, bes.find((b) => b.name === name)!.wanted[0]!.name, undefined);
    return checkHost(facts);
  };

  test('of the default BE: critical, on any ESP', () => {
    const bes = [be('pve-1', { isDefault: true }), be('pve-2', { booted: true, canmount: 'on' })];
    const report = missingOnSecond(bes, 'pve-1');
    expect(lines(report)).toEqual([`critical pve-1 on ESP AAAA-0002: entry for ${KVER} (pve-bootenv-pve-1-${KVER}.conf) is missing (default)`]);
    expect(report.findings[0]!.fix).toBe(SYNC);
    expect(report.exitCode).toBe(2);
    expect(report.status).toBe('critical');
  });

  test('of the booted BE: critical', () => {
    const bes = [be('pve-1', { isDefault: true }), be('pve-2', { booted: true, canmount: 'on' })];
    expect(lines(missingOnSecond(bes, 'pve-2'))).toEqual([
      `critical pve-2 on ESP AAAA-0002: entry for ${KVER} (pve-bootenv-pve-2-${KVER}.conf) is missing (booted)`,
    ]);
  });

  test('of the next-boot BE: a warning (systemd-boot falls back to the default)', () => {
    const bes = [...twoBes(), be('try', { nextBoot: true })];
    const report = missingOnSecond(bes, 'try');
    expect(lines(report)).toEqual([`warning try on ESP AAAA-0002: entry for ${KVER} (pve-bootenv-try-${KVER}.conf) is missing (next boot)`]);
    expect(report.exitCode).toBe(1);
  });

  test('of another BE, on every ESP: nothing (max-loaded, space)', () => {
    const bes = twoBes();
    const [pve1, apt1] = bes as [BeFacts, BeFacts];
    const report = checkHost(host(bes, { esps: [esp('AAAA-0001', [pve1]), esp('AAAA-0002', [pve1])] }));
    expect(report.findings).toEqual([]);
    expect(apt1.wanted).toHaveLength(1);
  });

  test('of another BE, on one ESP only: the ESPs disagree', () => {
    expect(lines(missingOnSecond(twoBes(), 'apt-1'))).toEqual([
      `warning apt-1 on ESP AAAA-0002: entry for ${KVER} is not on this ESP but on ESP AAAA-0001: the ESPs disagree`,
    ]);
  });

  test('a second kernel of the default BE is a fallback: a warning', () => {
    const bes = [be('pve-1', { booted: true, isDefault: true, canmount: 'on', kernels: [KVER, OLDER] })];
    const facts = host(bes);
    facts.esps = facts.esps.map((e) => (e.kind === 'readable' ? withEntry(e, `pve-bootenv-pve-1-${OLDER}.conf`, undefined) : e));
    expect(lines(checkHost(facts))).toEqual([
      `warning pve-1 on ESP AAAA-0001: entry for ${OLDER} (pve-bootenv-pve-1-${OLDER}.conf) is missing (booted, default)`,
      `warning pve-1 on ESP AAAA-0002: entry for ${OLDER} (pve-bootenv-pve-1-${OLDER}.conf) is missing (booted, default)`,
    ]);
  });
});

describe('entries that would not boot', () => {
  const pve1 = () => be('pve-1', { booted: true, isDefault: true, canmount: 'on' });

  test('kernel missing: critical for the default BE, a warning for another', () => {
    const bes = [pve1(), be('apt-1', { kernels: [OLDER] })];
    const facts = host(bes, { esps: [] });
    let only = esp('AAAA-0001', bes);
    only = withoutFile(only, bes[0]!.wanted[0]!.linux.path);
    only = withoutFile(only, bes[1]!.wanted[0]!.initrd.path);
    facts.esps = [only];
    expect(lines(checkHost(facts))).toEqual([
      `critical pve-1 on ESP AAAA-0001: entry for ${KVER} (booted, default): kernel ${bes[0]!.wanted[0]!.linux.path} is missing`,
      `warning apt-1 on ESP AAAA-0001: entry for ${OLDER}: initrd ${bes[1]!.wanted[0]!.initrd.path} is missing`,
    ]);
  });

  test('a file of the wrong size or content', () => {
    const bes = [pve1()];
    const only = esp('AAAA-0001', bes);
    const [linux, initrd] = [bes[0]!.wanted[0]!.linux, bes[0]!.wanted[0]!.initrd];
    only.files = [
      { path: linux.path, size: linux.size - 1 },
      { path: initrd.path, size: initrd.size, sha256: 'f'.repeat(64) },
    ];
    expect(lines(checkHost(host(bes, { esps: [only] })))).toEqual([
      `critical pve-1 on ESP AAAA-0001: entry for ${KVER} (booted, default): kernel ${linux.path} has ${linux.size - 1} bytes, not ${linux.size}; ` +
        `initrd ${initrd.path} is corrupt: its SHA-256 is not the one its name promises`,
    ]);
  });

  test('files not hashed on the ESP are judged by their size alone', () => {
    const bes = [pve1()];
    const only = esp('AAAA-0001', bes);
    only.files = only.files.map(({ path, size }) => ({ path, size }));
    expect(checkHost(host(bes, { esps: [only] })).findings).toEqual([]);
  });

  test('root= names a dataset that does not exist, or not a BE, or another BE', () => {
    const bes = [pve1(), be('apt-1'), be('apt-2'), be('apt-3')];
    const facts = host(bes, { esps: [] });
    let only = esp('AAAA-0001', bes);
    const retarget = (b: BeFacts, dataset: string) => wanted(b.name, KVER, 'a', dataset).text;
    only = withEntry(only, bes[0]!.wanted[0]!.name, retarget(bes[0]!, `${BE_ROOT}/gone`));
    only = withEntry(only, bes[1]!.wanted[0]!.name, retarget(bes[1]!, 'rpool/data'));
    only = withEntry(only, bes[2]!.wanted[0]!.name, retarget(bes[2]!, `${BE_ROOT}/apt-3`));
    only = withEntry(only, bes[3]!.wanted[0]!.name, retarget(bes[3]!, `${BE_ROOT}/apt-3/child`));
    facts.esps = [only];
    facts.datasets.push(`${BE_ROOT}/apt-3/child`);
    expect(lines(checkHost(facts))).toEqual([
      `critical pve-1 on ESP AAAA-0001: entry for ${KVER} (booted, default): differs from what the BE's /boot gives (options); root= names ${BE_ROOT}/gone, which does not exist`,
      `warning apt-1 on ESP AAAA-0001: entry for ${KVER}: differs from what the BE's /boot gives (options); root= names rpool/data, which is not a boot environment under ${BE_ROOT}`,
      `warning apt-2 on ESP AAAA-0001: entry for ${KVER}: differs from what the BE's /boot gives (options); root= boots ${BE_ROOT}/apt-3, not ${BE_ROOT}/apt-2`,
      `warning apt-3 on ESP AAAA-0001: entry for ${KVER}: differs from what the BE's /boot gives (options); root= names ${BE_ROOT}/apt-3/child, which is not a boot environment under ${BE_ROOT}`,
    ]);
  });

  test('an entry that cannot be parsed', () => {
    const bes = [pve1()];
    const only = withEntry(esp('AAAA-0001', bes), bes[0]!.wanted[0]!.name, 'title\n');
    const [line] = lines(checkHost(host(bes, { esps: [only] })));
    expect(line).toMatch(/^critical pve-1 on ESP AAAA-0001: entry for .* \(booted, default\): cannot be read: /);
  });

  test('/lib/modules/<kver> missing in the BE: once per BE, critical for its first kernel if booted or default', () => {
    const bes = [
      be('pve-1', { booted: true, isDefault: true, canmount: 'on', kernels: [KVER, OLDER], modules: [] }),
      be('apt-1', { modules: [] }),
    ];
    const report = checkHost(host(bes));
    expect(lines(report)).toEqual([
      `critical pve-1: /lib/modules/${KVER} is missing (booted, default): kernel ${KVER} would boot without its modules`,
      `warning apt-1: /lib/modules/${KVER} is missing: kernel ${KVER} would boot without its modules`,
      `warning pve-1: /lib/modules/${OLDER} is missing (booted, default): kernel ${OLDER} would boot without its modules`,
    ]);
    expect(report.findings[0]!.fix).toBe(
      `reinstall the package that owns /boot/vmlinuz-${KVER} (dpkg -S /boot/vmlinuz-${KVER}; apt install --reinstall <package>), then ${SYNC}`,
    );
    expect(report.findings[1]!.fix).toContain('pve-bootenv mount apt-1');
  });
});

describe('entries that boot but are out of date', () => {
  test('a new initrd in the default BE\'s /boot: a warning, the old one still boots', () => {
    const bes = [be('pve-1', { booted: true, isDefault: true, canmount: 'on' })];
    const facts = host(bes);
    const rebuilt = wanted('pve-1', KVER, 'b');
    bes[0]!.wanted = [{ ...bes[0]!.wanted[0]!, text: rebuilt.text, linux: rebuilt.linux, initrd: rebuilt.initrd }];
    const report = checkHost(facts);
    expect(lines(report)).toEqual([
      `warning pve-1 on ESP AAAA-0001: entry for ${KVER} (booted, default): differs from what the BE's /boot gives (kernel, initrd)`,
      `warning pve-1 on ESP AAAA-0002: entry for ${KVER} (booted, default): differs from what the BE's /boot gives (kernel, initrd)`,
    ]);
    expect(report.exitCode).toBe(1);
  });

  test('a changed title only', () => {
    const bes = twoBes();
    const facts = host(bes, { esps: [] });
    const w = bes[1]!.wanted[0]!;
    facts.esps = [withEntry(esp('AAAA-0001', bes), w.name, w.text.replace(/^title +.*$/m, 'title    hand-edited'))];
    expect(lines(checkHost(facts))).toEqual([
      `warning apt-1 on ESP AAAA-0001: entry for ${KVER}: differs from what the BE's /boot gives (title or other lines)`,
    ]);
  });
});

describe('stale entries', () => {
  test('of a destroyed BE, of a dataset that is not a BE, and an old kernel of a BE', () => {
    const bes = twoBes();
    const facts = host(bes, { esps: [] });
    let only = esp('AAAA-0001', bes);
    only = withEntry(only, `pve-bootenv-gone-${KVER}.conf`, wanted('gone', KVER).text);
    only = withEntry(only, `pve-bootenv-data-${KVER}.conf`, wanted('data', KVER, 'a', 'rpool/data').text);
    const old = wanted('apt-1', OLDER);
    only = withEntry(only, old.name, old.text);
    only.files.push(old.linux, old.initrd);
    facts.esps = [only];
    const report = checkHost(facts);
    expect(lines(report)).toEqual([
      `warning ESP AAAA-0001: stale entry pve-bootenv-data-${KVER}.conf: it boots rpool/data, which is not a boot environment`,
      `warning ESP AAAA-0001: stale entry pve-bootenv-gone-${KVER}.conf: it boots ${BE_ROOT}/gone, which no longer exists`,
      `warning apt-1 on ESP AAAA-0001: entry ${old.name} is not one the sync makes from the BE's /boot (an old kernel?)`,
    ]);
    expect(report.findings.every((f) => f.fix === SYNC)).toBe(true);
    expect(report.checked.entries).toBe(5);
  });

  test('the trial entry of a trial that is over is named as such, not as an old kernel', () => {
    const bes = twoBes();
    const facts = host(bes, { esps: [] });
    const kept = wanted('apt-1', KVER);
    const trialName = kept.name.replace(/\.conf$/, '.trial.conf');
    facts.esps = [withEntry(esp('AAAA-0001', bes), trialName, kept.text)];
    expect(lines(checkHost(facts))).toEqual([
      `warning apt-1 on ESP AAAA-0001: entry ${trialName} is left from a trial boot that is over; a sync takes it away`,
    ]);
  });
});

describe('boot environments', () => {
  test('a problem reading one: critical if booted or default, else a warning', () => {
    const bes = [
      be('pve-1', { booted: true, isDefault: true, canmount: 'on', problems: ['cannot read /boot/initrd.img-6.8.12-4-pve'] }),
      be('apt-1', { problems: ['cannot mount: dataset is busy'] }),
    ];
    const report = checkHost(host(bes));
    expect(lines(report)).toEqual([
      'critical pve-1: cannot read /boot/initrd.img-6.8.12-4-pve (booted, default)',
      'warning apt-1: cannot mount: dataset is busy',
    ]);
    expect(report.findings[1]!.fix).toBe(`look at its /boot and /lib/modules (pve-bootenv mount apt-1), then ${SYNC}`);
  });

  test('a default BE without a kernel would not boot', () => {
    const bes = [be('pve-1', { booted: true, canmount: 'on' }), be('new', { isDefault: true, kernels: [] })];
    expect(lines(checkHost(host(bes)))).toEqual(['critical new: has no kernel in /boot: no entry can boot it (default)']);
  });

  test('its entries are still checked, and compared across ESPs, when its /boot cannot be read', () => {
    const bes = twoBes();
    const facts = host(bes);
    const apt1 = bes[1]!;
    const [entry] = apt1.wanted;
    apt1.wanted = [];
    apt1.problems = ['cannot mount'];
    const [first, second] = facts.esps as [ReturnType<typeof esp>, ReturnType<typeof esp>];
    facts.esps = [first, withEntry(second, entry!.name, entry!.text.replace('boot=zfs', 'boot=zfs quiet'))];
    facts.esps.push(withEntry(esp('AAAA-0003', [bes[0]!]), 'unrelated', undefined));
    expect(lines(checkHost(facts))).toEqual([
      'warning apt-1: cannot mount',
      `warning apt-1 on ESP AAAA-0001: entry ${entry!.name}: differs from the one on ESP AAAA-0002: the ESPs disagree; not on ESP AAAA-0003: the ESPs disagree`,
      `warning apt-1 on ESP AAAA-0002: entry ${entry!.name}: differs from the one on ESP AAAA-0001: the ESPs disagree; not on ESP AAAA-0003: the ESPs disagree`,
    ]);
  });

  test('canmount=on on a BE that is not booted', () => {
    const bes = [be('pve-1', { isDefault: true, canmount: 'on' }), be('apt-1', { booted: true, canmount: 'on' })];
    const report = checkHost(host(bes));
    expect(report.findings).toEqual([
      {
        severity: 'warning',
        subject: 'pve-1',
        message: 'canmount=on but not booted: zfs mount -a at boot could mount it over /',
        fix: `zfs set canmount=noauto ${BE_ROOT}/pve-1`,
      },
    ]);
  });

  test('a failed trial is named with why, as a warning; the default did not change', () => {
    const bes = [be('pve-1', { isDefault: true, booted: true }), be('upg-1', { trialFailed: 'health.d/10-api exited 1' })];
    expect(checkHost(host(bes)).findings).toEqual([
      {
        severity: 'warning',
        subject: 'upg-1',
        message: 'its trial boot failed: health.d/10-api exited 1; the default did not change',
        fix: "journalctl -u pve-bootenv-trial (in upg-1's boot) says more; fix it and 'pve-bootenv activate upg-1 --trial' again, or 'pve-bootenv destroy upg-1'",
      },
    ]);
  });

  test('no default BE', () => {
    const bes = [be('pve-1', { booted: true, canmount: 'on' })];
    const facts = host(bes);
    const report = checkHost(facts);
    expect(report.findings).toEqual([
      { severity: 'warning', subject: 'boot environments', message: 'none is the default (the pool bootfs names none of them)', fix: 'pve-bootenv activate pve-1' },
    ]);
  });
});

describe('ESPs', () => {
  test('loader.conf default: none, another BE, a pattern, and a missing entry of ours', () => {
    const bes = twoBes();
    const [pve1, apt1] = bes.map((b) => b.wanted[0]!.name) as [string, string];
    const base = (id: string) => esp(id, bes);
    const noDefault = { ...base('AAAA-0001') };
    delete noDefault.loaderDefault;
    const facts = host(bes, {
      esps: [
        noDefault,
        { ...base('AAAA-0002'), loaderDefault: apt1 },
        { ...base('AAAA-0003'), loaderDefault: 'proxmox-*' },
        { ...base('AAAA-0004'), loaderDefault: `pve-bootenv-gone-${KVER}.conf` },
        { ...base('AAAA-0005'), loaderDefault: pve1.replace(/\.conf$/, '') },
        { ...base('AAAA-0006'), loaderDefault: 'proxmox-6.8.12-4-pve.conf' },
      ],
    });
    const wants = `the first entry of the default boot environment pve-1 (${pve1})`;
    expect(lines(checkHost(facts))).toEqual([
      `critical ESP AAAA-0004: loader.conf default pve-bootenv-gone-${KVER}.conf is not on this ESP: systemd-boot would boot some other entry, not ${wants}`,
      `warning ESP AAAA-0001: loader.conf has no default: systemd-boot boots the first entry in its own order, not ${wants}`,
      `warning ESP AAAA-0002: loader.conf default is ${apt1}, not ${wants}`,
      `warning ESP AAAA-0003: loader.conf default is the pattern proxmox-*, not ${wants}`,
      `warning ESP AAAA-0006: loader.conf default is proxmox-6.8.12-4-pve.conf, not ${wants}`,
    ]);
  });

  test('a loader.conf with a malformed line: a warning about that line, the ESP still checked', () => {
    const bes = twoBes();
    // As check reads such a loader.conf (core/bootloader/systemd-boot.ts).
    const { problem } = systemdBootStrategy.checkedDefault({ id: 'systemd-boot', loaderConf: 'timeout 3\nEditor yes\n' });
    const odd = { ...esp('AAAA-0001', bes), defaultProblem: problem! };
    delete odd.loaderDefault;
    const report = checkHost(host(bes, { esps: [withoutFile(odd, bes[0]!.wanted[0]!.linux.path), esp('AAAA-0002', bes)] }));
    expect(lines(report)).toEqual([
      `critical pve-1 on ESP AAAA-0001: entry for ${KVER} (booted, default): kernel ${bes[0]!.wanted[0]!.linux.path} is missing`,
      'warning ESP AAAA-0001: loader/loader.conf cannot be read (line 2: key "Editor" is not made of a-z, 0-9 and \'-\'): systemd-boot skips such a line, and its default is not checked',
      // Both BEs boot the same kernel file.
      `warning apt-1 on ESP AAAA-0001: entry for ${KVER}: kernel ${bes[0]!.wanted[0]!.linux.path} is missing`,
    ]);
    expect(report.findings[1]?.fix).toMatch(/^correct that line of loader\/loader.conf/);
  });

  test('less free space than the reserve', () => {
    const bes = twoBes();
    const report = checkHost(host(bes, { esps: [esp('AAAA-0001', bes, { freeBytes: 20 * MiB, sizeBytes: 512 * MiB })] }));
    expect(report.findings).toEqual([
      {
        severity: 'warning',
        subject: 'ESP AAAA-0001',
        message: '20.0 MiB free of 512.0 MiB, less than reserve-mib (32 MiB)',
        fix: `pve-bootenv prune, or lower max-loaded in /etc/pve-bootenv.conf; then ${SYNC}`,
      },
    ]);
  });

  test('one that cannot be read: a warning while another can, critical when none can', () => {
    const bes = twoBes();
    const broken = { id: 'BBBB-0002', kind: 'unreachable' as const, error: 'mount: wrong fs type' };
    expect(lines(checkHost(host(bes, { esps: [esp('AAAA-0001', bes), broken] })))).toEqual([
      'warning ESP BBBB-0002: cannot be read: mount: wrong fs type',
    ]);
    expect(lines(checkHost(host(bes, { esps: [broken] })))).toEqual([
      'critical ESP BBBB-0002: cannot be read: mount: wrong fs type (and no other ESP can)',
    ]);
  });

  test('none at all is critical', () => {
    const report = checkHost(host(twoBes(), { esps: [] }));
    expect(lines(report)).toEqual([
      'critical ESPs: no ESP found: none listed in /etc/kernel/proxmox-boot-uuids, none mounted at /boot/efi or /efi',
    ]);
    expect(report.checked).toEqual({ bes: 2, esps: 0, entries: 0 });
  });

  test('GRUB on an ESP proxmox-boot-tool does not manage is reported, not checked', () => {
    const bes = twoBes();
    const why = 'GRUB mode (EFI/proxmox/grubx64.efi) on an ESP proxmox-boot-tool does not list: not handled';
    const report = checkHost(host(bes, { esps: [esp('AAAA-0001', bes), { id: '/boot/efi', kind: 'unsupported', why }] }));
    expect(report.findings).toEqual([
      { severity: 'warning', subject: 'ESP /boot/efi', message: `${why}: not checked`, fix: 'proxmox-boot-tool status shows how it boots' },
    ]);
    expect(report.checked).toEqual({ bes: 2, esps: 2, entries: 2 });
  });

  test('a GRUB-mode ESP is judged like a systemd-boot one, by the entries of our menu', () => {
    const bes = twoBes();
    const grub = { ...esp('CCCC-0003', bes), bootloader: 'grub' as const, setupProblems: grubSetupProblems(`source ${GRUB_MENU}\n`) };
    expect(checkHost(host(bes, { esps: [esp('AAAA-0001', bes), grub] })).findings).toEqual([]);
    const missing = withEntry(grub, bes[0]!.wanted[0]!.name, undefined);
    expect(lines(checkHost(host(bes, { esps: [esp('AAAA-0001', bes), missing] })))).toEqual([
      expect.stringMatching(/^critical pve-1 on ESP CCCC-0003: /),
    ]);
    const noDefault = { ...grub, loaderDefault: undefined };
    expect(lines(checkHost(host(bes, { esps: [noDefault] })))).toEqual([
      "warning ESP CCCC-0003: the GRUB menu has no default: GRUB boots proxmox-boot-tool's default, not the first entry of the default boot environment pve-1 (pve-bootenv-pve-1-6.8.12-4-pve.conf)",
    ]);
  });

  test("a GRUB-mode ESP whose grub.cfg does not source our menu: 'proxmox-boot-tool refresh'", () => {
    const bes = twoBes();
    const grub = { ...esp('CCCC-0003', bes), bootloader: 'grub' as const, setupProblems: grubSetupProblems('### BEGIN /etc/grub.d/10_linux ###\n') };
    expect(checkHost(host(bes, { esps: [grub] })).findings).toEqual([
      {
        severity: 'warning',
        subject: 'ESP CCCC-0003',
        message: "its grub.cfg does not source pve-bootenv's menu: GRUB shows no boot environment and boots proxmox-boot-tool's default",
        fix: 'proxmox-boot-tool refresh',
      },
    ]);
  });

  test('UUIDs in /etc/kernel/proxmox-boot-uuids that resolve to nothing', () => {
    const report = checkHost(host(twoBes(), { unresolvedEspUuids: ['DEAD-BEEF\n'] }));
    expect(report.findings).toEqual([
      {
        severity: 'warning',
        subject: 'ESP DEAD-BEEF',
        message: 'listed in /etc/kernel/proxmox-boot-uuids, but no partition has this UUID (a replaced disk?)',
        fix: 'proxmox-boot-tool clean',
      },
    ]);
  });
});

describe('pool', () => {
  test.each([
    [90, []],
    [90.01, ['warning pool rpool: 90.1 % used, more than 90 %: writes slow down, and a full pool cannot take a new boot environment']],
    [97, ['warning pool rpool: 97 % used, more than 90 %: writes slow down, and a full pool cannot take a new boot environment']],
  ])('%d %% used', (percent, expected) => {
    const report = checkHost(host(twoBes(), { pool: { name: 'rpool', sizeBytes: 10000, usedBytes: percent * 100 } }));
    expect(lines(report)).toEqual(expected);
  });

  test('a pool of unknown size is not judged', () => {
    expect(checkHost(host(twoBes(), { pool: { name: 'rpool', sizeBytes: 0, usedBytes: 5 } })).findings).toEqual([]);
  });
});

describe('status, exit code and order', () => {
  /** A host with something of everything wrong. */
  const messy = () => {
    const bes = [
      be('pve-1', { booted: true, isDefault: true, canmount: 'on', modules: [] }),
      be('apt-2', { canmount: 'on' }),
      be('apt-1', { problems: ['cannot mount'] }),
    ];
    return host(bes, {
      esps: [{ id: 'ZZZZ-0009', kind: 'unsupported', why: 'GRUB elsewhere' }, esp('AAAA-0001', bes, { freeBytes: MiB })],
      unresolvedEspUuids: ['DEAD-BEEF'],
      pool: { name: 'rpool', sizeBytes: 100, usedBytes: 95 },
      layout: [{ path: '/var/lib/vz', dataset: `${BE_ROOT}/pve-1` }],
    });
  };

  test('critical first, then by subject; exit code 2', () => {
    const report = checkHost(messy());
    expect(report.status).toBe('critical');
    expect(report.exitCode).toBe(2);
    expect(report.findings.map((f) => `${f.severity} ${f.subject}`)).toEqual([
      'critical pve-1',
      'warning ESP AAAA-0001',
      'warning ESP DEAD-BEEF',
      'warning ESP ZZZZ-0009',
      'warning apt-1',
      'warning apt-2',
      'warning layout /var/lib/vz',
      'warning pool rpool',
    ]);
  });

  test('the same facts in another order give the same report', () => {
    const facts = messy();
    const shuffled = { ...facts, bes: [...facts.bes].reverse(), esps: [...facts.esps].reverse(), datasets: [...facts.datasets].reverse() };
    expect(checkHost(shuffled)).toEqual(checkHost(facts));
  });

  test('warnings only: exit code 1', () => {
    const report = checkHost(host(twoBes(), { unresolvedEspUuids: ['DEAD-BEEF'] }));
    expect([report.status, report.exitCode]).toEqual(['warning', 1]);
  });
});
