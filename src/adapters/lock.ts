// Our lock for a part of a run. Most commands hold it for their whole run (taken with the
// private namespace before node starts, see namespace.ts); run, upgrade, export and import
// work for minutes on one BE's files or a stream, and take it only while they change the
// BEs' datasets or the ESPs, so the kernel and apt hooks of the host are not kept waiting.
import { spawn } from 'node:child_process';
import { messageOf } from '../core/errors.js';
import { HostError } from './host.js';
import { inPrivateNamespace, lockTimeoutMessage } from './namespace.js';
import { PROGRAMS } from './programs.js';
import { LOCK_FILE } from './runtime-paths.js';

const WAIT_SECONDS = 300;

/** Runs work holding the lock; throws HostError if another run held it for 300 s. */
export async function withLock<T>(work: () => Promise<T>): Promise<T> {
  // Under the lock already (started through the locked re-exec): taking it again would wait
  // for ourselves.
  if (inPrivateNamespace()) return work();
  // flock holds the lock while its child, cat, runs: cat echoes our newline once it has
  // started, that is once the lock is ours, and ends when we close its input or die, which
  // releases the lock with it.
  const holder = spawn(PROGRAMS.flock, ['-w', String(WAIT_SECONDS), '-E', '75', LOCK_FILE, PROGRAMS.cat], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number>((resolve) => holder.once('close', (code) => resolve(code ?? 1)));
  holder.stdin.write('\n');
  const taken = await Promise.race([
    new Promise<true>((resolve) => holder.stdout.once('data', () => resolve(true))),
    exited,
    new Promise<Error>((resolve) => holder.once('error', resolve)),
  ]);
  if (taken !== true) {
    if (taken === 75) throw new HostError(lockTimeoutMessage(WAIT_SECONDS));
    throw new HostError(`could not take ${LOCK_FILE}: ${typeof taken === 'number' ? `flock exited ${taken}` : messageOf(taken)}`);
  }
  try {
    return await work();
  } finally {
    holder.stdin.end();
    await exited;
  }
}
