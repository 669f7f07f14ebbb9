// Fuzz: what apt and dpkg hand us (src/core/apt). The hook input's error class is
// AptHookInputError, the changes property's ChangesFormatError; dpkg's status file is read
// leniently and never throws.
import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import fc from 'fast-check';
import { parseDpkgStatus, statusChanges } from '../../../src/core/apt/dpkg-status.js';
import { aptConfigValue, aptDequote, AptHookInputError, parseAptHookInput, type PackageAction } from '../../../src/core/apt/hook-input.js';
import {
  ChangesFormatError,
  decodeChanges,
  encodeChanges,
  importantReasons,
  packageChanges,
  summaryLine,
  type PackageChange,
} from '../../../src/core/apt/transaction.js';
import { adversarial, linesOf, params, robust, shortText } from './arbitraries.js';

const STATUS_TOKENS = ['Package: ', 'Version: ', 'Status: ', 'install ok installed', 'Architecture: ', 'amd64', 'libc6', '1:2.36-9', ' ', '\t', ':', ' .', 'deinstall ok config-files', 'half-installed'];

describe('dpkg status files', () => {
  test('parseDpkgStatus and statusChanges never throw', () => {
    const status = linesOf(adversarial(STATUS_TOKENS), 30);
    fc.assert(
      fc.property(status, status, (before, after) => {
        const a = robust('parseDpkgStatus', [], () => parseDpkgStatus(before)) as Map<string, string>;
        const b = robust('parseDpkgStatus', [], () => parseDpkgStatus(after)) as Map<string, string>;
        const changes = robust('statusChanges', [], () => statusChanges(a, b));
        assert.ok(Array.isArray(changes));
      }),
      params(1701, 150),
    );
  });
});

describe('the Pre-Install-Pkgs hook input', () => {
  const HOOK_TOKENS = [
    'VERSION 3', 'VERSION 2', 'APT::Architecture=amd64', '=', '%20', '%', '%zz', 'foo', ' ', '-', '<', '>', '=', 'none', 'same', 'amd64', '1.0-1',
    '/var/cache/apt/archives/foo_1.0_amd64.deb', '**CONFIGURE**', '**REMOVE**', '**ERROR**', 'foo 1.0 amd64 same < 1.1 amd64 same /x.deb',
  ];
  const input = fc.oneof(
    linesOf(adversarial(HOOK_TOKENS), 12),
    fc.tuple(fc.constantFrom('VERSION 3\n', 'VERSION 2\n'), linesOf(adversarial(HOOK_TOKENS), 4), linesOf(adversarial(HOOK_TOKENS), 8)).map(([v, config, actions]) => `${v}${config}\n\n${actions}\n`),
  );

  test('parseAptHookInput throws only AptHookInputError; its actions summarise without error', () => {
    fc.assert(
      fc.property(input, (text) => {
        const parsed = robust('parseAptHookInput', [AptHookInputError], () => parseAptHookInput(text));
        if (parsed instanceof Error) return;
        const native = aptConfigValue(parsed.config, 'APT::Architecture');
        const changes = robust('packageChanges', [], () => packageChanges(parsed.actions, native)) as PackageChange[];
        robust('summaryLine', [], () => summaryLine(changes));
        robust('importantReasons', [], () => importantReasons(changes));
      }),
      params(1702, 200),
    );
  });

  test('aptDequote never throws', () => {
    fc.assert(
      fc.property(adversarial(['%', '%2', '%41', '%c3%a9', '%ff', '%e2%82', 'a']), (text) => {
        assert.equal(typeof robust('aptDequote', [], () => aptDequote(text)), 'string');
      }),
      params(1703),
    );
  });
});

describe('the pve-bootenv:packages property', () => {
  const field = fc.option(adversarial(['foo', '1.0', ' ', ';', '%', '-', '…', '\n']), { nil: undefined });
  const change: fc.Arbitrary<PackageChange> = fc
    .record({ name: adversarial(['linux-image-amd64', 'foo:i386', ' ', ';']), kind: fc.constantFrom('install', 'upgrade', 'downgrade', 'reinstall', 'remove'), oldVersion: field, newVersion: field })
    .map((c) => {
      const result: PackageChange = { name: c.name, kind: c.kind as PackageChange['kind'] };
      if (c.oldVersion !== undefined) result.oldVersion = c.oldVersion;
      if (c.newVersion !== undefined) result.newVersion = c.newVersion;
      return result;
    });

  test('encodeChanges fits its limit and decodes back; decodeChanges throws only ChangesFormatError', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 20 }), fc.integer({ min: 30, max: 8000 }), (changes, maxBytes) => {
        const encoded = robust('encodeChanges', [], () => encodeChanges(changes, maxBytes)) as string;
        assert.ok(Buffer.byteLength(encoded) <= maxBytes, `${Buffer.byteLength(encoded)} > ${maxBytes}`);
        const decoded = robust('decodeChanges', [ChangesFormatError], () => decodeChanges(encoded));
        assert.ok(!(decoded instanceof Error), String(decoded));
        assert.deepEqual(decoded.changes, changes.slice(0, decoded.changes.length));
        assert.equal(decoded.changes.length + decoded.omitted, changes.length);
      }),
      params(1704, 150),
    );
    fc.assert(
      fc.property(adversarial(['install ', 'remove ', 'foo ', '- ', '1.0', '; ', '… and 3 more', '%2d', '%']), (text) => {
        robust('decodeChanges', [ChangesFormatError], () => decodeChanges(text));
      }),
      params(1705),
    );
  });

  test('packageChanges never throws on any list of actions', () => {
    const action: fc.Arbitrary<PackageAction> = fc.record(
      {
        name: shortText(['foo', 'bar', ':'], 3),
        arch: fc.constantFrom('amd64', 'i386', 'all'),
        oldVersion: fc.constantFrom('1.0', '2.0'),
        newVersion: fc.constantFrom('1.0', '2.0'),
        direction: fc.constantFrom('<', '=', '>'),
        operation: fc.constantFrom('unpack', 'configure', 'remove'),
        kind: fc.constantFrom('install', 'upgrade', 'downgrade', 'reinstall', 'remove', 'configure'),
        line: fc.nat(),
      },
      { requiredKeys: ['name', 'direction', 'operation', 'kind', 'line'] },
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 30 }), fc.option(fc.constantFrom('amd64', 'i386'), { nil: undefined }), (actions, native) => {
        robust('packageChanges', [], () => packageChanges(actions, native));
      }),
      params(1706),
    );
  });
});
