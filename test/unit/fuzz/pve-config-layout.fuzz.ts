// Fuzz: a BE's /etc/pve (src/core/pve-config: ConfigTreeError for a tree pmxcfs would not
// load, WalError for a WAL SQLite would refuse) and the layout planner (src/core/layout:
// LayoutError). A BE's config.db is untrusted: deep chains and cycles of directories,
// hostile names, WALs of any bytes.
import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import fc from 'fast-check';
import { LayoutError, parseQuorate, parseUnitsProperty, planLayout, requestedDirs, type LayoutDirFacts } from '../../../src/core/layout/plan-layout.js';
import { STATE_DIRS, stateDirOf } from '../../../src/core/layout/state-dirs.js';
import { firstDifference, type TreeEntry } from '../../../src/core/layout/tree-compare.js';
import { diffEtcPve } from '../../../src/core/pve-config/etc-pve-diff.js';
import { changedParts, parseGuestConfig } from '../../../src/core/pve-config/guest-config.js';
import { buildConfigTree, ConfigTreeError, DT_DIR, DT_REG, escapeName, type TreeRow } from '../../../src/core/pve-config/tree.js';
import { applyWal, WalError } from '../../../src/core/pve-config/wal.js';
import { buildWal } from '../core/pve-config/wal-builder.js';
import { adversarial, linesOf, longRun, params, robust, shortText } from './arbitraries.js';

const GUEST_TOKENS = ['memory: ', 'net0: ', 'lxc.idmap', ' = ', ': ', '#', '[PENDING]', '[snap1]', '[special:cloudinit]', '[', ']', ' ', '\t', 'virtio=AA:BB', 'parent: snap1'];
const guestConfig = linesOf(fc.oneof(adversarial(GUEST_TOKENS), longRun(GUEST_TOKENS, fc.constantFrom(' ', '\t', ':', '=', ' a'))), 20);

describe('guest configurations', () => {
  test('parseGuestConfig and changedParts never throw, and stay fast on long blank runs', () => {
    fc.assert(
      fc.property(guestConfig, guestConfig, (a, b) => {
        const left = robust('parseGuestConfig', [], () => parseGuestConfig(a));
        const right = robust('parseGuestConfig', [], () => parseGuestConfig(b));
        assert.ok(!(left instanceof Error) && !(right instanceof Error));
        const parts = robust('changedParts', [], () => changedParts(left, right)) as string[];
        assert.deepEqual(changedParts(left, left), []);
        assert.deepEqual(parts, [...parts].sort());
      }),
      params(2301, 200),
    );
  });
});

/** Rows of a tree table: a few inodes, parents among them (cycles too), names of any kind. */
const rows: fc.Arbitrary<TreeRow[]> = fc.array(
  fc.record({
    inode: fc.integer({ min: 0, max: 12 }).map(String),
    parent: fc.integer({ min: 0, max: 13 }).map(String),
    type: fc.constantFrom(DT_DIR, DT_REG, DT_REG, 0),
    name: fc.oneof(fc.constantFrom('nodes', 'pve', 'qemu-server', 'lxc', '100.conf', '101.conf', 'storage.cfg', '__version__', '.', '..', ''), adversarial(['/', '\0', '\u202e', '\\', 'a'])),
    data: fc.uint8Array({ maxLength: 40 }),
  }),
  { maxLength: 14 },
);

/** A deep chain of directories, longer than any path: breadth first, it must stay linear. */
const chain = fc.integer({ min: 1, max: 3_000 }).map((depth): TreeRow[] => [
  { inode: '0', parent: '0', type: DT_REG, name: '__version__', data: new Uint8Array(0) },
  ...Array.from({ length: depth }, (_, i): TreeRow => ({ inode: String(i + 1), parent: String(i), type: DT_DIR, name: 'd', data: new Uint8Array(0) })),
  { inode: String(depth + 1), parent: String(depth), type: DT_REG, name: 'f', data: new Uint8Array([1]) },
]);

