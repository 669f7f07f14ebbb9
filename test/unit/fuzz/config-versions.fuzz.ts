// Fuzz: /etc/pve-bootenv.conf (src/core/config, error class ConfigError) and the version
// comparisons (src/core/versions, error class VersionError).
import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import fc from 'fast-check';
import { parseConfig } from '../../../src/core/config/config.js';
import { ConfigError, quote } from '../../../src/core/config/errors.js';
import { scanIniLines } from '../../../src/core/config/ini-lines.js';
import { checkLayout } from '../../../src/core/config/layout.js';
import { keysOf, SCHEMA, SECTION_NAMES } from '../../../src/core/config/schema.js';
import { closest } from '../../../src/core/config/suggest.js';
import { nameTemplate, onOff, oneOf, wholeNumber } from '../../../src/core/config/validators.js';
import { compareDebianVersions, compareKernelVersions, newestFirst, parseDebianVersion } from '../../../src/core/versions/debian-version.js';
import { VersionError } from '../../../src/core/versions/errors.js';
import { compareVersionSort } from '../../../src/core/versions/version-sort.js';
import { verrevcmp } from '../../../src/core/versions/verrevcmp.js';
import { adversarial, kverLike, linesOf, longRun, params, robust } from './arbitraries.js';

const KEYS = SECTION_NAMES.flatMap((section) => keysOf(section));
const CONFIG_TOKENS = ['[apt]', '[esp]', '[retention]', '[APT]', '[', ']', ' = ', '=', ';', '#', '"', "'", 'true', 'null', '5', '%Y', '\uFEFF', ...KEYS];

describe('the config file', () => {
  test('parseConfig throws only ConfigError; scanIniLines never throws, checkLayout only ConfigError', () => {
    fc.assert(
      fc.property(linesOf(fc.oneof(adversarial(CONFIG_TOKENS), longRun(CONFIG_TOKENS, fc.constantFrom(' ', '\t', 'k', '[', '=', ' = ')))), (text) => {
        robust('parseConfig', [ConfigError], () => parseConfig(text));
        const lines = robust('scanIniLines', [], () => scanIniLines(text));
        assert.ok(Array.isArray(lines));
        robust('checkLayout', [ConfigError], () => checkLayout(lines));
      }),
      params(1901, 200),
    );
  });

  test('a well-formed file with any values: ConfigError only, and the message names the line', () => {
    const section = fc.constantFrom(...SECTION_NAMES);
    const file = fc
      .array(
        section.chain((s) => fc.tuple(fc.constant(s), fc.subarray(keysOf(s)), fc.array(adversarial(['1', '0', 'on', 'apt-%Y', '%', ' ', '"']), { minLength: 9, maxLength: 9 }))),
        { maxLength: 3 },
      )
      .map((sections) => sections.map(([s, keys, values]) => `[${s}]\n${keys.map((k, i) => `${k} = ${values[i] ?? ''}`).join('\n')}`).join('\n'));
    fc.assert(
      fc.property(file, (text) => {
        const result = robust('parseConfig', [ConfigError], () => parseConfig(text));
        if (result instanceof ConfigError) assert.ok(result.message.length < 400 + text.length * 7, 'the message is bounded by its input');
      }),
      params(1902),
    );
  });

  test('validators and suggestions never throw', () => {
    const validators = [wholeNumber(0, 1000), onOff, oneOf(['latest', 'all']), nameTemplate, ...Object.values(SCHEMA).flatMap((s) => Object.values(s).map((setting) => setting.read))];
    fc.assert(
      fc.property(adversarial(['%Y', '%m', '%%', '%', '-', '.', '1', '0x10', 'on', 'Latest', '😀', 'é']), (text) => {
        for (const read of validators) robust('validator', [], () => read(text));
        robust('closest', [], () => closest(text, KEYS));
        robust('quote', [], () => quote(text));
      }),
      params(1903),
    );
  });
});

const VERSION_TOKENS = ['1', '0', '.', '-', ':', '~', '+', 'a', 'Z', ' ', '\t', '1:', '-1', '~rc1', '00'];
const version = adversarial(VERSION_TOKENS);

describe('versions', () => {
  test('parseDebianVersion and compareDebianVersions throw only VersionError; the order is antisymmetric', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        robust('parseDebianVersion', [VersionError], () => parseDebianVersion(a));
        const ab = robust('compareDebianVersions', [VersionError], () => compareDebianVersions(a, b));
        if (ab instanceof Error) return;
        assert.ok(compareDebianVersions(b, a) === -ab);
        assert.equal(compareDebianVersions(a, a), 0);
      }),
      params(2001, 200),
    );
  });

  test('kernel versions: never throw, a total order (newestFirst sorts the same whatever the input order)', () => {
    const kver = fc.oneof(kverLike, version);
    fc.assert(
      fc.property(fc.array(kver, { maxLength: 8 }), (kvers) => {
        for (const a of kvers) {
          for (const b of kvers) {
            const ab = robust('compareKernelVersions', [], () => compareKernelVersions(a, b)) as number;
            assert.ok(compareKernelVersions(b, a) === -ab);
            robust('compareVersionSort', [], () => compareVersionSort(a, b));
            robust('verrevcmp', [], () => verrevcmp(a, b));
          }
        }
        const sorted = robust('newestFirst', [], () => newestFirst(kvers));
        assert.deepEqual(newestFirst([...kvers].reverse()), sorted);
      }),
      params(2002),
    );
  });
});
