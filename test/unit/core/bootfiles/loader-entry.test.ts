import { describe, expect, test } from '@jest/globals';
import { BootFileError } from '../../../../src/core/bootfiles/errors.js';
import {
  parseLoaderEntry,
  renderLoaderEntry,
  type LoaderEntry,
} from '../../../../src/core/bootfiles/loader-entry.js';
import { seededRandom, type SeededRandom } from '../seeded-random.js';

// Exactly what proxmox-boot-tool writes to loader/entries/proxmox-6.8.12-4-pve.conf.
const PROXMOX_ENTRY = [
  'title    Proxmox Virtual Environment',
  'version  6.8.12-4-pve',
  'options  root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet',
  'linux    /EFI/proxmox/6.8.12-4-pve/vmlinuz-6.8.12-4-pve',
  'initrd   /EFI/proxmox/6.8.12-4-pve/initrd.img-6.8.12-4-pve',
  '',
].join('\n');

const PROXMOX_PARSED: LoaderEntry = {
  title: 'Proxmox Virtual Environment',
  version: '6.8.12-4-pve',
  options: 'root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet',
  linux: '/EFI/proxmox/6.8.12-4-pve/vmlinuz-6.8.12-4-pve',
  initrd: ['/EFI/proxmox/6.8.12-4-pve/initrd.img-6.8.12-4-pve'],
  other: [],
};

function parseError(text: string): BootFileError {
  try {
    parseLoaderEntry(text);
  } catch (error) {
    if (error instanceof BootFileError) return error;
    throw error;
  }
  throw new Error(`parsed without error: ${JSON.stringify(text)}`);
}

function renderError(entry: LoaderEntry): BootFileError {
  try {
    renderLoaderEntry(entry);
  } catch (error) {
    if (error instanceof BootFileError) return error;
    throw error;
  }
  throw new Error(`rendered without error: ${JSON.stringify(entry)}`);
}

const entry = (fields: Partial<LoaderEntry>): LoaderEntry => ({ initrd: [], options: '', other: [], ...fields });

