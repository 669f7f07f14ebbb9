// Fuzz: boot environments (src/core/be): names, name templates, the list view, the
// destroy plan and the promote steps. Name templates throw NameTemplateError (RangeError
// only for an invalid Date, which callers never pass); parsing `zfs list` ZfsOutputError.
import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import fc from 'fast-check';
import { beRootOf, LIST_COLUMNS, parseBootEnvironments, type BootEnvironment } from '../../../src/core/be/boot-environment.js';
import { planDestroy, type SnapshotFacts } from '../../../src/core/be/destroy-plan.js';
import { datasetOfEntry } from '../../../src/core/be/entry-dataset.js';
import { listView } from '../../../src/core/be/list-view.js';
import { expandNameTemplate, nameFromTemplate, NameTemplateError, templateParts, uniqueName } from '../../../src/core/be/name-template.js';
import { beNameProblem, MAX_BE_NAME_LENGTH } from '../../../src/core/be/names.js';
import { canmountSteps, describeStep, promoteSteps } from '../../../src/core/be/steps.js';
import { isSafeEspName } from '../../../src/core/esp/layout.js';
import { ZfsOutputError } from '../../../src/core/zfs/errors.js';
import { adversarial, linesOf, params, robust, shortText } from './arbitraries.js';

const nameish = adversarial(['pve-1', 'apt-20260101-120000', '-', '.', '..', '/', '@', '#', '%', ':', ' ', 'A', 'é']);

describe('names', () => {
  test('beNameProblem never throws; a name it accepts is safe on the ESP and in an entry name', () => {
    fc.assert(
      fc.property(nameish, (name) => {
        const problem = robust('beNameProblem', [], () => beNameProblem(name));
        if (problem === undefined) {
          assert.ok(isSafeEspName(name), name);
          assert.ok(name.length <= MAX_BE_NAME_LENGTH);
        }
      }),
      params(1801, 200),
    );
  });

  test('templates: only NameTemplateError; uniqueName is unique and never longer than a template allows', () => {
    const template = adversarial(['apt-', '%Y', '%m', '%d', '%H', '%M', '%S', '%%', '%', '%q', '-', 'é', '😀']);
    const date = fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms));
    const existing = fc.array(shortText(['apt-', '1', '-2', '-3', 'A'], 4), { maxLength: 20 });
    fc.assert(
      fc.property(template, date, existing, (t, d, names) => {
        robust('templateParts', [NameTemplateError], () => templateParts(t));
        const expanded = robust('expandNameTemplate', [NameTemplateError], () => expandNameTemplate(t, d, 'UTC'));
        robust('nameFromTemplate', [NameTemplateError], () => nameFromTemplate(t, d, new Set(names), 'UTC'));
        if (expanded instanceof Error || expanded.length > MAX_BE_NAME_LENGTH) return;
        const taken = new Set(names);
        const unique = robust('uniqueName', [], () => uniqueName(expanded, taken)) as string;
        assert.ok(![...taken].some((n) => n.toLowerCase() === unique.toLowerCase()));
      }),
      params(1802, 200),
    );
  });
});

const BE_ROOT = 'rpool/ROOT';
const dataset = fc.oneof(
  fc.constantFrom('rpool/ROOT/pve-1', 'rpool/ROOT/apt-1', 'rpool/ROOT/apt-2', 'rpool/ROOT/pve-1/child', 'rpool/data', 'rpool/ROOT'),
  shortText(['rpool/ROOT/', 'a', '/', '@'], 4),
);
const be: fc.Arbitrary<BootEnvironment> = fc
  .record({
    dataset,
    created: fc.integer({ min: 0, max: 2 ** 32 }),
    usedBytes: fc.nat(),
    canmount: fc.constantFrom('on', 'off', 'noauto'),
    mounted: fc.boolean(),
    // OWN: a clone of one of its own snapshots, a cycle ZFS cannot make but a list can say.
    cloneOf: fc.option(fc.constantFrom('rpool/ROOT/pve-1@a', 'rpool/ROOT/apt-1@b', 'rpool/ROOT/apt-2@c', 'rpool/data@x', 'rpool/ROOT/pve-1/child@d', 'OWN'), { nil: undefined }),
    held: fc.boolean(),
  })
  .map(({ cloneOf, ...b }) => {
    const origin = cloneOf === 'OWN' ? `${b.dataset}@a` : cloneOf;
    return { ...b, name: b.dataset.slice(b.dataset.lastIndexOf('/') + 1), ...(origin !== undefined ? { cloneOf: origin } : {}) };
  });
