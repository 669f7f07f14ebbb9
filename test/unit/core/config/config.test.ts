import { describe, expect, test } from '@jest/globals';
import { type Config, DEFAULT_CONFIG, parseConfig } from '../../../../src/core/config/config.js';
import { ConfigError } from '../../../../src/core/config/errors.js';
import { thrown } from '../../thrown.js';


/** DEFAULT_CONFIG with some fields of one section changed. */
function withDefaults<S extends keyof Config>(section: S, fields: Partial<Config[S]>): Config {
  return { ...DEFAULT_CONFIG, [section]: { ...DEFAULT_CONFIG[section], ...fields } };
}

describe('DEFAULT_CONFIG', () => {
  test('the documented defaults', () => {
    expect(DEFAULT_CONFIG).toStrictEqual({
      apt: { enabled: true, onFailure: 'continue', minFreePercent: 5, nameTemplate: 'apt-%Y%m%d-%H%M%S' },
      esp: { reserveMiB: 32, maxLoaded: 8, kernels: 'latest-and-booted' },
      retention: {
        keepLast: 5,
        keepImportant: 2,
        keepHourly: 0,
        keepDaily: 3,
        keepWeekly: 2,
        keepMonthly: 1,
        minAgeHours: 1,
        maxPoolUsedPercent: 85,
        timer: true,
      },
      trial: { timeout: 600, requireUnits: 'installed-proxmox', onFailure: 'reboot' },
    });
  });

  test('cannot be changed by accident', () => {
    expect(Object.isFrozen(DEFAULT_CONFIG)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CONFIG.retention)).toBe(true);
    expect(() => {
      DEFAULT_CONFIG.esp.maxLoaded = 1;
    }).toThrow(TypeError);
  });
});

