// Fuzz: what goes onto an ESP (src/core/esp/layout.ts, src/core/sync). Besides (a) and (c),
// (b): every path the planner writes or removes is directly in EFI/pve-bootenv/ (or a temp
// file of ours), every entry name is ours, whatever names, hashes and kernel versions the
// adapters hand over. entry-text's error class is BootFileError (a title or command line
// that would not read back); the planner has none: it reports per boot environment.
import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import fc from 'fast-check';
import { BootFileError } from '../../../src/core/bootfiles/errors.js';
import { renderGrubMenu } from '../../../src/core/bootfiles/grub-menu.js';
import { parseLoaderEntry } from '../../../src/core/bootfiles/loader-entry.js';
import { beNameProblem } from '../../../src/core/be/names.js';
import {
  beOfEntryName,
  bootFilePath,
  ENTRIES_DIR,
  entryFileName,
  isOurEntryFile,
  isSafeEspName,
  isSha256Hex,
  LOADER_CONF,
  OUR_DIR,
  pathKey,
  sha256OfBootFile,
  TEMP_PREFIX,
  type BootFileKind,
} from '../../../src/core/esp/layout.js';
import { chooseKernels } from '../../../src/core/sync/choose-kernels.js';
import { entryTitle, wantedEntry } from '../../../src/core/sync/entry-text.js';
import { inLoadOrder, loadReason } from '../../../src/core/sync/load-order.js';
import type { EspPlan, EspSnapshot, SourceFile, WantedBe, WantedEntry } from '../../../src/core/sync/model.js';
import { planEsp } from '../../../src/core/sync/plan-esp.js';
import { adversarial, badEntryName, dirEntryName, escapesDir, kverLike, longRun, params, robust, sha256Hex, sha256Like, shortText } from './arbitraries.js';

const MiB = 1024 * 1024;
const beName = fc.oneof(
  { arbitrary: fc.constantFrom('pve-1', 'apt-20260101-120000', 'a', 'a-b', 'A-B'), weight: 5 },
  { arbitrary: adversarial(['pve', '-', '.', '/', '..', ' ', '@', ':']), weight: 2 },
);
const kind = fc.constantFrom<BootFileKind>('vmlinuz', 'initrd.img');
const created = fc.integer({ min: 0, max: 2 ** 33 });

describe('esp/layout', () => {
  test('a path from a safe kernel version and a valid hash stays in our directory and gives its hash back', () => {
    fc.assert(
      fc.property(kind, fc.oneof(kverLike, adversarial(['6.8', '-', '/', '..'])), sha256Like, (k, kver, sha) => {
        const safe = robust('isSafeEspName', [], () => isSafeEspName(kver)) && robust('isSha256Hex', [], () => isSha256Hex(sha));
        const path = bootFilePath(k, kver, sha);
        const back = robust('sha256OfBootFile', [], () => sha256OfBootFile(path));
        if (!safe) return;
        assert.equal(escapesDir(path), undefined, escapesDir(path));
        assert.equal(back, sha);
      }),
      params(2101, 200),
    );
  });

  test('isSha256Hex is exactly [0-9a-f]{64}', () => {
    fc.assert(
      fc.property(fc.oneof(sha256Like, longRun(['a', '0'])), (s) => {
        assert.equal(isSha256Hex(s), s.length === 64 && [...s].every((c) => '0123456789abcdef'.includes(c)));
      }),
      params(2102),
    );
  });

  test('entry names: ours only from valid names; beOfEntryName, pathKey never throw, stay fast', () => {
    fc.assert(
      fc.property(fc.array(beName, { maxLength: 5 }), kverLike, adversarial(['pve-bootenv-', 'a-', '6.8.12-4-pve', '.conf']), (names, kver, entry) => {
        for (const name of names) {
          const file = entryFileName(name, kver);
          if (beNameProblem(name) === undefined && isSafeEspName(kver)) {
            assert.equal(badEntryName(file), undefined, badEntryName(file));
            assert.ok(isOurEntryFile(file));
          }
        }
        robust('beOfEntryName', [], () => beOfEntryName(entry, names));
        robust('pathKey', [], () => pathKey(entry));
      }),
      params(2103),
    );
  });
});

function source(k: BootFileKind, kver: string, sha256: string, size: number): SourceFile {
  return { kind: k, kver, sha256, size, source: `/boot/${k}-${kver}` };
}

const sizes = fc.integer({ min: 0, max: 80 * MiB });

