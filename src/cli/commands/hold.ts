import type { Command } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { asPrivileged } from '../privileged.js';
import { setHeld } from '../../engine/hold.js';

function holdVerb(name: 'hold' | 'release'): Command {
  const held = name === 'hold';
  return {
    name,
    summary: held ? 'keep a boot environment: never pruned, never destroyed' : 'undo hold',
    usage: `${name} <name>`,
    run: (args, io) =>
      asPrivileged(async () => {
        const { positionals } = parseCommandArgs(name, args, {}, { min: 1, max: 1 });
        const be = positionals[0]!;
        const changed = await setHeld(be, held);
        io.out(`${be} ${changed ? (held ? 'is held now' : 'is no longer held') : held ? 'was held already' : 'was not held'}`);
        return EXIT.ok;
      }),
  };
}

export const holdCommand = holdVerb('hold');
export const releaseCommand = holdVerb('release');
