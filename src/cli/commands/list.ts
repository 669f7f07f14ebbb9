import type { Command } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { asPrivileged } from '../privileged.js';
import { renderListScript, renderListTable } from '../render/list-table.js';
import { list } from '../../engine/list.js';

export const listCommand: Command = {
  name: 'list',
  summary: 'show the boot environments: N booted now, R default on reboot, T next boot only',
  usage: 'list [--json] [-H]',
  run: (args, io) =>
    asPrivileged(async () => {
      const { values } = parseCommandArgs('list', args, { json: { type: 'boolean' }, H: { type: 'boolean', short: 'H' } });
      const { view, problems } = await list();
      if (values.json) io.out(JSON.stringify(view, null, 2));
      else for (const line of values.H ? renderListScript(view) : renderListTable(view)) io.out(line);
      for (const problem of problems) io.err(`pve-bootenv: warning: ${problem}`);
      return EXIT.ok;
    }),
};
