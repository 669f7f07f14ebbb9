// Runs a program in the foreground, on our terminal, and waits for it: the command an
// admin gives `pve-bootenv run`, an interactive shell, apt inside a boot environment.
// We must outlive it to clean up after it, so while it runs:
// - Ctrl-C and Ctrl-\ reach it from the terminal (it is in our process group); we ignore
//   them ourselves instead of dying.
// - SIGTERM and SIGHUP sent to us are handed on to it, and we go on to clean up once it
//   has ended.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const IGNORED = ['SIGINT', 'SIGQUIT'] as const;
const FORWARDED = ['SIGTERM', 'SIGHUP'] as const;

/** Resolves to the program's exit status (128 + the signal's number when a signal ended it). */
export function runInForeground(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: 'inherit', env });
    const ignore = () => undefined;
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of IGNORED) process.on(signal, ignore);
    for (const signal of FORWARDED) process.on(signal, forward);
    const restore = () => {
      for (const signal of IGNORED) process.off(signal, ignore);
      for (const signal of FORWARDED) process.off(signal, forward);
    };
    child.once('error', (error) => {
      restore();
      reject(error);
    });
    child.once('exit', (code, signal) => {
      restore();
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
