// Mounts made while we work (ESPs, boot environments read-only) must never outlive us, even
// if we are killed: the work runs in a private mount namespace, which the kernel tears down
// with its last process. The same re-exec takes our lock, so runs never overlap.
import { spawn, type ChildProcess } from 'node:child_process';
import { PROGRAMS } from './programs.js';
import { LOCK_FILE } from './runtime-paths.js';

/** Set in a run that has its private namespace and holds the lock for the whole run. */
const MARK = 'PVE_BOOTENV_PRIVATE_NS';
/** Set in a run that has its private namespace and takes the lock in parts (lock.ts). */
const UNLOCKED_MARK = 'PVE_BOOTENV_OWN_NS';
/** What a program started inside a boot environment must not inherit from us. */
export const NAMESPACE_MARKS: readonly string[] = [MARK, UNLOCKED_MARK];

/** What to say when another run held the lock for the whole wait (flock exit status 75). */
export function lockTimeoutMessage(waitSeconds: number): string {
  return `another pve-bootenv has held ${LOCK_FILE} for ${waitSeconds} s; try again later`;
}

export function inPrivateNamespace(): boolean {
  return process.env[MARK] === '1';
}

/** In a private namespace of ours, with or without the lock. */
export function inOwnNamespace(): boolean {
  return inPrivateNamespace() || process.env[UNLOCKED_MARK] === '1';
}

/**
 * Runs this same program again under unshare only: for commands that take the lock in
 * parts. Resolves to its exit code.
 */
export function reexecInUnlockedNamespace(): Promise<number> {
  const argv = ['--mount', '--propagation', 'private', '--', process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  return new Promise((resolve, reject) => {
    const child = spawn(PROGRAMS.unshare, argv, { stdio: 'inherit', env: { ...process.env, [UNLOCKED_MARK]: '1' } });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? 9 : 0)));
  });
}

/**
 * Runs this same program again under flock and unshare, and resolves to its exit code.
 * The caller exits with that code; the child does the work.
 */
export function reexecInPrivateNamespace(waitSeconds = 300, options: { stdin?: string } = {}): Promise<number> {
  const argv = [
    '-w', String(waitSeconds), '-E', '75', LOCK_FILE,
    PROGRAMS.unshare, '--mount', '--propagation', 'private', '--',
    process.execPath, ...process.execArgv, ...process.argv.slice(1),
  ];
  return new Promise((resolve, reject) => {
    // stdin: what the parent already read (apt's info fd) is handed on through a pipe.
    const child: ChildProcess = spawn(PROGRAMS.flock, argv, {
      stdio: [options.stdin === undefined ? 'inherit' : 'pipe', 'inherit', 'inherit'],
      env: { ...process.env, [MARK]: '1' },
    });
    child.once('error', reject);
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
    child.once('exit', (code, signal) => {
      if (code === 75) process.stderr.write(`pve-bootenv: error: ${lockTimeoutMessage(waitSeconds)}\n`);
      resolve(code ?? 128 + (signal ? 9 : 0));
    });
  });
}
