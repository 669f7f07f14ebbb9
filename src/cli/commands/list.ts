import { defineCommand } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { printable } from '../render/printable.js';
import { renderListScript, renderListTable } from '../render/list-table.js';
import { describeVerification } from '../render/verification.js';

export const listCommand = defineCommand({
  name: 'list',
  summary: 'show the boot environments: N booted now, R default on reboot, T next boot only',
  usage: 'list [--json] [-H]',
  privilege: 'namespace',
  parse: (args) => parseCommandArgs('list', args, { json: { type: 'boolean' }, H: { type: 'boolean', short: 'H' } }).values,
  run: async (values, io) => {
    const { list } = await import('../../engine/list.js');
    const { view, problems } = await list();
    if (values.json) io.out(JSON.stringify(view, null, 2));
    else if (values.H) for (const line of renderListScript(view)) io.out(line);
    else for (const line of [...renderListTable(view), '', describeVerification(view.lastVerification ?? undefined)]) io.out(line);
    for (const problem of problems) io.err(`pve-bootenv: warning: ${printable(problem)}`);
    return EXIT.ok;
  },
});