describe('/etc/pve from config.db', () => {
  test('buildConfigTree throws only ConfigTreeError; diffEtcPve never throws', () => {
    fc.assert(
      fc.property(fc.oneof(rows, chain), fc.oneof(rows, chain), (a, b) => {
        const host = robust('buildConfigTree', [ConfigTreeError], () => buildConfigTree(a));
        const be = robust('buildConfigTree', [ConfigTreeError], () => buildConfigTree(b));
        if (host instanceof Error || be instanceof Error) return;
        for (const path of host.files.keys()) assert.ok(!path.split('/').some((part) => part === '' || part === '.' || part === '..'), path);
        robust('diffEtcPve', [], () => diffEtcPve(host, be));
      }),
      params(2302, 200),
    );
  });

  test('escapeName never throws and leaves no control or format character', () => {
    fc.assert(
      fc.property(adversarial(['\u202e', '\0', '\x1b', '\\', 'a']), (name) => {
        const shown = robust('escapeName', [], () => escapeName(name)) as string;
        assert.ok(!/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(shown));
      }),
      params(2303),
    );
  });

  test('applyWal throws only WalError, on WALs of any bytes and on well-formed ones', () => {
    const frame = fc.record({ page: fc.integer({ min: 0, max: 6 }), fill: fc.nat(255), commit: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }), badChecksum: fc.boolean() });
    const wal = fc.oneof(
      fc.option(fc.uint8Array({ maxLength: 2_000 }), { nil: undefined }),
      fc.record({ pageSize: fc.constantFrom(512, 1024), frames: fc.array(frame, { maxLength: 5 }), bigEndianChecksums: fc.boolean(), version: fc.constantFrom(3007000, 3007000, 1) }).map((spec) =>
        buildWal({ ...spec, frames: spec.frames.map(({ commit, ...f }) => (commit === undefined ? f : { ...f, commit })) }),
      ),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4_000 }), wal, fc.integer({ min: 0, max: 8_192 }), (db, w, maxBytes) => {
        const image = robust('applyWal', [WalError], () => applyWal(db, w, maxBytes));
        if (!(image instanceof Error) && w !== undefined && image.length !== db.length) assert.ok(image.length <= maxBytes);
      }),
      params(2304, 200),
    );
  });
});

describe('layout', () => {
  const dirFacts: fc.Arbitrary<LayoutDirFacts> = fc.record(
    {
      path: fc.constantFrom(...STATE_DIRS.map((d) => d.path)),
      exists: fc.boolean(),
      isDirectory: fc.boolean(),
      dataset: fc.constantFrom('rpool/ROOT/pve-1', 'rpool/data', 'rpool/var-lib-vz'),
      isMountPoint: fc.boolean(),
      bytes: fc.nat(),
      target: fc.record({ state: fc.option(fc.constantFrom('copying', 'verified', 'odd'), { nil: undefined }), units: fc.array(fc.constantFrom('pveproxy.service', 'x.service'), { maxLength: 2 }), mountedAt: fc.option(fc.constantFrom('/var/log', '/mnt', '/var/lib/vz'), { nil: undefined }) }),
      activeUnits: fc.array(fc.constantFrom('pveproxy.service', 'pve-cluster.service'), { maxLength: 2 }),
      holders: fc.array(fc.record({ pid: fc.nat(), command: adversarial(['rsyslogd']), unit: fc.option(fc.constantFrom('systemd-journald.service', 'rsyslog.service', 'own.service'), { nil: undefined }), path: fc.constant('/var/log/x') }), { maxLength: 2 }),
    },
    { requiredKeys: ['path', 'exists', 'isDirectory', 'isMountPoint', 'bytes', 'activeUnits', 'holders'] },
  );

  test('requestedDirs and planLayout throw only LayoutError; the small parsers never throw', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...STATE_DIRS.map((d) => d.path), '/tmp', '/tmp/', '/var/log///'), adversarial(['/', 'var', 'log'])), { maxLength: 3 }),
        fc.boolean(),
        fc.array(dirFacts, { maxLength: 6 }),
        fc.nat(),
        adversarial(['pveproxy.service', ',', '-', '@', '.service']),
        linesOf(adversarial(['Quorate:', ' Yes', 'No', ':'])),
        (paths, recommended, dirs, availableBytes, units, quorum) => {
          const wanted = robust('requestedDirs', [LayoutError], () => requestedDirs(paths, recommended));
          for (const p of paths) robust('stateDirOf', [], () => stateDirOf(p));
          robust('parseUnitsProperty', [], () => parseUnitsProperty(units));
          robust('parseQuorate', [], () => parseQuorate(quorum));
          if (wanted instanceof Error) return;
          const facts = { pool: 'rpool', booted: 'rpool/ROOT/pve-1', availableBytes, dirs, ownUnit: 'own.service', cluster: { quorate: false, detail: 'x' } };
          robust('planLayout', [LayoutError], () => planLayout(facts, wanted, recommended));
        },
      ),
      params(2305),
    );
  });

  test('stateDirOf stays fast on a path of 40,000 slashes; firstDifference never throws', () => {
    const entry: fc.Arbitrary<TreeEntry> = fc.record({ path: shortText(['a', '/', '']), kind: fc.constantFrom('file', 'dir', 'symlink', 'other'), mode: fc.nat(), uid: fc.nat(3), gid: fc.nat(3), size: fc.nat(3) });
    fc.assert(
      fc.property(longRun(['/var/log'], fc.constant('/')), fc.array(entry, { maxLength: 6 }), fc.array(entry, { maxLength: 6 }), (path, a, b) => {
        robust('stateDirOf', [], () => stateDirOf(path));
        robust('firstDifference', [], () => firstDifference(a, b));
      }),
      params(2306, 30),
    );
  });
});