const snapshot: fc.Arbitrary<SnapshotFacts> = fc.record({
  name: fc.constantFrom('rpool/ROOT/pve-1@a', 'rpool/ROOT/pve-1@z', 'rpool/ROOT/apt-1@b', 'rpool/ROOT/apt-1@a', 'rpool/ROOT/apt-2@c', 'rpool/ROOT/pve-1/child@d', 'rpool/data@x'),
  createtxg: fc.nat(100),
  clones: fc.array(dataset, { maxLength: 3 }),
});

describe('planning', () => {
  test('planDestroy never throws on any set of BEs, snapshots and clones (cycles included)', () => {
    fc.assert(
      fc.property(
        fc.array(be, { maxLength: 6 }),
        fc.array(snapshot, { maxLength: 8 }),
        fc.constantFrom('pve-1', 'apt-1', 'apt-2', 'child', 'nope'),
        fc.boolean(),
        (bes, listed, target, destroyOrigin) => {
          // The origins the BEs name exist too, as they would (or the plan has little to do).
          const snapshots = [...listed, ...bes.flatMap((b) => (b.cloneOf === undefined ? [] : [{ name: b.cloneOf, createtxg: 1, clones: [] }]))];
          const plan = robust('planDestroy', [], () => planDestroy({ target, beRoot: BE_ROOT, bes, snapshots, booted: 'rpool/ROOT/pve-1', destroyOrigin }));
          assert.ok(!(plan instanceof Error));
        },
      ),
      params(1803, 300),
    );
  });

  test('promoteSteps, canmountSteps, describeStep and listView never throw', () => {
    const esps = fc.option(fc.array(fc.record({ esp: fc.constantFrom('AAAA-0001', 'BBBB-0002'), entries: fc.array(fc.record({ name: fc.constantFrom('pve-bootenv-a-6.8.12-4-pve.conf', 'proxmox-x.conf'), text: adversarial(['options ', 'root=ZFS=rpool/ROOT/pve-1', '"', 'root=zfs:', '\n']) }), { maxLength: 3 }) }), { maxLength: 3 }), { nil: undefined });
    fc.assert(
      fc.property(fc.array(be, { maxLength: 6 }), esps, (bes, espList) => {
        for (const b of bes) robust('promoteSteps', [], () => promoteSteps(b, bes)).toString();
        for (const step of canmountSteps(bes)) robust('describeStep', [], () => describeStep(step));
        const view = robust('listView', [], () => listView(BE_ROOT, { bes, booted: 'rpool/ROOT/pve-1', mountpoints: new Map(), ...(espList ? { esps: espList } : {}) }));
        assert.ok(!(view instanceof Error));
      }),
      params(1804),
    );
  });

  test('datasetOfEntry never throws; parseBootEnvironments only ZfsOutputError', () => {
    const line = fc
      .array(fc.oneof(fc.constantFrom('rpool/ROOT/pve-1', '-', 'on', 'yes', '1700000000', '1234', 'apt'), adversarial(['rpool/ROOT/', '\t', 'a'])), { minLength: LIST_COLUMNS.length, maxLength: LIST_COLUMNS.length })
      .map((fields) => fields.join('\t'));
    fc.assert(
      fc.property(linesOf(fc.oneof(line, adversarial(['\t', 'rpool/ROOT/a']))), adversarial(['options root=ZFS=', 'rpool/ROOT/a', '"', '\n']), (output, entry) => {
        robust('parseBootEnvironments', [ZfsOutputError], () => parseBootEnvironments(output, BE_ROOT));
        robust('datasetOfEntry', [], () => datasetOfEntry(entry));
        robust('beRootOf', [], () => beRootOf(entry));
      }),
      params(1805),
    );
  });
});
