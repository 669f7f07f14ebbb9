import { defineCommand, type Command } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';

function holdVerb(name: 'hold' | 'release'): Command<string> {
  const held = name === 'hold';
  return defineCommand({
    name,
    summary: held ? 'keep a boot environment: never pruned, never destroyed' : 'undo hold',
    usage: `${name} <name>`,
    completion: { args: ['be'] },
    privilege: 'namespace',
    parse: (args) => parseCommandArgs(name, args, {}, { min: 1, max: 1 }).positionals[0]!,
    run: async (be, io) => {
      const { setHeld } = await import('../../engine/hold.js');
      const changed = await setHeld(be, held);
      io.out(`${be} ${changed ? (held ? 'is held now' : 'is no longer held') : held ? 'was held already' : 'was not held'}`);
      return EXIT.ok;
    },
  });
}

export const holdCommand = holdVerb('hold');
export const releaseCommand = holdVerb('release');