describe('parseLoaderEntry', () => {
  test("Proxmox's own entry", () => {
    expect(parseLoaderEntry(PROXMOX_ENTRY)).toStrictEqual(PROXMOX_PARSED);
  });

  test('the same entry with CRLF endings, tabs, indentation, comments, blank lines and no final newline', () => {
    const text = [
      '# written by hand',
      '',
      '\ttitle\tProxmox Virtual Environment   ',
      '   # indented comment',
      'version 6.8.12-4-pve',
      'options\t\troot=ZFS=rpool/ROOT/pve-1 boot=zfs quiet\t',
      '  ',
      'linux /EFI/proxmox/6.8.12-4-pve/vmlinuz-6.8.12-4-pve',
      'initrd   /EFI/proxmox/6.8.12-4-pve/initrd.img-6.8.12-4-pve',
    ].join('\r\n');
    expect(parseLoaderEntry(text)).toStrictEqual(PROXMOX_PARSED);
  });

  test('an empty file is an empty entry', () => {
    expect(parseLoaderEntry('')).toStrictEqual(entry({}));
    expect(parseLoaderEntry('# nothing\n\n')).toStrictEqual(entry({}));
  });

  test('options lines are joined by one space, as systemd-boot joins them; empty ones add nothing', () => {
    const text = 'options root=ZFS=rpool/ROOT/pve-1\noptions\noptions boot=zfs  quiet\n  options   \noptions x\n';
    expect(parseLoaderEntry(text).options).toBe('root=ZFS=rpool/ROOT/pve-1 boot=zfs  quiet x');
  });

  test('every initrd line is kept, in order', () => {
    const text = 'linux /vmlinuz\ninitrd /intel-ucode.img\ninitrd /amd-ucode.img\ninitrd /initrd.img\n';
    expect(parseLoaderEntry(text).initrd).toEqual(['/intel-ucode.img', '/amd-ucode.img', '/initrd.img']);
  });

  test('a repeated single-valued key keeps its last value, as in systemd-boot', () => {
    const parsed = parseLoaderEntry('title first\nlinux /a\ntitle second\nlinux /b\n');
    expect(parsed.title).toBe('second');
    expect(parsed.linux).toBe('/b');
  });

  test('every modelled key', () => {
    const text = [
      'title Debian',
      'version 6.1.0-18-amd64',
      'sort-key debian',
      'machine-id 4f1c3b2a9d8e4f00a1b2c3d4e5f60718',
      'efi /EFI/tools/shell.efi',
      'linux /vmlinuz',
    ].join('\n');
    expect(parseLoaderEntry(text)).toStrictEqual(
      entry({
        title: 'Debian',
        version: '6.1.0-18-amd64',
        sortKey: 'debian',
        machineId: '4f1c3b2a9d8e4f00a1b2c3d4e5f60718',
        efi: '/EFI/tools/shell.efi',
        linux: '/vmlinuz',
      }),
    );
  });

  test('unknown keys go to other, in file order, repeats included', () => {
    const text = 'devicetree /dtb/a.dtb\ntitle x\narchitecture x64\ndevicetree-overlay /o1.dtbo\ndevicetree-overlay /o2.dtbo\n';
    expect(parseLoaderEntry(text).other).toEqual([
      ['devicetree', '/dtb/a.dtb'],
      ['architecture', 'x64'],
      ['devicetree-overlay', '/o1.dtbo'],
      ['devicetree-overlay', '/o2.dtbo'],
    ]);
  });

  test('quotes around a whole value are stripped, as systemd-boot does; others are kept', () => {
    const parsed = parseLoaderEntry('title "Proxmox VE"\noptions root=ZFS=rpool/ROOT/pve-1 dyndbg="file x +p"\n');
    expect(parsed.title).toBe('Proxmox VE');
    expect(parsed.options).toBe('root=ZFS=rpool/ROOT/pve-1 dyndbg="file x +p"');
  });

  test('values keep inner whitespace, # and unicode', () => {
    expect(parseLoaderEntry('title  Proxmox  VE #2 — Ünïcödé\n').title).toBe('Proxmox  VE #2 — Ünïcödé');
  });

  test.each([
    ['title\n', 1, /key "title" has no value/],
    ['title x\nversion   \n', 2, /key "version" has no value/],
    ['linux\t\n', 1, /key "linux" has no value/],
    ['initrd\n', 1, /key "initrd" has no value/],
    ['devicetree\n', 1, /key "devicetree" has no value/],
    ['title ""\n', 1, /key "title" has no value/],
    ['Title Proxmox\n', 1, /key "Title"/],
    ['title x\n\nsort_key y\n', 3, /key "sort_key"/],
    ['title=Proxmox\n', 1, /key "title=Proxmox"/],
    ['\ufefftitle Proxmox\n', 1, /key "\ufefftitle"/],
    ['title Prox\u0000mox\n', 1, /U\+0000/],
    ['title x\n# comment \u0000 hides the rest from systemd-boot\nlinux /a\n', 2, /U\+0000/],
    ['title x\rlinux /a\n', 1, /U\+000D/],
    ['title x\nversion 1\u001b[0m\n', 2, /U\+001B/],
    ['title x\u007f\n', 1, /U\+007F/],
  ])('malformed %j: BootFileError on line %i', (text, line, message) => {
    const error = parseError(text);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(new RegExp(`^line ${line}: `));
    expect(error.message).toMatch(message);
  });
});

