import type { Command } from './command.js';
import { syncCommand } from './commands/sync.js';

/** Every verb the CLI knows, in the order --help lists them. */
export const COMMANDS: readonly Command[] = [syncCommand];
