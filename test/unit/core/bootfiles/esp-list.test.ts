import { describe, expect, test } from '@jest/globals';
import { parseEspList } from '../../../../src/core/bootfiles/esp-list.js';

describe('parseEspList', () => {
  test('a RAID1 install: two ESPs', () => {
    expect(parseEspList('1A2B-3C4D\n5E6F-7A8B\n')).toStrictEqual({
      esps: [
        { uuid: '1A2B-3C4D', grub: false },
        { uuid: '5E6F-7A8B', grub: false },
      ],
      problems: [],
    });
  });

  test('an empty file lists nothing and has no problems', () => {
    expect(parseEspList('')).toStrictEqual({ esps: [], problems: [] });
    expect(parseEspList('\n\n  \n\t\n')).toStrictEqual({ esps: [], problems: [] });
  });

  test('the legacy pve-efiboot-uuids file reads the same', () => {
    expect(parseEspList('DEAD-BEEF\n').esps).toEqual([{ uuid: 'DEAD-BEEF', grub: false }]);
  });

  test('UUIDs are upper-cased, as in /dev/disk/by-uuid', () => {
    expect(parseEspList('1a2b-3c4d\nabCD-ef01\n').esps.map((e) => e.uuid)).toEqual(['1A2B-3C4D', 'ABCD-EF01']);
  });

  test('a second word grub marks GRUB mode', () => {
    expect(parseEspList('1A2B-3C4D grub\n5E6F-7A8B\n').esps).toEqual([
      { uuid: '1A2B-3C4D', grub: true },
      { uuid: '5E6F-7A8B', grub: false },
    ]);
  });

  test('blank lines, surrounding whitespace, tabs, CRLF and a missing final newline are fine', () => {
    const text = '\r\n  1A2B-3C4D \r\n\r\n5E6F-7A8B\tgrub\t\r\n\t9ABC-DEF0';
    expect(parseEspList(text)).toStrictEqual({
      esps: [
        { uuid: '1A2B-3C4D', grub: false },
        { uuid: '5E6F-7A8B', grub: true },
        { uuid: '9ABC-DEF0', grub: false },
      ],
      problems: [],
    });
  });

  test.each([
    ['not a UUID', 'foo', /"foo" is not a vfat UUID/],
    ['too short', '1A2B-3C4', /is not a vfat UUID/],
    ['too long', '1A2B-3C4D5', /is not a vfat UUID/],
    ['a UUID inside a longer word', 'x1A2B-3C4D', /is not a vfat UUID/],
    ['not hexadecimal', '1A2B-3C4G', /is not a vfat UUID/],
    ['no dash', '1A2B3C4D', /is not a vfat UUID/],
    ['a partition UUID', '0f4c2b1e-6c1a-4b8e-9d3b-2a4e5f6a7b8c', /is not a vfat UUID/],
    ['a comment', '# 1A2B-3C4D', /"# 1A2B-3C4D" is not a vfat UUID/],
    ['an unknown mode', '1A2B-3C4D systemd-boot', /more than a UUID and an optional "grub"/],
    ['GRUB in capitals', '1A2B-3C4D GRUB', /more than a UUID and an optional "grub"/],
    ['a third word', '1A2B-3C4D grub extra', /more than a UUID and an optional "grub"/],
    ['a control character', '1A2B-3C4D\u0000', /control character U\+0000/],
    ['a lone CR', '1A2B-3C4D\r5E6F-7A8B', /control character U\+000D/],
  ])('%s: skipped, reported with its line number and content', (_name, bad, message) => {
    const { esps, problems } = parseEspList(`5E6F-7A8B\n\n${bad}\n9ABC-DEF0\n`);
    expect(esps.map((e) => e.uuid)).toEqual(['5E6F-7A8B', '9ABC-DEF0']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^line 3: /);
    expect(problems[0]).toContain(JSON.stringify(bad));
    expect(problems[0]).toMatch(message);
    expect(problems[0]).toMatch(/skipped$/);
  });

  test('a duplicate, in any case or mode, is reported and kept once, as first listed', () => {
    const { esps, problems } = parseEspList('1a2b-3c4d grub\n5E6F-7A8B\n1A2B-3C4D\n5e6f-7a8b\n5E6F-7A8B grub\n');
    expect(esps).toEqual([
      { uuid: '1A2B-3C4D', grub: true },
      { uuid: '5E6F-7A8B', grub: false },
    ]);
    expect(problems).toEqual([
      'line 3: "1A2B-3C4D" lists 1A2B-3C4D again (first on line 1), skipped',
      'line 4: "5e6f-7a8b" lists 5E6F-7A8B again (first on line 2), skipped',
      'line 5: "5E6F-7A8B grub" lists 5E6F-7A8B again (first on line 2), skipped',
    ]);
  });

  test('several problems are all reported, in line order', () => {
    const { esps, problems } = parseEspList('bad\n1A2B-3C4D\nworse still\n');
    expect(esps).toEqual([{ uuid: '1A2B-3C4D', grub: false }]);
    expect(problems.map((p) => p.slice(0, 7))).toEqual(['line 1:', 'line 3:']);
  });
});
