// One logger for what the admin should read: stderr (which apt and run-parts show) and,
// for warnings and errors, the journal, so a problem in a hook is never lost.
import { execa } from 'execa';
import { PROGRAMS } from './programs.js';

export interface Logger {
  info(message: string): void;
  warn(message: string): Promise<void>;
  error(message: string): Promise<void>;
}

export function stderrLogger(options: { journal: boolean; quiet?: boolean } = { journal: true }): Logger {
  const journal = async (priority: string, message: string) => {
    if (!options.journal) return;
    await execa(PROGRAMS.logger, ['-t', 'pve-bootenv', '-p', `user.${priority}`, '--', message], { reject: false, stdin: 'ignore' });
  };
  return {
    info: (message) => {
      if (!options.quiet) process.stderr.write(`pve-bootenv: ${message}\n`);
    },
    warn: async (message) => {
      process.stderr.write(`pve-bootenv: warning: ${message}\n`);
      await journal('warning', message);
    },
    error: async (message) => {
      process.stderr.write(`pve-bootenv: error: ${message}\n`);
      await journal('err', message);
    },
  };
}