describe('renderLoaderEntry', () => {
  test("reproduces Proxmox's entry byte for byte", () => {
    expect(renderLoaderEntry(PROXMOX_PARSED)).toBe(PROXMOX_ENTRY);
  });

  test('pads every key to 9 columns, in a fixed order, other keys last', () => {
    const text = renderLoaderEntry({
      other: [['devicetree', '/dtb'], ['architecture', 'x64']],
      initrd: ['/a.img', '/b.img'],
      efi: '/e.efi',
      linux: '/vmlinuz',
      options: 'quiet',
      machineId: 'abc',
      sortKey: 'pve',
      version: '1',
      title: 'T',
    });
    expect(text).toBe(
      [
        'title    T',
        'version  1',
        'sort-key pve',
        'machine-id abc',
        'options  quiet',
        'linux    /vmlinuz',
        'efi      /e.efi',
        'initrd   /a.img',
        'initrd   /b.img',
        'devicetree /dtb',
        'architecture x64',
        '',
      ].join('\n'),
    );
  });

  test('empty options and absent keys produce no line; an empty entry is empty text', () => {
    expect(renderLoaderEntry(entry({ title: 'x' }))).toBe('title    x\n');
    expect(renderLoaderEntry(entry({}))).toBe('');
  });

  test.each<[string, LoaderEntry, RegExp]>([
    ['newline in title', entry({ title: 'a\nlinux /evil' }), /"title" contains a line break/],
    ['CR in options', entry({ options: 'quiet\r' }), /"options" contains a line break/],
    ['newline in an initrd', entry({ initrd: ['/a', '/b\n'] }), /"initrd" contains a line break/],
    ['newline in other', entry({ other: [['devicetree', 'x\ny']] }), /"devicetree" contains a line break/],
    ['NUL in linux', entry({ linux: '/vm\u0000linuz' }), /"linux" contains a control character U\+0000/],
    ['empty title', entry({ title: '' }), /"title" is empty/],
    ['empty initrd', entry({ initrd: [''] }), /"initrd" is empty/],
    ['leading space', entry({ version: ' 1' }), /"version" starts or ends with whitespace/],
    ['trailing tab', entry({ options: 'quiet\t' }), /"options" starts or ends with whitespace/],
    ['whitespace-only options', entry({ options: '  ' }), /"options" starts or ends with whitespace/],
    ['wrapped in quotes', entry({ title: '"Proxmox"' }), /"title" starts and ends with a quote/],
    ['options wrapped in quotes', entry({ options: '"a=b c" "d"' }), /"options" starts and ends with a quote/],
    ['bad other key', entry({ other: [['Devicetree', 'x']] }), /key "Devicetree"/],
    ['empty other key', entry({ other: [['', 'x']] }), /key ""/],
    ['modelled key in other', entry({ other: [['initrd', '/x']] }), /"initrd" belongs in its own field/],
  ])('refuses %s', (_name, bad, message) => {
    expect(renderError(bad).message).toMatch(message);
  });

  test('render then parse of a messy file gives the same entry', () => {
    const messy = 'title "X"\noptions a\noptions  b\n# c\ninitrd /1\nlinux /l\ninitrd /2\nfoo bar baz\ntitle Y\n';
    const parsed = parseLoaderEntry(messy);
    expect(parseLoaderEntry(renderLoaderEntry(parsed))).toStrictEqual(parsed);
  });
});

describe('round trip: parse(render(e)) equals e', () => {
  const VALUE_CHARS = 'abcXYZ019 /._-=:"\t#Ünï✓+*,';
  const KEYS = 'abcdefghijklmnopqrstuvwxyz0123456789-';

  function value(random: SeededRandom): string {
    for (;;) {
      const v = random.string(VALUE_CHARS, 1, 24);
      const usable = !/^[ \t]|[ \t]$/.test(v) && !(v.length >= 2 && v.startsWith('"') && v.endsWith('"'));
      if (usable) return v;
    }
  }

  function otherKey(random: SeededRandom): string {
    for (;;) {
      const key = random.string(KEYS, 1, 12);
      if (!['title', 'version', 'sort-key', 'machine-id', 'linux', 'efi', 'initrd', 'options'].includes(key)) return key;
    }
  }

  function randomEntry(random: SeededRandom): LoaderEntry {
    const e: LoaderEntry = { initrd: [], options: '', other: [] };
    if (random.chance(0.7)) e.title = value(random);
    if (random.chance(0.7)) e.version = value(random);
    if (random.chance(0.3)) e.sortKey = value(random);
    if (random.chance(0.3)) e.machineId = value(random);
    if (random.chance(0.7)) e.linux = value(random);
    if (random.chance(0.2)) e.efi = value(random);
    for (let n = random.int(4); n > 0; n--) e.initrd.push(value(random));
    if (random.chance(0.8)) e.options = value(random);
    for (let n = random.int(3); n > 0; n--) e.other.push([otherKey(random), value(random)]);
    return e;
  }

  test('for 2000 generated entries', () => {
    const random = seededRandom(0x5eed);
    for (let i = 0; i < 2000; i++) {
      const e = randomEntry(random);
      const text = renderLoaderEntry(e);
      expect(text === '' || text.endsWith('\n')).toBe(true);
      expect(parseLoaderEntry(text)).toStrictEqual(e);
    }
  });
});
