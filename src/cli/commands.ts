import type { Command } from './command.js';
import { activateCommand } from './commands/activate.js';
import { checkCommand } from './commands/check.js';
import { createCommand } from './commands/create.js';
import { destroyCommand } from './commands/destroy.js';
import { holdCommand, releaseCommand } from './commands/hold.js';
import { layoutCommand } from './commands/layout.js';
import { listCommand } from './commands/list.js';
import { mountCommand, umountCommand } from './commands/mount.js';
import { pruneCommand } from './commands/prune.js';
import { renameCommand } from './commands/rename.js';
import { syncCommand } from './commands/sync.js';
import { runCommand, shellCommand } from './commands/run.js';
import { upgradeCommand } from './commands/upgrade.js';
import { exportCommand, importCommand } from './commands/export.js';
import { trialGateCommand } from './commands/trial-gate.js';

/** Every verb the CLI knows, in the order --help lists them. */
export const COMMANDS: readonly Command[] = [
  listCommand,
  createCommand,
  activateCommand,
  destroyCommand,
  renameCommand,
  mountCommand,
  umountCommand,
  holdCommand,
  releaseCommand,
  pruneCommand,
  syncCommand,
  checkCommand,
  layoutCommand,
  runCommand,
  shellCommand,
  upgradeCommand,
  exportCommand,
  importCommand,
  trialGateCommand,
];
