// Fuzz: the boot file parsers and writers (src/core/bootfiles). Their one error class is
// BootFileError; grub-default refuses by its result, never by throwing.
import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import fc from 'fast-check';
import { lexConfigLines } from '../../../src/core/bootfiles/config-lines.js';
import { describeControlChar } from '../../../src/core/bootfiles/control-chars.js';
import { BootFileError } from '../../../src/core/bootfiles/errors.js';
import { parseEspList } from '../../../src/core/bootfiles/esp-list.js';
import { grubDefaultCmdline } from '../../../src/core/bootfiles/grub-default.js';
import { entryNameOfGrubPath, grubEntryPath, grubMenuDefault, grubQuote, parseGrubMenu, renderGrubMenu } from '../../../src/core/bootfiles/grub-menu.js';
import { GRUBENV_HEADER, GRUBENV_SIZE, parseGrubEnv, renderGrubEnv, withGrubEnvValue } from '../../../src/core/bootfiles/grubenv.js';
import { cmdlineLengthProblem, MAX_CMDLINE_BYTES, parseKernelCmdline, renderKernelCmdline, withRootDataset } from '../../../src/core/bootfiles/kernel-cmdline.js';
import { parseLoaderConf, setLoaderDefault } from '../../../src/core/bootfiles/loader-conf.js';
import { parseLoaderEntry, renderLoaderEntry, type LoaderEntry } from '../../../src/core/bootfiles/loader-entry.js';
import { isBlank, splitLines, trimBlanks } from '../../../src/core/bootfiles/text-lines.js';
import { adversarial, linesOf, longRun, params, robust, shortText } from './arbitraries.js';

const OURS = [BootFileError];

const CONF_TOKENS = ['default', 'timeout', 'editor', 'console-mode', 'title', 'version', 'options', 'linux', 'initrd', 'efi', 'sort-key', ' ', '\t', '"', '#', 'pve-bootenv-a-6.8.12-4-pve.conf', 'proxmox-*', 'root=ZFS=rpool/ROOT/pve-1', 'Default', '3'];
const confText = linesOf(adversarial(CONF_TOKENS));

describe('text lines and the systemd-boot config lexer', () => {
  test('splitLines and lexConfigLines never throw; offsets point into the text', () => {
    fc.assert(
      fc.property(confText, (text) => {
        const lines = robust('splitLines', [], () => splitLines(text));
        assert.ok(Array.isArray(lines));
        for (const line of lines) assert.equal(text.slice(line.start, line.start + line.text.length), line.text);
        const lexed = robust('lexConfigLines', [], () => lexConfigLines(text));
        assert.ok(Array.isArray(lexed));
        for (const l of lexed) {
          if (l.kind === 'setting') assert.ok(l.valueStart <= l.valueEnd && l.valueEnd <= text.length);
        }
      }),
      params(1601),
    );
  });

  test('trimBlanks is the loop it says, on any text; describeControlChar never throws', () => {
    fc.assert(
      fc.property(adversarial([' ', '\t', 'x']), (text) => {
        const trimmed = robust('trimBlanks', [], () => trimBlanks(text)) as string;
        assert.ok(text.includes(trimmed));
        assert.ok(trimmed === '' || (!isBlank(trimmed.charAt(0)) && !isBlank(trimmed.charAt(trimmed.length - 1))));
        robust('describeControlChar', [], () => describeControlChar(text));
      }),
      params(1602),
    );
  });
});

