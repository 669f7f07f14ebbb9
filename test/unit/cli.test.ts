import { describe, expect, test } from '@jest/globals';
import type { Command, Io } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/main.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { VERSION } from '../../src/version.js';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
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
    const command: Command = {
      name: 'probe',
      summary: 'test command',
      usage: 'probe <x>',
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
    const command: Command = {
      name: 'boom',
      summary: '',
      usage: 'boom',
      run: async () => {
        throw new Error('pool is full');
      },
    };
    const io = capture();
    expect(await runCli(['boom'], io, [command])).toBe(EXIT.failure);
    expect(io.stderr).toEqual(['pve-bootenv: pool is full']);
  });
});
