import { describe, expect, test } from '@jest/globals';
import { isQuotedWhole, lexConfigLines, type ConfigLine } from '../../../../src/core/bootfiles/config-lines.js';

function only(text: string): ConfigLine {
  const lines = lexConfigLines(text);
  expect(lines).toHaveLength(1);
  const [line] = lines;
  if (line === undefined) throw new Error('no line');
  return line;
}

function setting(text: string): { key: string; value: string; raw: string; keyEnd: number } {
  const line = only(text);
  if (line.kind !== 'setting') throw new Error(`not a setting: ${JSON.stringify(line)}`);
  return { key: line.key, value: line.value, raw: text.slice(line.valueStart, line.valueEnd), keyEnd: line.keyEnd };
}

describe('lexConfigLines', () => {
  test.each([
    ['', 0],
    ['\n\n', 2],
    ['a b\nc d', 2],
  ])('%j has %i lines', (text, count) => {
    expect(lexConfigLines(text)).toHaveLength(count);
  });

  test.each(['   ', '\t', ' \t '])('blank: %j', (text) => {
    expect(only(text).kind).toBe('blank');
  });

  test.each(['# comment', '#', '   # indented comment', '\t#default proxmox-*', '#title no space'])(
    'comment: %j',
    (text) => {
      expect(only(text).kind).toBe('comment');
    },
  );

  test.each([
    ['title    Proxmox Virtual Environment', 'title', 'Proxmox Virtual Environment'],
    ['version\t6.8.12-4-pve', 'version', '6.8.12-4-pve'],
    ['  indented   value  ', 'indented', 'value'],
    ['key\t \tmixed separators\t', 'key', 'mixed separators'],
    ['title a  b\tc', 'title', 'a  b\tc'],
    ['title value # not a comment', 'title', 'value # not a comment'],
    ['default "proxmox-*"', 'default', 'proxmox-*'],
    ['options "quoted"  ', 'options', 'quoted'],
    ['options "a" "b"', 'options', 'a" "b'],
    ['options root="x y"', 'options', 'root="x y"'],
    ['options "unbalanced', 'options', '"unbalanced'],
    ['options "', 'options', '"'],
    ['options ""', 'options', ''],
    ['key-with-dash-9 v', 'key-with-dash-9', 'v'],
    ['default', 'default', ''],
    ['default   ', 'default', ''],
  ])('setting: %j → %s = %j', (text, key, value) => {
    const line = setting(text);
    expect(line.key).toBe(key);
    expect(line.value).toBe(value);
  });

  test('offsets point into the whole text, across CRLF lines', () => {
    const text = '# c\r\n  default\t"proxmox-*"  \r\ntimeout 3';
    const lines = lexConfigLines(text);
    const line = lines[1];
    if (line?.kind !== 'setting') throw new Error('expected a setting');
    expect(text.slice(line.valueStart, line.valueEnd)).toBe('"proxmox-*"');
    expect(text.slice(0, line.keyEnd).endsWith('  default')).toBe(true);
  });

  test('a key without a value has an empty value span right after the key', () => {
    const text = 'x y\n default  \n';
    const line = lexConfigLines(text)[1];
    if (line?.kind !== 'setting') throw new Error('expected a setting');
    expect(line.keyEnd).toBe(12);
    expect(line.valueStart).toBe(line.valueEnd);
  });

  test.each([
    ['Title Proxmox', /key "Title"/],
    ['sort_key x', /key "sort_key"/],
    ['tïtle x', /key "tïtle"/],
    ['\ufefftitle x', /key "\ufefftitle"/],
    ['title=x', /key "title=x"/],
    ['title x\u0000y', /U\+0000/],
    ['# comment\u0000', /U\+0000/],
    ['title x\ry', /U\+000D/],
    ['title \u007f', /U\+007F/],
  ])('invalid: %j', (text, problem) => {
    const line = only(text);
    expect(line.kind).toBe('invalid');
    if (line.kind === 'invalid') expect(line.problem).toMatch(problem);
  });
});

describe('isQuotedWhole', () => {
  test.each([
    ['"x"', true],
    ['""', true],
    ['"a" "b"', true],
    ['"', false],
    ['"x', false],
    ['x"', false],
    ['a="b"', false],
    ['', false],
  ])('%j → %s', (value, expected) => {
    expect(isQuotedWhole(value)).toBe(expected);
  });
});
