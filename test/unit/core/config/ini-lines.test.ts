import { describe, expect, test } from '@jest/globals';
import ini from 'ini';
import { scanIniLines } from '../../../../src/core/config/ini-lines.js';

describe('scanIniLines', () => {
  test('sections and settings with their line numbers; blanks and comments left out', () => {
    const text = [
      '# comment',
      '; comment',
      '   # indented comment',
      '',
      '  \t',
      '[apt]',
      'enabled = true',
      'bare',
      '[esp]',
      'max-loaded=8',
    ].join('\n');
    expect(scanIniLines(text)).toStrictEqual([
      { kind: 'section', name: 'apt', line: 6 },
      { kind: 'setting', key: 'enabled', hasValue: true, line: 7, text: 'enabled = true' },
      { kind: 'setting', key: 'bare', hasValue: false, line: 8, text: 'bare' },
      { kind: 'section', name: 'esp', line: 9 },
      { kind: 'setting', key: 'max-loaded', hasValue: true, line: 10, text: 'max-loaded=8' },
    ]);
  });

  test('CRLF, a lone CR and blank lines count as ini and editors count them', () => {
    expect(scanIniLines('[apt]\r\n\r\nenabled = no\rtimer = 1\n').map((line) => line.line)).toStrictEqual([1, 3, 4]);
  });

  test.each([
    ['[ apt ]', 'apt'],
    ['["apt"]', 'apt'],
    ['[apt]   ', 'apt'],
    ['[]', ''],
    ['[apt.sub]', 'apt.sub'],
  ])('section header %j is %j', (line, name) => {
    expect(scanIniLines(line)).toStrictEqual([{ kind: 'section', name, line: 1 }]);
  });

  test.each([
    // ini takes these for keys, not sections: a misplaced header is the caller's to report
    ['  [apt]', '[apt]', false],
    ['[apt] # comment', '[apt]', false],
    // keys are unquoted and stripped of comments as ini does
    ['"enabled" = yes', 'enabled', true],
    ['  enabled   =   yes  ', 'enabled', true],
    ['enabled ; comment = yes', 'enabled', true],
    ['keep-last[] = 1', 'keep-last[]', true],
    ['  = 5', '', true],
    ['a = b = c', 'a', true],
    // U+2029 before the "=" is matched by ini's [^=]+, and trimmed off the key
    ['enabled\u2029 = no', 'enabled', true],
  ])('setting line %j has key %j', (line, key, hasValue) => {
    expect(scanIniLines(line)).toStrictEqual([{ kind: 'setting', key, hasValue, line: 1, text: line }]);
  });

  test.each([['= 5'], ['enabled = no\u2028'], ['a = b\u2028c'], ['a = \u2029']])(
    'a line ini skips without a word, %j, is unreadable',
    (line) => {
      expect(scanIniLines(line)).toStrictEqual([{ kind: 'unreadable', line: 1, text: line }]);
      expect(Object.keys(ini.parse(`[s]\n${line}`).s ?? {})).toStrictEqual([]);
    },
  );

  test('agrees with ini.parse on every key it keeps', () => {
    const text = '[apt]\n"enabled" = yes\n  on-failure=abort ; why\n\'min-free-percent\' = 7\n[esp]\r\nkernels = all\n';
    const parsed: Record<string, Record<string, unknown>> = ini.parse(text);
    const found: Record<string, string[]> = {};
    let section = '';
    for (const line of scanIniLines(text)) {
      if (line.kind === 'section') section = line.name;
      else if (line.kind === 'setting') (found[section] ??= []).push(line.key);
    }
    expect(found).toStrictEqual({
      apt: Object.keys(parsed.apt ?? {}),
      esp: Object.keys(parsed.esp ?? {}),
    });
  });
});
