import { describe, expect, test } from '@jest/globals';
import { splitRunArgs } from '../../../src/cli/commands/run.js';
import { UsageError } from '../../../src/cli/exit-codes.js';

describe('run arguments', () => {
  test('everything after the name is the command, its options included', () => {
    expect(splitRunArgs(['be', 'ls', '-la', '--color'])).toEqual({ force: false, be: 'be', command: ['ls', '-la', '--color'] });
  });

  test('a -- after the name is dropped once; a second one is the command', () => {
    expect(splitRunArgs(['be', '--', 'sh', '-c', 'exit 7'])).toEqual({ force: false, be: 'be', command: ['sh', '-c', 'exit 7'] });
    expect(splitRunArgs(['be', '--', '--', 'x'])).toEqual({ force: false, be: 'be', command: ['--', 'x'] });
  });

  test('--force goes before the name; after it, it belongs to the command', () => {
    expect(splitRunArgs(['--force', 'pve-1', 'true'])).toEqual({ force: true, be: 'pve-1', command: ['true'] });
    expect(splitRunArgs(['be', 'apt-get', '--force'])).toEqual({ force: false, be: 'be', command: ['apt-get', '--force'] });
  });

  test('mistakes are usage errors that say what to do', () => {
    expect(() => splitRunArgs(['-x', 'be', 'true'])).toThrow(new UsageError("run: unknown option '-x' (the command goes after the boot environment's name)"));
    expect(() => splitRunArgs(['--force'])).toThrow(new UsageError('run: missing boot environment name'));
    expect(() => splitRunArgs(['be'])).toThrow(new UsageError('run: missing command (pve-bootenv shell <be> for a shell)'));
    expect(() => splitRunArgs(['be', '--'])).toThrow(UsageError);
  });
});
