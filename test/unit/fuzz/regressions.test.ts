// The inputs that were slow or crashed before issue 16's fixes (measured on the code before
// them: see the comments), kept as plain cases so they never come back.
import { describe, expect, test } from '@jest/globals';
import { grubDefaultCmdline } from '../../../src/core/bootfiles/grub-default.js';
import { parseLoaderConf } from '../../../src/core/bootfiles/loader-conf.js';
import { parseConfig } from '../../../src/core/config/config.js';
import { ConfigError } from '../../../src/core/config/errors.js';
import { closest } from '../../../src/core/config/suggest.js';
import { parseGuestConfig } from '../../../src/core/pve-config/guest-config.js';
import { compareDebianVersions, parseDebianVersion } from '../../../src/core/versions/debian-version.js';
import { VersionError } from '../../../src/core/versions/errors.js';
import { only, timed } from './arbitraries.js';

const BLANKS = ' \t'.repeat(20_000);

describe('row 4: trimming blanks is linear', () => {
  // Before: /^[ \t]+|[ \t]+$/g, 1.7 s for this version (4.1 s in the issue), 1.9 s for the config line.
  test('a version with 40,000 blanks inside', () => {
    const error = timed('parseDebianVersion', () => only([VersionError], () => parseDebianVersion(`1.0${BLANKS}x`)));
    expect(error).toBeInstanceOf(VersionError);
    expect((error as Error).message).toMatch(/has embedded spaces$/);
    expect(timed('compare', () => compareDebianVersions(`${BLANKS}1.0${BLANKS}`, '1.0'))).toBe(0);
  });

  test('a config line with 40,000 blanks inside', () => {
    for (const text of [`[apt]\nenabled${BLANKS}x\n`, `[apt]\n[x${BLANKS}x\n`, `[apt]\n${BLANKS}=${BLANKS}\n`]) {
      expect(timed('parseConfig', () => only([ConfigError], () => parseConfig(text)))).toBeInstanceOf(ConfigError);
    }
  });

  // Before: (.*?)\s*$ in qemu-server's key line, 2.2 s.
  test('a guest configuration line with 40,000 blanks inside the value', () => {
    const config = timed('parseGuestConfig', () => parseGuestConfig(`memory: a${BLANKS}b\nlxc.idmap =  u${BLANKS}g  \n`));
    expect(config.current.get('memory')).toBe(`a${BLANKS}b`);
    expect(config.current.get('lxc.idmap')).toBe(`u${BLANKS}g`);
  });

  // Before: the edit distance of a 40,000-character key to every known key, 115 ms.
  test('an unknown key of 40,000 characters', () => {
    expect(timed('closest', () => closest('k'.repeat(40_000), ['enabled', 'on-failure']))).toBeUndefined();
    expect(timed('parseConfig', () => only([ConfigError], () => parseConfig(`[apt]\n${'k'.repeat(40_000)} = 1\n`)))).toBeInstanceOf(ConfigError);
  });
});

describe('row 5: GRUB variables cannot double past the kernel limit', () => {
  const doubling = (lines: number) =>
    ['GRUB_CMDLINE_LINUX="ro"', ...Array<string>(lines).fill('GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX$GRUB_CMDLINE_LINUX"')].join('\n');

  // Before: 24 lines gave a command line of 33,554,432 characters; 30 lines (1.8 KB) threw RangeError.
  test.each([24, 30, 3_000])('%i doubling lines are refused with a reason, quickly', (lines) => {
    const result = timed('grubDefaultCmdline', () => grubDefaultCmdline([doubling(lines)]));
    expect(result).toMatchObject({ kind: 'refused', why: expect.stringMatching(/^the kernel command line is \d+ bytes long/) });
  });
});

describe('row 11: loader.conf as systemd-boot reads it', () => {
  // Before: BootFileError 'key "editor" has no value', and check called the whole ESP unreadable.
  test('a key with no value is skipped', () => {
    expect(parseLoaderConf('timeout 3\neditor\ndefault pve-bootenv-pve-1-6.8.12-4-pve.conf\n').default).toBe('pve-bootenv-pve-1-6.8.12-4-pve.conf');
  });
});