describe('loader.conf and loader entries', () => {
  test('parseLoaderConf and parseLoaderEntry throw only BootFileError', () => {
    fc.assert(
      fc.property(confText, (text) => {
        robust('parseLoaderConf', OURS, () => parseLoaderConf(text));
        robust('parseLoaderEntry', OURS, () => parseLoaderEntry(text));
      }),
      params(1603, 200),
    );
  });

  test('setLoaderDefault: only BootFileError; the result reads back with that default', () => {
    const pattern = fc.oneof(fc.constantFrom('pve-bootenv-a-6.8.12-4-pve.conf', 'proxmox-*'), adversarial(['a', '-', '*', ' ', '"']));
    fc.assert(
      fc.property(confText, pattern, (text, wanted) => {
        const result = robust('setLoaderDefault', OURS, () => setLoaderDefault(text, wanted));
        if (result instanceof Error) return;
        const before = robust('parseLoaderConf', OURS, () => parseLoaderConf(text));
        if (before instanceof Error) return; // someone else's malformed line stays malformed
        assert.equal(parseLoaderConf(result).default, wanted);
      }),
      params(1604, 200),
    );
  });

  test('renderLoaderEntry: only BootFileError; what it renders parses back the same', () => {
    const value = adversarial(['a', ' ', '"', '/EFI/pve-bootenv/vmlinuz-6.8.12-4-pve-x', 'root=ZFS=rpool/ROOT/a', '\n']);
    const entry: fc.Arbitrary<LoaderEntry> = fc.record({
      title: value,
      version: value,
      linux: value,
      initrd: fc.array(value, { maxLength: 3 }),
      options: value,
      other: fc.array(fc.tuple(fc.constantFrom('devicetree', 'architecture', 'Bad', 'linux', 'x y'), value), { maxLength: 2 }),
    });
    fc.assert(
      fc.property(entry, (e) => {
        const text = robust('renderLoaderEntry', OURS, () => renderLoaderEntry(e));
        if (text instanceof Error) return;
        // A plain object: fc.record may make one with a null prototype, which deepEqual tells apart.
        assert.deepEqual(parseLoaderEntry(text), { ...e });
      }),
      params(1605, 200),
    );
  });
});

describe('the kernel command line', () => {
  const CMDLINE_TOKENS = ['root=ZFS=rpool/ROOT/pve-1', 'boot=zfs', 'quiet', '"', 'dyndbg="file a.c +p"', ' ', '\t', 'root=', '"root=x"', '='];

  test('parseKernelCmdline, withRootDataset, renderKernelCmdline: only BootFileError; a rendered line parses back', () => {
    const dataset = fc.oneof(fc.constantFrom('rpool/ROOT/pve-1', 'rpool/ROOT/a b', ''), shortText(['rpool/', 'a', '"', ' ']));
    fc.assert(
      fc.property(linesOf(adversarial(CMDLINE_TOKENS), 3), dataset, (text, ds) => {
        const tokens = robust('parseKernelCmdline', OURS, () => parseKernelCmdline(text));
        robust('cmdlineLengthProblem', [], () => cmdlineLengthProblem(text));
        if (tokens instanceof Error) return;
        const rooted = robust('withRootDataset', OURS, () => withRootDataset(tokens, ds));
        if (rooted instanceof Error) return;
        const line = robust('renderKernelCmdline', OURS, () => renderKernelCmdline(rooted));
        if (line instanceof Error) return;
        assert.deepEqual(parseKernelCmdline(line), rooted);
        assert.equal(cmdlineLengthProblem(line) === undefined, Buffer.byteLength(line.trimEnd()) <= MAX_CMDLINE_BYTES);
      }),
      params(1606, 200),
    );
  });
});

describe('/etc/default/grub', () => {
  const GRUB_TOKENS = [
    'GRUB_CMDLINE_LINUX=', 'GRUB_CMDLINE_LINUX_DEFAULT=', 'export ', 'X=', '"', "'", '$GRUB_CMDLINE_LINUX', '${GRUB_CMDLINE_LINUX}', '$X', '${X}',
    '$(', '`', '\\"', '\\', ' ', '#', ';', 'quiet', 'root=ZFS=rpool/ROOT/pve-1', 'boot=zfs',
  ];
  const doubling = fc.constantFrom(
    'GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX$GRUB_CMDLINE_LINUX"',
    'X="$X$X$X"',
    "GRUB_CMDLINE_LINUX_DEFAULT=$GRUB_CMDLINE_LINUX_DEFAULT$GRUB_CMDLINE_LINUX'x'",
    'GRUB_CMDLINE_LINUX="${X}${X} $GRUB_CMDLINE_LINUX"',
  );
  const file = linesOf(fc.oneof({ arbitrary: adversarial(GRUB_TOKENS), weight: 4 }, { arbitrary: doubling, weight: 1 }));

  test('never throws, stays fast, and never gives a command line over the kernel limit', () => {
    fc.assert(
      fc.property(fc.array(file, { maxLength: 3 }), (files) => {
        const result = robust('grubDefaultCmdline', [], () => grubDefaultCmdline(files));
        assert.ok(!(result instanceof Error));
        if (result.kind === 'cmdline') assert.ok(Buffer.byteLength(result.cmdline) <= MAX_CMDLINE_BYTES);
        if (result.kind === 'refused') assert.ok(result.why.length > 0 && result.why.length < 600);
      }),
      params(1607, 200),
    );
  });
});