/** An entry as the engine makes it (wantedEntry), from names, hashes and versions that may be anything. */
const wantedEntryArb: fc.Arbitrary<WantedEntry | Error> = fc
  .record({
    be: beName,
    kver: kverLike,
    linuxSha: sha256Like,
    initrdSha: sha256Like,
    linuxSize: sizes,
    initrdSize: sizes,
    cmdline: fc.array(fc.oneof(fc.constantFrom('root=ZFS=rpool/ROOT/pve-1', 'boot=zfs', 'quiet'), shortText(['a', '=', '"', ' '], 3)), { maxLength: 4 }),
    created,
    description: fc.option(adversarial(['upgrade', '\n', ' ']), { nil: undefined }),
  })
  .map((f) =>
    robust('wantedEntry', [BootFileError], () =>
      wantedEntry(
        { be: f.be, kver: f.kver, cmdline: f.cmdline, created: f.created, ...(f.description !== undefined ? { description: f.description } : {}) },
        source('vmlinuz', f.kver, f.linuxSha, f.linuxSize),
        source('initrd.img', f.kver, f.initrdSha, f.initrdSize),
      ),
    ),
  );

const wantedBes: fc.Arbitrary<WantedBe[]> = fc
  .array(fc.record({ reason: fc.constantFrom('booted', 'default', 'next-boot', 'newest', 'newest', 'newest'), entries: fc.array(wantedEntryArb, { maxLength: 3 }) }), { maxLength: 5 })
  .map((bes) =>
    bes.map((b, i) => ({
      be: `be-${i}`,
      reason: b.reason as WantedBe['reason'],
      entries: b.entries.filter((e): e is WantedEntry => !(e instanceof Error)),
    })),
  );

/** What an ESP may hold, as the snapshot adapter reads it: names from readdir, texts as found. */
function snapshotArb(wanted: WantedBe[]): fc.Arbitrary<EspSnapshot> {
  const ours = wanted.flatMap((b) => b.entries);
  // readdir never gives a name with "/": a path of a bad hash cannot be on the ESP.
  const onEsp = ours.map((e) => bootFilePath(e.linux.kind, e.linux.kver, e.linux.sha256)).filter((p) => escapesDir(p) === undefined);
  const oursFile = onEsp.length === 0 ? fc.constant(undefined) : fc.constantFrom(...onEsp);
  const filePath = fc.oneof(
    dirEntryName.map((n) => `${OUR_DIR}/${n}`),
    fc.tuple(kind, kverLike, sha256Hex).map(([k, v, h]) => bootFilePath(k, v, h)),
    oursFile.map((p) => p ?? `${OUR_DIR}/x`),
  ).filter((p) => escapesDir(p) === undefined);
  const entryText = fc.oneof(
    adversarial(['title ', 'linux ', '/EFI/pve-bootenv/', 'initrd ', 'options ', 'root=ZFS=rpool/ROOT/a', '\n', '../']),
    ours.length === 0 ? fc.constant('') : fc.constantFrom(...ours).map((e) => e.text),
  );
  const listed = ours.map((e) => e.name).filter((n) => !/[/\\\0]/.test(n)); // as readdir can give them
  const entryName = fc.oneof(dirEntryName.map((n) => `pve-bootenv-${n}.conf`), listed.length === 0 ? fc.constant('pve-bootenv-x-1.conf') : fc.constantFrom(...listed));
  const loaderConf = adversarial(['default ', 'timeout 3', 'editor', '\n', 'pve-bootenv-be-0-6.8.12-4-pve.conf', 'Default x', '\0']);
  const menu = fc.oneof(
    adversarial(['menuentry ', 'set default=', 'pve-bootenv>', '{', '}', '\n']),
    fc.constant(renderedMenu(ours)),
  );
  return fc
    .record({
      freeBytes: fc.integer({ min: 0, max: 1024 * MiB }),
      files: fc.array(fc.record({ path: filePath, size: sizes, sha256: fc.option(sha256Hex, { nil: undefined }) }), { maxLength: 6 }),
      entries: fc.array(fc.record({ name: entryName, text: entryText }), { maxLength: 4 }),
      tempFiles: fc.array(
        fc.record({
          path: fc.oneof(dirEntryName.map((n) => `${OUR_DIR}/${TEMP_PREFIX}${n}`), dirEntryName.map((n) => `${ENTRIES_DIR}/${TEMP_PREFIX}pve-bootenv-${n}`), fc.constant(`loader/${TEMP_PREFIX}loader.conf`)),
          size: sizes,
        }),
        { maxLength: 2 },
      ),
      bootloader: fc.oneof(
        loaderConf.map((text) => ({ id: 'systemd-boot' as const, loaderConf: text })),
        menu.map((text) => ({ id: 'grub' as const, fsUuid: '1A2B-3C4D', menu: text })),
      ),
    })
    .map(({ files, ...rest }) => ({
      id: 'AAAA-0001',
      ...rest,
      files: files.map(({ sha256, ...f }) => (sha256 === undefined ? f : { ...f, sha256 })),
    }));
}

