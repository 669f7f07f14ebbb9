import { describe, expect, test } from '@jest/globals';
import { bashCompletionScript, optionsOfUsage } from '../../../src/cli/bash-completion.js';
import { COMMANDS } from '../../../src/cli/commands.js';
import { messageOf } from '../../../src/core/errors.js';

describe('optionsOfUsage', () => {
  test('long and short options, not placeholders or words with dashes', () => {
    expect(optionsOfUsage('create <name> [-e <be>[@<snap>]] [-d <description>] [--activate | --next-boot] [--dry-run]')).toEqual([
      '-e',
      '-d',
      '--activate',
      '--next-boot',
      '--dry-run',
    ]);
    expect(optionsOfUsage('activate <name> [--json] | activate --clear-next-boot')).toEqual(['--json', '--clear-next-boot']);
    expect(optionsOfUsage('export <name> [<file> | -]')).toEqual([]);
    expect(optionsOfUsage('run [--force] <name> [--] <command> [args…]')).toEqual(['--force']);
  });
});

describe('the completion lists only what the CLI takes', () => {
  // An option in a usage line that parse refuses would be completed into a usage error.
  test.each(COMMANDS.map((c) => [c.name, c] as const))('%s: every option of its usage line is one parse knows', (_, command) => {
    const valued = command.completion?.optionValues ?? {};
    for (const option of optionsOfUsage(command.usage)) {
      const args = option in valued ? [option, 'x'] : [option];
      let message = '';
      try {
        command.parse(args);
      } catch (error) {
        message = messageOf(error);
      }
      expect(message).not.toMatch(/unknown option|requires an argument|does not take an argument/i);
    }
  });

  test('every verb, with its options and what its arguments are', () => {
    const script = bashCompletionScript(COMMANDS);
    for (const command of COMMANDS) expect(script).toContain(`        ${command.name})\n`);
    expect(script).toMatch(/ {8}sync\)\n {12}options='--dry-run --json --verify'\n/);
    expect(script).toMatch(/ {8}destroy\)\n {12}options='-o --origin --dry-run --json'\n {12}valued=''\n {12}kinds='be'\n/);
    expect(script).toMatch(/ {8}create\)[^)]*valued='-e -d'\n {12}kinds='new-name'\n/);
    expect(script).toMatch(/ {8}run\)[^)]*kinds='be command'\n {12}rest='file'\n {12}options_end=1\n/);
    expect(script.trimEnd().split('\n').at(-1)).toBe('complete -F _pve_bootenv pve-bootenv');
  });

  test('a verb or option that is no plain shell word is refused, not quoted into the script', () => {
    const [first] = COMMANDS;
    expect(() => bashCompletionScript([{ ...first!, name: "li'st" }])).toThrow(/not a plain word/);
    expect(() => bashCompletionScript([{ ...first!, completion: { args: [], optionValues: { '-e;reboot': 'be' } } }])).toThrow(/not a plain word/);
  });
});
