import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import type { Command, Io } from '../../src/cli/command.js';
import { COMMANDS } from '../../src/cli/commands.js';
import { runCli } from '../../src/cli/main.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { VERSION } from '../../src/version.js';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

/** A command that fails with message when it runs. */
function failingCommand(message: string): Command {
  return {
    name: 'boom',
    summary: '',
    usage: 'boom',
    privilege: 'none',
    parse: () => undefined,
    run: async () => {
      throw new Error(message);
    },
  };
}

describe('pve-bootenv CLI dispatcher', () => {
  test('--version and -V print the version on stdout', async () => {
    for (const flag of ['--version', '-V']) {
      const io = capture();
      expect(await runCli([flag], io)).toBe(EXIT.ok);
      expect(io.stdout).toEqual([`pve-bootenv ${VERSION}`]);
      expect(io.stderr).toEqual([]);
    }
  });

  test('--help documents the usage and every exit code', async () => {
    const io = capture();
    expect(await runCli(['--help'], io)).toBe(EXIT.ok);
    const help = io.stdout.join('\n');
    expect(help).toMatch(/^Usage: pve-bootenv/);
    for (const code of Object.values(EXIT)) expect(help).toMatch(new RegExp(`^  ${code}  `, 'm'));
  });

  test('no arguments: help on stderr, usage exit code', async () => {
    const io = capture();
    expect(await runCli([], io)).toBe(EXIT.usage);
    expect(io.stdout).toEqual([]);
    expect(io.stderr.join('\n')).toMatch(/^Usage:/);
  });

  test.each([['frobnicate'], ['--frobnicate']])('%s: one line naming it, usage exit code', async (arg) => {
    const io = capture();
    expect(await runCli([arg], io)).toBe(EXIT.usage);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toContain(`'${arg}'`);
    expect(io.stderr[0]).toContain('pve-bootenv --help');
  });

  test('dispatches to a command with its arguments and returns its exit code', async () => {
    const seen: string[][] = [];
    const command: Command<string[]> = {
      name: 'probe',
      summary: 'test command',
      usage: 'probe <x>',
      privilege: 'none',
      parse: (args) => args,
      run: async (args) => {
        seen.push(args);
        return EXIT.failure;
      },
    };
    const io = capture();
    expect(await runCli(['probe', 'a', '--b'], io, [command])).toBe(EXIT.failure);
    expect(seen).toEqual([['a', '--b']]);
    const help = capture();
    await runCli(['--help'], help, [command]);
    expect(help.stdout.join('\n')).toContain('  probe <x>\n      test command');
  });

  test('an unexpected error in a command is one line on stderr and exit 1', async () => {
    const command = failingCommand('pool is full');
    const io = capture();
    expect(await runCli(['boom'], io, [command])).toBe(EXIT.failure);
    expect(io.stderr).toEqual(['pve-bootenv: pool is full']);
  });
});

const NEEDS_ROOT = 'pve-bootenv: this needs root: run it as root (sudo pve-bootenv …)';

/** A command line each command accepts (nothing runs: the tests are not root). */
const GOOD_ARGS: Record<string, string[]> = {
  list: [],
  create: ['new', '-d', 'a description'],
  activate: ['pve-1', '--next-boot'],
  destroy: ['old'],
  rename: ['old', 'new'],
  mount: ['pve-1'],
  umount: ['pve-1'],
  hold: ['pve-1'],
  release: ['pve-1'],
  prune: ['--dry-run'],
  sync: [],
  check: ['--json'],
  layout: ['--recommended'],
  run: ['pve-1', 'true'],
  shell: ['pve-1'],
  upgrade: ['new'],
  export: ['pve-1', '/tmp/pve-1.zfs'],
  import: ['new', '/tmp/pve-1.zfs'],
  'trial-gate': [],
};

/** The tests run as root here: requireRoot (adapters/host.ts) asks process.getuid. */
function asNonRoot(): void {
  let getuid: { mockRestore(): void } | undefined;
  beforeEach(() => {
    getuid = jest.spyOn(process as { getuid(): number }, 'getuid').mockReturnValue(1000);
  });
  afterEach(() => getuid?.mockRestore());
}

