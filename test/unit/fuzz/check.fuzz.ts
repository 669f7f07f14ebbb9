// Fuzz: `pve-bootenv check` (src/core/check). It judges whatever the adapters found,
// entries and files of anyone included, and must report, never throw: it has no error class.
import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import fc from 'fast-check';
import { MENU_NOT_SOURCED } from '../../../src/core/bootloader/grub.js';
import { checkHost } from '../../../src/core/check/check-host.js';
import type { BeFacts, CheckFacts, EspFacts, WantedCheckEntry } from '../../../src/core/check/facts.js';
import { formatSize, layoutFindings, LAYOUT_PATHS } from '../../../src/core/check/layout-advice.js';
import { compareFindings, reportOf, type Finding } from '../../../src/core/check/report.js';
import { bootFilePath, OUR_DIR } from '../../../src/core/esp/layout.js';
import { wantedEntry } from '../../../src/core/sync/entry-text.js';
import { adversarial, dirEntryName, kverLike, params, robust, sha256Hex, shortText } from './arbitraries.js';

const BE_ROOT = 'rpool/ROOT';
const NAMES = ['pve-1', 'apt-1', 'apt-1-2', 'a'];
const name = fc.constantFrom(...NAMES);

const wanted: fc.Arbitrary<WantedCheckEntry> = fc.record({ be: name, kver: kverLike, sha: sha256Hex, size: fc.nat(100) }).map(({ be, kver, sha, size }) => {
  const file = (kind: 'vmlinuz' | 'initrd.img') => ({ kind, kver, sha256: sha, size, source: '/boot/x' });
  try {
    const entry = wantedEntry({ be, kver, cmdline: [`root=ZFS=${BE_ROOT}/${be}`], created: 1_700_000_000 }, file('vmlinuz'), file('initrd.img'));
    const path = (kind: 'vmlinuz' | 'initrd.img') => ({ path: bootFilePath(kind, kver, sha), size, sha256: sha });
    return { name: entry.name, kver, text: entry.text, linux: path('vmlinuz'), initrd: path('initrd.img') };
  } catch {
    return { name: `pve-bootenv-${be}-x.conf`, kver, text: '', linux: { path: `${OUR_DIR}/x`, size, sha256: sha }, initrd: { path: `${OUR_DIR}/y`, size, sha256: sha } };
  }
});

const beFacts: fc.Arbitrary<BeFacts> = fc.record({
  name,
  canmount: fc.constantFrom('on', 'noauto', 'off'),
  booted: fc.boolean(),
  isDefault: fc.boolean(),
  nextBoot: fc.boolean(),
  wanted: fc.array(wanted, { maxLength: 2 }),
  modules: fc.array(kverLike, { maxLength: 2 }),
  problems: fc.array(adversarial(['cannot mount', '\n']), { maxLength: 1 }),
}).map((b) => ({ ...b, dataset: `${BE_ROOT}/${b.name}` }));

const entryText = adversarial(['title ', 'linux ', 'efi ', 'initrd ', 'options ', '/EFI/pve-bootenv/', 'root=ZFS=rpool/ROOT/', 'pve-1', 'root=zfs:AUTO', '"', '\n', 'x ']);
const espFacts: fc.Arbitrary<EspFacts> = fc.oneof(
  fc.record({
    id: fc.constantFrom('AAAA-0001', 'BBBB-0002'),
    kind: fc.constant('readable' as const),
    bootloader: fc.constantFrom('systemd-boot' as const, 'grub' as const),
    sizeBytes: fc.nat(),
    freeBytes: fc.nat(),
    entries: fc.array(fc.record({ name: fc.oneof(dirEntryName.map((n) => `pve-bootenv-${n}.conf`), fc.constantFrom('pve-bootenv-pve-1-6.8.12-4-pve.conf', 'proxmox-x.conf')), text: entryText }), { maxLength: 4 }),
    files: fc.array(fc.record({ path: dirEntryName.map((n) => `${OUR_DIR}/${n}`), size: fc.nat(100), sha256: fc.option(sha256Hex, { nil: undefined }) }), { maxLength: 4 }).map((files) =>
      files.map(({ sha256, ...f }) => (sha256 === undefined ? f : { ...f, sha256 })),
    ),
    loaderDefault: fc.option(fc.oneof(fc.constantFrom('proxmox-*', 'pve-bootenv-pve-1-6.8.12-4-pve'), adversarial(['pve-bootenv-', '*', '['])), { nil: undefined }),
    defaultProblem: fc.option(fc.record({ message: adversarial(['loader/loader.conf cannot be read (line 2: ']), fix: adversarial(['correct that line']) }), { nil: undefined }),
    setupProblems: fc.subarray([MENU_NOT_SOURCED]),
  }).map((e) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as EspFacts),
  fc.record({ id: fc.constant('CCCC-0003'), kind: fc.constant('unreachable' as const), error: adversarial(['mount: x']) }),
  fc.record({ id: fc.constant('DDDD-0004'), kind: fc.constant('unsupported' as const), why: adversarial(['GRUB']) }),
);