describe('GRUB: our menu and the environment block', () => {
  const MENU_TOKENS = ['menuentry ', 'submenu ', '--id ', 'pve-bootenv', '{', '}', 'linux ', 'initrd ', 'set default=', 'pve-bootenv>', "'", '\\', '# version ', 'if ', 'fi', '  ', 'search ', 'insmod '];

  test('parseGrubMenu: only BootFileError; grubMenuDefault never throws', () => {
    fc.assert(
      fc.property(linesOf(adversarial(MENU_TOKENS)), (text) => {
        robust('parseGrubMenu', OURS, () => parseGrubMenu(text));
        robust('grubMenuDefault', [], () => grubMenuDefault(text));
      }),
      params(1608, 200),
    );
  });

  test('renderGrubMenu: only BootFileError; what it renders parses back', () => {
    const value = adversarial(['a', ' ', "'", '/EFI/pve-bootenv/x', 'root=ZFS=a', '\\', '"']);
    const name = fc.oneof(fc.constantFrom('pve-bootenv-a-6.8.12-4-pve.conf'), shortText(['pve-bootenv-', 'a', "'", ' ', '>', '.conf'], 5));
    const entry = fc.record({ title: value, version: fc.constantFrom('6.8.12-4-pve', '6.1.0-1-amd64'), linux: value, initrd: fc.array(value, { maxLength: 2 }), options: value, other: fc.constant<Array<[string, string]>>([]) });
    fc.assert(
      fc.property(fc.array(fc.record({ name, entry }), { maxLength: 3 }), fc.option(name, { nil: undefined }), (entries, defaultEntry) => {
        const text = robust('renderGrubMenu', OURS, () => renderGrubMenu({ defaultEntry, entries }, '1A2B-3C4D'));
        if (text instanceof Error) return;
        robust('parseGrubMenu', OURS, () => parseGrubMenu(text));
        for (const { name: n } of entries) robust('entryNameOfGrubPath', [], () => entryNameOfGrubPath(grubEntryPath(n)));
        robust('grubQuote', OURS, () => entries.map((e) => grubQuote(e.entry.title)));
      }),
      params(1609, 150),
    );
  });

  test('grubenv: parse, edit and render throw only BootFileError, and render keeps the size', () => {
    const body = linesOf(adversarial(['next_entry=', 'saved_entry=', '=', '#', 'pve-bootenv>a', '\\']));
    const text = fc.oneof(body.map((b) => GRUBENV_HEADER + b), body);
    fc.assert(
      fc.property(text, fc.option(adversarial(['pve-bootenv>a', '\\', '\n']), { nil: undefined }), (t, value) => {
        const vars = robust('parseGrubEnv', OURS, () => parseGrubEnv(t));
        if (vars instanceof Error) return;
        const edited = robust('withGrubEnvValue', OURS, () => withGrubEnvValue(vars, 'next_entry', value));
        if (edited instanceof Error) return;
        const out = robust('renderGrubEnv', OURS, () => renderGrubEnv(edited));
        if (!(out instanceof Error)) assert.equal(Buffer.byteLength(out), GRUBENV_SIZE);
      }),
      params(1610, 150),
    );
  });
});

describe('/etc/kernel/proxmox-boot-uuids', () => {
  test('parseEspList never throws; every ESP it keeps is a vfat UUID', () => {
    const line = fc.oneof(adversarial(['1A2B-3C4D', 'abcd-ef01', ' grub', ' ', '\t', 'grub', '#']), longRun(['1A2B-3C4D ']));
    fc.assert(
      fc.property(linesOf(line), (text) => {
        const list = robust('parseEspList', [], () => parseEspList(text));
        assert.ok(!(list instanceof Error));
        for (const esp of list.esps) assert.match(esp.uuid, /^[0-9A-F]{4}-[0-9A-F]{4}$/);
      }),
      params(1611),
    );
  });
});