/** Our menu as a sync would have written it for these entries ('' if it cannot be: odd names). */
function renderedMenu(entries: WantedEntry[]): string {
  try {
    return renderGrubMenu({ defaultEntry: entries[0]?.name, entries: entries.slice(0, 2).map((e) => ({ name: e.name, entry: parseLoaderEntry(e.text) })) }, '1A2B-3C4D');
  } catch {
    return '';
  }
}

/** (b) for one plan: why an action could touch something not ours, or undefined. */
function unsafeAction(plan: EspPlan): string | undefined {
  for (const action of plan.actions) {
    switch (action.op) {
      case 'write-file': {
        const why = escapesDir(action.path) ?? (isSha256Hex(action.from.sha256) ? undefined : `writes ${action.path} from a bad hash`);
        if (why !== undefined) return why;
        break;
      }
      case 'remove-file': {
        const why = escapesDir(action.path);
        if (why !== undefined) return why;
        break;
      }
      case 'remove-temp': {
        const why = action.path === `loader/${TEMP_PREFIX}loader.conf` ? undefined : action.path.startsWith(`${ENTRIES_DIR}/`) ? escapesDir(action.path, ENTRIES_DIR) : escapesDir(action.path);
        if (why !== undefined) return why;
        break;
      }
      case 'write-entry': {
        const why = badEntryName(action.name);
        if (why !== undefined) return why;
        const entry = parseLoaderEntry(action.text);
        for (const p of [entry.linux, ...entry.initrd]) {
          const inside = p === undefined ? 'no linux line' : escapesDir(p.replace(/^\//, ''));
          if (inside !== undefined) return `entry ${action.name} boots outside our directory: ${inside}`;
        }
        break;
      }
      case 'remove-entry':
      case 'set-default': {
        const why = badEntryName(action.op === 'remove-entry' ? action.name : action.entry);
        if (why !== undefined) return why;
        if (action.op === 'set-default' && action.loaderConf === '') return 'an empty loader.conf';
        break;
      }
      case 'write-grub-menu':
        break;
    }
  }
  assert.ok(LOADER_CONF.length > 0);
  return undefined;
}

describe('sync', () => {
  test('planEsp never throws, stays fast, and plans nothing outside our directory and entries', () => {
    const input = wantedBes.chain((wanted) =>
      fc.record({
        wanted: fc.constant(wanted),
        esp: snapshotArb(wanted),
        defaultEntry: fc.option(fc.oneof(fc.constantFrom(...(wanted.flatMap((b) => b.entries.map((e) => e.name)).concat(['pve-bootenv-x-1.conf']))), adversarial(['pve-bootenv-', ' ', '"'])), { nil: undefined }),
        maxLoaded: fc.integer({ min: 1, max: 8 }),
        reserveBytes: fc.integer({ min: 0, max: 64 * MiB }),
      }),
    );
    fc.assert(
      fc.property(input, (i) => {
        const plan = robust('planEsp', [], () => planEsp(i));
        assert.ok(!(plan instanceof Error));
        const why = unsafeAction(plan);
        assert.equal(why, undefined, why);
        if (plan.error !== undefined) assert.deepEqual(plan.actions, []);
        // Each BE is loaded or said to be not loaded, unless the whole ESP failed.
        if (plan.error === undefined) assert.equal(plan.loaded.length + plan.notLoaded.length, i.wanted.length);
      }),
      params(2104, 300),
    );
  });

  test('entryTitle, chooseKernels, loadReason and inLoadOrder never throw', () => {
    const role = fc.record({ name: beName, created, isDefault: fc.boolean(), isBooted: fc.boolean(), isNextBoot: fc.boolean() });
    fc.assert(
      fc.property(
        fc.record({ be: beName, created, origin: fc.option(adversarial(['apt']), { nil: undefined }), description: fc.option(adversarial(['x', '\n', '\u2028']), { nil: undefined }) }),
        fc.array(fc.oneof(kverLike, adversarial(['6.8', '-', '~'])), { maxLength: 6 }),
        fc.constantFrom('latest', 'latest-and-booted', 'all'),
        fc.option(kverLike, { nil: undefined }),
        fc.array(role, { maxLength: 6 }),
        ({ origin, description, ...facts }, kvers, policy, last, roles) => {
          const title = robust('entryTitle', [], () => entryTitle({ ...facts, ...(origin !== undefined ? { origin } : {}), ...(description !== undefined ? { description } : {}) })) as string;
          assert.ok(!/[\n\r\u0000]/.test(title));
          const chosen = robust('chooseKernels', [], () => chooseKernels(kvers, policy as 'all', last)) as string[];
          for (const k of chosen) assert.ok(kvers.includes(k));
          for (const r of roles) robust('loadReason', [], () => loadReason(r));
          robust('inLoadOrder', [], () => inLoadOrder(roles));
        },
      ),
      params(2105),
    );
  });
});
