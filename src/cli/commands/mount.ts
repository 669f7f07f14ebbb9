import { defineCommand } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { printable } from '../render/printable.js';

export const mountCommand = defineCommand({
  name: 'mount',
  summary: 'mount a boot environment (writable) and print where',
  usage: 'mount <name> [dir]',
  completion: { args: ['be', 'dir'] },
  privilege: 'host',
  parse: (args) => parseCommandArgs('mount', args, {}, { min: 1, max: 2 }).positionals as [string, string?],
  run: async ([name, dir], io) => {
    const { mountBe } = await import('../../engine/mount.js');
    io.out(printable(await mountBe(name, dir)));
    return EXIT.ok;
  },
});

export const umountCommand = defineCommand({
  name: 'umount',
  summary: 'unmount a boot environment mounted with mount',
  usage: 'umount <name>',
  completion: { args: ['be'] },
  privilege: 'host',
  parse: (args) => parseCommandArgs('umount', args, {}, { min: 1, max: 1 }).positionals[0]!,
  run: async (name) => {
    const { unmountBeByName } = await import('../../engine/mount.js');
    await unmountBeByName(name);
    return EXIT.ok;
  },
});