describe("check's exit codes stay its findings", () => {
  // For monitoring: 1 and 2 are a warning and a critical finding, so check not running at
  // all is 3 (UNKNOWN), never one of those.
  const findingCheck = (code: number): Command => ({ ...COMMANDS.find((c) => c.name === 'check')!, privilege: 'none', run: async () => code });

  test.each([[0], [1], [2]])('a report with exit code %i exits with it', async (code) => {
    expect(await runCli(['check'], capture(), [findingCheck(code)])).toBe(code);
  });

  test('a wrong option: one line, exit 3', async () => {
    const io = capture();
    expect(await runCli(['check', '--frobnicate'], io)).toBe(EXIT.unknown);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toContain("'--frobnicate'");
  });

  test('a failure of check itself: one line, exit 3', async () => {
    const io = capture();
    const failing: Command = { ...findingCheck(0), run: async () => Promise.reject(new Error('cannot read /etc/pve-bootenv.conf')) };
    expect(await runCli(['check'], io, [failing])).toBe(EXIT.unknown);
    expect(io.stderr).toEqual(['pve-bootenv: cannot read /etc/pve-bootenv.conf']);
  });

  test('other commands keep 1 for a failure and 2 for a wrong command line', async () => {
    expect(await runCli(['boom'], capture(), [failingCommand('no')])).toBe(EXIT.failure);
    expect(await runCli(['list', '--frobnicate'], capture())).toBe(EXIT.usage);
  });
});

describe('the command line is checked before root is', () => {
  asNonRoot();

  test('every command has a good command line here', () => {
    expect(Object.keys(GOOD_ARGS).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });

  test.each(COMMANDS.map((c) => [c.name]))('%s --frobnicate as non-root: a usage error naming the option', async (name) => {
    const io = capture();
    // Before the good arguments: after run's BE name, it would be the command's own option.
    expect(await runCli([name, '--frobnicate', ...GOOD_ARGS[name]!], io)).toBe(name === 'check' ? EXIT.unknown : EXIT.usage);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toContain("'--frobnicate'");
    expect(io.stderr[0]).not.toContain('needs root');
  });

  test.each(COMMANDS.map((c) => [c.name]))('%s with a good command line as non-root: this needs root', async (name) => {
    const io = capture();
    expect(await runCli([name, ...GOOD_ARGS[name]!], io)).toBe(name === 'check' ? EXIT.unknown : EXIT.failure);
    expect(io.stderr).toEqual([NEEDS_ROOT]);
    expect(io.stdout).toEqual([]);
  });
});

describe('names from the command line in messages', () => {
  asNonRoot();
  const BAD = [
    ['a line break', 'two\nlines', '"two\\nlines"'],
    ['an escape sequence', '\u001b[31mred', '"\\u001b[31mred"'],
  ] as const;
  // eslint-disable-next-line no-control-regex
  const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

  test.each(BAD)('create with %s in the name: one line, the name escaped', async (_, name, shown) => {
    const io = capture();
    expect(await runCli(['create', name], io)).toBe(EXIT.failure);
    expect(io.stderr).toEqual([`pve-bootenv: cannot name a boot environment ${shown}: the name contains control characters`]);
  });

  test.each(BAD)('rename to a name with %s: one line, the name escaped', async (_, name, shown) => {
    const io = capture();
    expect(await runCli(['rename', 'pve-1', name], io)).toBe(EXIT.failure);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toContain(`cannot name a boot environment ${shown}`);
    expect(io.stderr[0]).not.toMatch(CONTROL);
  });

  test.each(BAD)('import and upgrade as a name with %s: one line, the name escaped', async (_, name, shown) => {
    for (const argv of [['import', name, '/tmp/x.zfs'], ['upgrade', name]]) {
      const io = capture();
      expect(await runCli(argv, io)).toBe(EXIT.failure);
      expect(io.stderr).toEqual([expect.stringContaining(`cannot name a boot environment ${shown}`)]);
    }
  });

  test.each(BAD)('create -e, shell and layout with %s: a usage error, one line, escaped', async (_, name, shown) => {
    for (const argv of [['create', 'new', '-e', name], ['shell', name], ['layout', name]]) {
      const io = capture();
      expect(await runCli(argv, io)).toBe(EXIT.usage);
      expect(io.stderr).toEqual([expect.stringContaining(`${shown} contains control characters`)]);
    }
  });

  test('an unknown option or command with an escape sequence: one line, no ESC', async () => {
    for (const argv of [['\u001b[2Jx'], ['list', '--\u001b[2J'], ['destroy', 'a', '\u001b[2J\nb']]) {
      const io = capture();
      expect(await runCli(argv, io)).toBe(EXIT.usage);
      expect(io.stderr).toHaveLength(1);
      expect(io.stderr[0]).not.toMatch(CONTROL);
    }
  });

  test('a refusal whose message holds control characters is printed on one line', async () => {
    const command = failingCommand('no boot environment x\u001b[31m\ny');
    const io = capture();
    expect(await runCli(['boom'], io, [command])).toBe(EXIT.failure);
    expect(io.stderr).toEqual(['pve-bootenv: no boot environment x\\u001b[31m\\u000ay']);
  });
});
