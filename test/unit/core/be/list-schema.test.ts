// doc/list.schema.json documents `list --json`: it must accept what listView makes and
// nothing else.
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { listView, type ListView } from '../../../../src/core/be/list-view.js';
import { be, BE_ROOT, entry, input } from './list-fixtures.js';

const schema = JSON.parse(readFileSync(new URL('../../../../doc/list.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
const asJson = (view: ListView): unknown => JSON.parse(JSON.stringify(view));

const full = listView(
  BE_ROOT,
  input(
    [
      be('pve-1', 1700000001),
      be('apt-1', 1700000002, { madeBy: 'apt', description: 'a\tb\nc', held: true, cloneOf: 'rpool/ROOT/pve-1@apt-1', usedBytes: 1 << 30 }),
      be('kernel-1', 1700000003, { madeBy: 'kernel' }),
    ],
    {
      defaultDataset: 'rpool/ROOT/apt-1',
      nextBootDataset: 'rpool/ROOT/pve-1',
      mountpoints: new Map([['rpool/ROOT/pve-1', '/']]),
      esps: [
        { esp: 'AAAA-0001', entries: [entry('pve-1'), entry('apt-1')] },
        { esp: '/boot/efi', entries: [entry('pve-1')] },
      ],
    },
  ),
);

describe('list --json schema', () => {
  test.each([
    ['full', full],
    ['ESPs unknown', listView(BE_ROOT, input([be('pve-1', 1)]))],
    ['no ESPs', listView(BE_ROOT, input([be('pve-1', 1)], { esps: [] }))],
    ['no BEs', listView(BE_ROOT, input([]))],
    // As the list command sends it: with the last verification, or null for none.
    ['verified', { ...full, lastVerification: { at: 1700000100, repaired: 1, failedEsps: 0 } }],
    ['never verified', { ...full, lastVerification: null }],
  ])('accepts listView output: %s', (_, view) => {
    expect(validate(asJson(view))).toBe(true);
    expect(validate.errors ?? null).toBeNull();
  });

  test('rejects an extra field on a row, on active and at the top', () => {
    const json = asJson(full) as { bootEnvironments: Array<Record<string, unknown> & { active: Record<string, unknown> }> } & Record<string, unknown>;
    const row = json.bootEnvironments[0]!;
    expect(validate({ ...json, bootEnvironments: [{ ...row, extra: 1 }] })).toBe(false);
    expect(validate.errors?.[0]?.keyword).toBe('additionalProperties');
    expect(validate({ ...json, bootEnvironments: [{ ...row, active: { ...row.active, soon: true } }] })).toBe(false);
    expect(validate({ ...json, version: 1 })).toBe(false);
  });

  test('rejects a missing field and wrong flags', () => {
    const json = asJson(full) as { bootEnvironments: Array<Record<string, unknown>> };
    const { esps: _esps, ...row } = json.bootEnvironments[0]!;
    expect(validate({ ...json, bootEnvironments: [row] })).toBe(false);
    for (const flags of ['', 'RN', 'X', 'N-']) {
      expect(validate({ ...json, bootEnvironments: [{ ...json.bootEnvironments[0], flags }] })).toBe(false);
    }
  });

  test('every property is described', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const record = node as Record<string, unknown>;
      for (const key of ['properties', '$defs']) {
        const children = record[key] as Record<string, Record<string, unknown>> | undefined;
        for (const [name, child] of Object.entries(children ?? {})) {
          if (typeof child.description !== 'string' || child.description === '') missing.push(`${path}/${key}/${name}`);
          walk(child, `${path}/${key}/${name}`);
        }
      }
      walk(record.items, `${path}/items`);
    };
    walk(schema, '#');
    expect(missing).toEqual([]);
  });
});