describe('parseConfig', () => {
  test.each([
    ['an empty file', ''],
    ['blank lines', '\n\n  \n\t\n'],
    ['empty sections', '[apt]\n[esp]\n[retention]\n'],
    ['a section given twice', '[apt]\n[apt]\n'],
  ])('%s: the defaults', (_name, text) => {
    expect(parseConfig(text)).toStrictEqual(DEFAULT_CONFIG);
  });

  test('returns a fresh object each time, not DEFAULT_CONFIG', () => {
    const config = parseConfig('');
    expect(config).not.toBe(DEFAULT_CONFIG);
    expect(config.apt).not.toBe(DEFAULT_CONFIG.apt);
    config.apt.enabled = false;
    expect(parseConfig('').apt.enabled).toBe(true);
  });

  // Every key: values it accepts (with what they read as) and values it refuses, with
  // the "expected" part of the error.
  const KEYS: Array<{
    section: keyof Config;
    key: string;
    field: string;
    valid: Array<[string, unknown]>;
    invalid: string[];
    expected: string;
  }> = [
    {
      section: 'apt',
      key: 'enabled',
      field: 'enabled',
      valid: [
        ['false', false],
        ['true', true],
        ['no', false],
        ['Yes', true],
        ['off', false],
        ['ON', true],
        ['0', false],
        ['1', true],
      ],
      invalid: ['maybe', '2', '', 'null', 'y', 'enabled'],
      expected: 'expected true or false (or yes/no, on/off, 1/0)',
    },
    {
      section: 'apt',
      key: 'on-failure',
      field: 'onFailure',
      valid: [['continue', 'continue'], ['abort', 'abort'], ['Abort', 'abort']],
      invalid: ['stop', 'fail', '', 'true'],
      expected: 'expected "continue" or "abort"',
    },
    {
      section: 'apt',
      key: 'min-free-percent',
      field: 'minFreePercent',
      valid: [['0', 0], ['10', 10], ['50', 50]],
      invalid: ['51', '100', '-1', '5%', '5.5', 'five', ''],
      expected: 'expected a whole number from 0 to 50',
    },
    {
      section: 'apt',
      key: 'name-template',
      field: 'nameTemplate',
      valid: [
        ['pre-apt-%Y%m%d%H%M%S', 'pre-apt-%Y%m%d%H%M%S'],
        ['upgrade_%Y-%m-%d', 'upgrade_%Y-%m-%d'],
        ['"apt-%Y"', 'apt-%Y'],
      ],
      invalid: ['', 'apt/%Y', 'apt@%Y', '"apt#%Y"', '"apt %Y"', 'apt-%Q', 'apt-%', 'apt-%H:%M'],
      expected: 'expected letters, digits, "-", "_", ".", "+" and the date escapes %Y %m %d %H %M %S',
    },
    {
      section: 'esp',
      key: 'reserve-mib',
      field: 'reserveMiB',
      valid: [['0', 0], ['64', 64], ['4096', 4096]],
      invalid: ['4097', '-1', '32M', '32 MiB', '1.5'],
      expected: 'expected a whole number from 0 to 4096',
    },
    {
      section: 'esp',
      key: 'max-loaded',
      field: 'maxLoaded',
      valid: [['1', 1], ['3', 3], ['64', 64]],
      invalid: ['0', '65', 'lots', '-8', ''],
      expected: 'expected a whole number from 1 to 64',
    },
    {
      section: 'esp',
      key: 'kernels',
      field: 'kernels',
      valid: [['latest', 'latest'], ['latest-and-booted', 'latest-and-booted'], ['all', 'all'], ['ALL', 'all']],
      invalid: ['newest', 'booted', 'latest-booted', '', 'true'],
      expected: 'expected "latest", "latest-and-booted" or "all"',
    },
    ...(
      [
        ['keep-last', 'keepLast'],
        ['keep-important', 'keepImportant'],
        ['keep-hourly', 'keepHourly'],
        ['keep-daily', 'keepDaily'],
        ['keep-weekly', 'keepWeekly'],
        ['keep-monthly', 'keepMonthly'],
      ] as const
    ).map(([key, field]) => ({
      section: 'retention' as const,
      key,
      field,
      valid: [['0', 0], ['7', 7], ['1000', 1000]] as Array<[string, unknown]>,
      invalid: ['1001', '-1', 'all', '2.5', '', 'true'],
      expected: 'expected a whole number from 0 to 1000',
    })),
    {
      section: 'retention',
      key: 'min-age-hours',
      field: 'minAgeHours',
      valid: [['0', 0], ['24', 24], ['8760', 8760]],
      invalid: ['8761', '-1', '1h', '0.5'],
      expected: 'expected a whole number from 0 to 8760',
    },
    {
      section: 'retention',
      key: 'max-pool-used-percent',
      field: 'maxPoolUsedPercent',
      valid: [['10', 10], ['90', 90], ['100', 100]],
      invalid: ['9', '0', '101', '85%', ''],
      expected: 'expected a whole number from 10 to 100',
    },
    {
      section: 'retention',
      key: 'timer',
      field: 'timer',
      valid: [['false', false], ['no', false], ['on', true], ['1', true]],
      invalid: ['daily', 'enabled', ''],
      expected: 'expected true or false (or yes/no, on/off, 1/0)',
    },
    {
      section: 'trial',
      key: 'timeout',
      field: 'timeout',
      valid: [['60', 60], ['900', 900], ['86400', 86400]],
      invalid: ['59', '0', '86401', '10m', ''],
      expected: 'expected a whole number from 60 to 86400',
    },
    {
      section: 'trial',
      key: 'require-units',
      field: 'requireUnits',
      valid: [
        ['installed-proxmox', 'installed-proxmox'],
        ['none', []],
        ['pveproxy.service', ['pveproxy.service']],
        ['pveproxy.service, pvedaemon.service  ceph-mon@a.service', ['pveproxy.service', 'pvedaemon.service', 'ceph-mon@a.service']],
      ],
      invalid: ['pveproxy', ',', 'a.service|reboot', 'a b.service', '$(reboot).service'],
      expected: 'expected unit names with their type (pveproxy.service), "installed-proxmox" or "none"',
    },
    {
      section: 'trial',
      key: 'on-failure',
      field: 'onFailure',
      valid: [['reboot', 'reboot'], ['stay', 'stay'], ['Stay', 'stay']],
      invalid: ['continue', 'abort', '', 'poweroff'],
      expected: 'expected "reboot" or "stay"',
    },
  ];

  const VALID = KEYS.flatMap(({ section, key, field, valid }) =>
    valid.map(([text, value]) => [section, key, text, field, value] as const),
  );
  const INVALID = KEYS.flatMap(({ section, key, invalid, expected }) =>
    invalid.map((text) => [section, key, text, expected] as const),
  );

  test('the table covers every key', () => {
    expect(KEYS).toHaveLength(19);
    for (const section of ['apt', 'esp', 'retention', 'trial'] as const) {
      const fields = KEYS.filter((entry) => entry.section === section).map((entry) => entry.field);
      expect(fields.sort()).toStrictEqual(Object.keys(DEFAULT_CONFIG[section]).sort());
    }
  });

  test.each(VALID)('[%s] %s = %s', (section, key, text, field, value) => {
    const config = parseConfig(`[${section}]\n${key} = ${text}\n`);
    expect(config).toStrictEqual(withDefaults(section, { [field]: value }));
  });

  test.each(INVALID)('[%s] %s = %s is refused', (section, key, text, expected) => {
    const error = thrown(ConfigError, () => parseConfig(`# settings\n[${section}]\n${key} = ${text}\n`));
    const shown = JSON.stringify(text.replace(/^"(.*)"$/, '$1'));
    expect(error.message.startsWith(`[${section}] ${key} = ${shown}: `)).toBe(true);
    expect(error.message).toContain(expected);
    expect(error.message).not.toContain('\n');
    expect(error.line).toBe(3);
  });

  test('the example from the manual, word for word', () => {
    expect(thrown(ConfigError, () => parseConfig('[esp]\nmax-loaded = lots\n')).message).toBe(
      '[esp] max-loaded = "lots": expected a whole number from 1 to 64',
    );
  });

  test('a file setting everything', () => {
    const text = [
      '[apt]',
      'enabled = no',
      'on-failure = abort',
      'min-free-percent = 10',
      'name-template = pre-upgrade-%Y%m%d-%H%M',
      '[esp]',
      'reserve-mib = 64',
      'max-loaded = 4',
      'kernels = all',
      '[retention]',
      'keep-last = 3',
      'keep-important = 4',
      'keep-hourly = 24',
      'keep-daily = 7',
      'keep-weekly = 4',
      'keep-monthly = 6',
      'min-age-hours = 2',
      'max-pool-used-percent = 90',
      'timer = off',
      '[trial]',
      'timeout = 300',
      'require-units = pveproxy.service',
      'on-failure = stay',
    ].join('\n');
    expect(parseConfig(text)).toStrictEqual({
      apt: { enabled: false, onFailure: 'abort', minFreePercent: 10, nameTemplate: 'pre-upgrade-%Y%m%d-%H%M' },
      esp: { reserveMiB: 64, maxLoaded: 4, kernels: 'all' },
      retention: {
        keepLast: 3,
        keepImportant: 4,
        keepHourly: 24,
        keepDaily: 7,
        keepWeekly: 4,
        keepMonthly: 6,
        minAgeHours: 2,
        maxPoolUsedPercent: 90,
        timer: false,
      },
      trial: { timeout: 300, requireUnits: ['pveproxy.service'], onFailure: 'stay' },
    });
  });

  test('on-failure, in [apt] and in [trial], is told where it belongs when misplaced', () => {
    expect(thrown(ConfigError, () => parseConfig('on-failure = stay\n')).message).toBe('on-failure is set before any section header: it belongs under [apt] or [trial]');
  });

  test('sections in any order, split and repeated', () => {
    const text = '[retention]\nkeep-last = 9\n[apt]\nenabled = off\n[retention]\ntimer = no\n';
    expect(parseConfig(text)).toStrictEqual({
      ...DEFAULT_CONFIG,
      apt: { ...DEFAULT_CONFIG.apt, enabled: false },
      retention: { ...DEFAULT_CONFIG.retention, keepLast: 9, timer: false },
    });
  });

  describe('comments, blanks, quotes and line endings', () => {
    test.each([
      ['# comments', '# a comment\n[esp]\n# max-loaded = 99\nmax-loaded = 3\n'],
      ['; comments', '; a comment\n[esp]\n;max-loaded = 99\nmax-loaded = 3\n'],
      ['indented comments', '  # a\n\t; b\n[esp]\nmax-loaded = 3\n'],
      ['a # comment after the value', '[esp]\nmax-loaded = 3 # three\n'],
      ['a ; comment after the value', '[esp]\nmax-loaded = 3 ; three\n'],
      ['CRLF line endings', '[esp]\r\n# x\r\n\r\nmax-loaded = 3\r\n'],
      ['CRLF without a final line ending', '[esp]\r\nmax-loaded = 3'],
      ['a byte order mark', '\uFEFF[esp]\nmax-loaded = 3\n'],
      ['no spaces around "="', '[esp]\nmax-loaded=3\n'],
      ['tabs and spaces around key and value', '[esp]\n\t max-loaded \t=\t 3 \t\n'],
      ['a double-quoted value', '[esp]\nmax-loaded = "3"\n'],
      ['a single-quoted value', "[esp]\nmax-loaded = '3'\n"],
      ['a quoted key', '[esp]\n"max-loaded" = 3\n'],
      ['a key set only in a comment elsewhere', '# [esp]\n# max-loaded = 5\n[esp]\nmax-loaded = 3\n'],
    ])('%s', (_name, text) => {
      expect(parseConfig(text)).toStrictEqual(withDefaults('esp', { maxLoaded: 3 }));
    });

    test('an error in a CRLF file has no stray carriage return and the right line', () => {
      const error = thrown(ConfigError, () => parseConfig('[esp]\r\n\r\nmax-loaded = lots\r\n'));
      expect(error.message).toBe('[esp] max-loaded = "lots": expected a whole number from 1 to 64');
      expect(error.line).toBe(3);
    });

    test('a "#" starts a comment even inside a name template, unless quoted', () => {
      expect(parseConfig('[apt]\nname-template = apt-%Y#%m\n').apt.nameTemplate).toBe('apt-%Y');
      expect(thrown(ConfigError, () => parseConfig('[apt]\nname-template = "apt-%Y#%m"\n')).message).toMatch(
        /^\[apt\] name-template = "apt-%Y#%m": "#" is not allowed/,
      );
    });

    test('ini\'s bare true, false and null are shown as written', () => {
      expect(thrown(ConfigError, () => parseConfig('[esp]\nmax-loaded = true\n')).message).toBe(
        '[esp] max-loaded = "true": expected a whole number from 1 to 64',
      );
      expect(thrown(ConfigError, () => parseConfig('[apt]\nenabled = null\n')).message).toMatch(/^\[apt\] enabled = "null": /);
    });

    test('control characters in a value are escaped: the message stays one line', () => {
      const error = thrown(ConfigError, () => parseConfig('[apt]\nname-template = apt\u0085x\u000by\n'));
      expect(error.message).toMatch(/^\[apt\] name-template = "apt\\u0085x\\u000by": "\\u0085" is not allowed/);
      expect(error.message).not.toMatch(/[\n\r\u000b\u0085]/);
    });

    test('a line ini would skip in silence (U+2028 stops its ".") is refused', () => {
      const error = thrown(ConfigError, () => parseConfig('[apt]\nenabled = no\u2028\n'));
      expect(error.message).toBe('[apt] "enabled = no\\u2028" is a line ini cannot read: expected key = value');
      expect(error.line).toBe(2);
    });
  });

  describe('what is where', () => {
    test.each([
      ['[retention]\nkeep-lst = 2\n', 2, '[retention] unknown key "keep-lst": did you mean "keep-last"?'],
      ['[retention]\nkeep-lsat = 2\n', 2, '[retention] unknown key "keep-lsat": did you mean "keep-last"?'],
      ['[retention]\nKeep-Last = 2\n', 2, '[retention] unknown key "Keep-Last": did you mean "keep-last"?'],
      ['[retention]\nkeep_daily = 2\n', 2, '[retention] unknown key "keep_daily": did you mean "keep-daily"?'],
      ['[retention]\nkeep-dayly = 2\n', 2, '[retention] unknown key "keep-dayly": did you mean "keep-daily"?'],
      ['[apt]\nenable = yes\n', 2, '[apt] unknown key "enable": did you mean "enabled"?'],
      ['[apt]\nonfailure = abort\n', 2, '[apt] unknown key "onfailure": did you mean "on-failure"?'],
      ['[esp]\nreserve-MiB = 8\n', 2, '[esp] unknown key "reserve-MiB": did you mean "reserve-mib"?'],
      ['[esp]\nmax-load = 8\n', 2, '[esp] unknown key "max-load": did you mean "max-loaded"?'],
      ['[esp]\nkernel = all\n', 2, '[esp] unknown key "kernel": did you mean "kernels"?'],
      ['[esp]\nmax-loaded[] = 8\n', 2, '[esp] unknown key "max-loaded[]": did you mean "max-loaded"?'],
      [
        '[apt]\nfoo = 1\n',
        2,
        '[apt] unknown key "foo": expected enabled, on-failure, min-free-percent or name-template',
      ],
      ['[esp]\n__proto__ = 1\n', 2, '[esp] unknown key "__proto__": expected reserve-mib, max-loaded or kernels'],
      ['[apt]\nkeep-last = 2\n', 2, '[apt] unknown key "keep-last": it belongs under [retention]'],
      ['[esp]\ntimer = no\n', 2, '[esp] unknown key "timer": it belongs under [retention]'],
      ['[retention]\nenabled = no\n', 2, '[retention] unknown key "enabled": it belongs under [apt]'],
      ['[retension]\nkeep-last = 2\n', 1, 'unknown section [retension]: did you mean [retention]?'],
      ['[APT]\n', 1, 'unknown section [APT]: did you mean [apt]?'],
      ['[apt.hook]\n', 1, 'unknown section [apt.hook]: expected [apt], [esp], [retention] or [trial]'],
      ['[ap]\n', 1, 'unknown section [ap]: did you mean [apt]?'],
      ['[general]\n', 1, 'unknown section [general]: expected [apt], [esp], [retention] or [trial]'],
      ['[__proto__]\n', 1, 'unknown section [__proto__]: expected [apt], [esp], [retention] or [trial]'],
      ['[]\n', 1, 'unknown section []: expected [apt], [esp], [retention] or [trial]'],
      ['[main\u0000]\n', 1, 'unknown section [main\\u0000]: expected [apt], [esp], [retention] or [trial]'],
      ['[apt]\nenabled = no\n= yes\n', 3, '[apt] "= yes" has no key before "="'],
      ['[esp]\n"" = 1\n', 2, '[esp] unknown key "": expected reserve-mib, max-loaded or kernels'],
      ['keep-last = 2\n[retention]\n', 1, 'keep-last is set before any section header: it belongs under [retention]'],
      [
        '# top\nfoo = 2\n',
        2,
        '"foo" is set before any section header: expected settings under [apt], [esp], [retention] or [trial]',
      ],
      ['[apt]\nenabled\n', 2, '[apt] "enabled" has no "=": expected key = value'],
      ['[retention]\nkeep-last 5\n', 2, '[retention] "keep-last 5" has no "=": expected key = value'],
      ['[apt]\n= yes\n', 2, '[apt] "= yes" has no key before "="'],
      ['  = yes\n', 1, '"= yes" has no key before "="'],
      ['  [apt]\nenabled = no\n', 1, '"[apt]" is not a section header: expected [name] alone on its line, at its start'],
      [
        '[apt] # hook\nenabled = no\n',
        1,
        '"[apt] # hook" is not a section header: expected [name] alone on its line, at its start',
      ],
    ])('%j: line %i, %s', (text, line, message) => {
      const error = thrown(ConfigError, () => parseConfig(text));
      expect(error.message).toBe(message);
      expect(error.line).toBe(line);
    });

    test.each([
      ['[retention]\nkeep-last = 1\nkeep-last = 2\n', 3, '[retention] keep-last is set twice, on lines 2 and 3: keep one'],
      ['[retention]\nkeep-last = 1\nkeep-last = 1\n', 3, '[retention] keep-last is set twice, on lines 2 and 3: keep one'],
      [
        '[retention]\nkeep-last = 1\n[apt]\nenabled = no\n[retention]\r\nkeep-last = 2\r\n',
        6,
        '[retention] keep-last is set twice, on lines 2 and 6: keep one',
      ],
      ['[apt]\n"enabled" = no\nenabled = yes\n', 3, '[apt] enabled is set twice, on lines 2 and 3: keep one'],
      ['[apt]\nenabled = no\n  enabled=no ; again\n', 3, '[apt] enabled is set twice, on lines 2 and 3: keep one'],
    ])('a key given twice: %j', (text, line, message) => {
      const error = thrown(ConfigError, () => parseConfig(text));
      expect(error.message).toBe(message);
      expect(error.line).toBe(line);
    });

    test('the same key in two sections is two keys (and one of them unknown)', () => {
      expect(thrown(ConfigError, () => parseConfig('[apt]\nenabled = no\n[esp]\nenabled = no\n')).message).toBe(
        '[esp] unknown key "enabled": it belongs under [apt]',
      );
    });
  });

  describe('several problems', () => {
    test('the first in the file is reported', () => {
      const text = '[retention]\nkeep-daily = x\nkeep-last = -1\n[apt]\nenabled = maybe\n';
      const error = thrown(ConfigError, () => parseConfig(text));
      expect(error.message).toBe('[retention] keep-daily = "x": expected a whole number from 0 to 1000');
      expect(error.line).toBe(2);
    });

    test('even when its section comes later in the schema', () => {
      const error = thrown(ConfigError, () => parseConfig('[esp]\nmax-loaded = 0\n[apt]\nenabled = maybe\n'));
      expect(error.line).toBe(2);
      expect(error.message).toMatch(/^\[esp\] max-loaded = "0"/);
    });

    test('a misplaced line is reported before any bad value', () => {
      const error = thrown(ConfigError, () => parseConfig('[esp]\nmax-loaded = 0\nmax-load = 2\n'));
      expect(error.message).toBe('[esp] unknown key "max-load": did you mean "max-loaded"?');
    });
  });
});