const facts: fc.Arbitrary<CheckFacts> = fc.record({
  beRoot: fc.constant(BE_ROOT),
  bes: fc.uniqueArray(beFacts, { maxLength: 4, selector: (b) => b.name }),
  esps: fc.array(espFacts, { maxLength: 3 }),
  datasets: fc.subarray([...NAMES.map((n) => `${BE_ROOT}/${n}`), 'rpool', 'rpool/data', 'rpool/var-lib-vz']),
  pool: fc.record({ name: fc.constant('rpool'), sizeBytes: fc.nat(), usedBytes: fc.nat() }),
  layout: fc.array(fc.record({ path: fc.constantFrom(...LAYOUT_PATHS), dataset: fc.option(fc.constantFrom(`${BE_ROOT}/pve-1`, 'rpool/data'), { nil: undefined }), bytes: fc.option(fc.nat(), { nil: undefined }) }), { maxLength: 4 }).map((places) =>
    places.map(({ bytes, ...p }) => (bytes === undefined ? p : { ...p, bytes })),
  ),
  booted: fc.constantFrom(`${BE_ROOT}/pve-1`, `${BE_ROOT}/apt-1`),
  unresolvedEspUuids: fc.array(shortText(['1A2B-3C4D', ' ']), { maxLength: 2 }),
  reserveMiB: fc.integer({ min: 0, max: 4096 }),
  platform: fc.record({
    zfsVersion: fc.option(fc.oneof(fc.constantFrom('2.1.11-1', '2.3.9-pve1', '2.5.0-1'), adversarial(['2.', '-1'])), { nil: undefined }),
    debianMajor: fc.option(fc.integer({ min: 11, max: 14 }), { nil: undefined }),
    systemdBootPackage: fc.boolean(),
    bootctl: fc.boolean(),
  }),
});

describe('checkHost', () => {
  test('never throws; the report is sorted, without duplicates, and its status is its worst finding', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const report = robust('checkHost', [], () => checkHost(f));
        assert.ok(!(report instanceof Error));
        for (let i = 1; i < report.findings.length; i++) assert.ok(compareFindings(report.findings[i - 1]!, report.findings[i]!) < 0);
        const critical = report.findings.some((x) => x.severity === 'critical');
        assert.equal(report.status === 'critical', critical);
        robust('layoutFindings', [], () => layoutFindings(f));
      }),
      params(2201, 300),
    );
  });

  test('reportOf and formatSize never throw', () => {
    const finding: fc.Arbitrary<Finding> = fc.record({ severity: fc.constantFrom('critical', 'warning', 'info'), subject: adversarial(['ESP']), message: adversarial(['x']), fix: adversarial(['y']) });
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 10 }), fc.double(), (findings, bytes) => {
        robust('reportOf', [], () => reportOf(findings, { bes: 0, esps: 0, entries: 0 }));
        robust('formatSize', [], () => formatSize(bytes));
      }),
      params(2202),
    );
  });
});
