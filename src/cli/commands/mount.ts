import type { Command } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { asRootOnHost } from '../privileged.js';
import { mountBe, unmountBe } from '../../engine/mount.js';

export const mountCommand: Command = {
  name: 'mount',
  summary: 'mount a boot environment (writable) and print where',
  usage: 'mount <name> [dir]',
  run: (args, io) =>
    asRootOnHost(async () => {
      const { positionals } = parseCommandArgs('mount', args, {}, { min: 1, max: 2 });
      io.out(await mountBe(positionals[0]!, positionals[1]));
      return EXIT.ok;
    }),
};

export const umountCommand: Command = {
  name: 'umount',
  summary: 'unmount a boot environment mounted with mount',
  usage: 'umount <name>',
  run: (args, io) =>
    asRootOnHost(async () => {
      const { positionals } = parseCommandArgs('umount', args, {}, { min: 1, max: 1 });
      await unmountBe(positionals[0]!);
      return EXIT.ok;
    }),
};
