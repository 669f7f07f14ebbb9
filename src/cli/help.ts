import type { Command } from './command.js';
import { EXIT } from './exit-codes.js';

export function renderHelp(commands: readonly Command[]): string {
  // Usage lines are long: each goes on its own line, the summary indented below it.
  const verbs = commands.length ? commands.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]) : ['  (no commands yet)'];
  return [
    'Usage: pve-bootenv [--version] [--help] <command> [options]',
    '',
    'ZFS boot environments for Proxmox VE and Proxmox Backup Server hosts.',
    '',
    'Commands:',
    ...verbs,
    '',
    'Options:',
    '  -h, --help     show this help and exit',
    '  -V, --version  print the version and exit',
    '',
    'Exit status:',
    `  ${EXIT.ok}  success`,
    `  ${EXIT.failure}  the command failed (the message says why and what to do)`,
    `  ${EXIT.usage}  the command line was wrong`,
    `  ${EXIT.unknown}  check only (0 ok, 1 warning, 2 critical): check could not run`,
    '',
    'See pve-bootenv(8) for details.',
  ].join('\n');
}
