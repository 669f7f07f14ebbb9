import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { DEFAULT_CONFIG, parseConfig } from '../../../../src/core/config/config.js';

// The conffile the package installs as /etc/pve-bootenv.conf.
const CONFFILE = readFileSync(new URL('../../../../conf/pve-bootenv.conf', import.meta.url), 'utf8');

// A setting shown commented out: "#key = value", no space after the "#"; prose is "# …".
const COMMENTED_SETTING = /^#(?=[a-z][a-z-]* = )/gm;

describe('the shipped conffile', () => {
  test('as shipped, everything commented out: the defaults', () => {
    expect(parseConfig(CONFFILE)).toStrictEqual(DEFAULT_CONFIG);
  });

  test('shows at least one setting', () => {
    expect(CONFFILE.match(COMMENTED_SETTING)?.length ?? 0).toBeGreaterThan(0);
  });

  test('every setting it shows, uncommented, is a known key at its default', () => {
    expect(parseConfig(CONFFILE.replace(COMMENTED_SETTING, ''))).toStrictEqual(DEFAULT_CONFIG);
  });
});
