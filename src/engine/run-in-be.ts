// `pve-bootenv run <be> -- <command…>` and `shell <be>`: a command inside a boot
// environment (see be-session.ts), which is unmounted again however the command ends.
// The lock is held only while the BE is opened and closed, not while the command runs
// (a shell may stay open for hours): the host's hooks need not wait for it.
import { messageOf } from '../core/errors.js';
import { runInsideBe } from '../adapters/host.js';
import { runInForeground } from '../adapters/foreground-command.js';
import { withLock } from '../adapters/lock.js';
import { stderrLogger } from '../adapters/log.js';
import { closeSession, openSession, type BeSession, type ClosedSession } from './be-session.js';
import { findBe, readHostState } from './host-state.js';
import { BeError } from '../core/errors.js';

export interface RunOutcome {
  /** The command's exit status. */
  status: number;
  /** What the admin should know: mounts left behind, a lazy unmount. */
  notes: string[];
}

export async function runInBe(name: string, argv: readonly string[], options: { force: boolean }): Promise<RunOutcome> {
  const [file, ...args] = argv;
  if (file === undefined) throw new BeError('no command to run');
  const state = await readHostState();
  const be = findBe(state, name);
  if (be.dataset === state.booted) {
    if (!options.force) {
      throw new BeError(`${name} is the booted boot environment: the command would change the running system; add --force to run it there anyway`);
    }
    return { status: await runInForeground(file, args, process.env), notes: [] };
  }
  const session = await withLock(async () => openSession(await readHostState(), name));
  let status: number;
  try {
    status = await runInSession(session, argv);
  } catch (error) {
    // The command could not be started (runInForeground rejects only then): that is the
    // error to show. The session is closed all the same; a failure to close is told beside it.
    await withLock(() => closeSession(session)).catch(async (closing: unknown) => {
      await stderrLogger({ journal: false }).warn(`could not close ${name} after the failed start: ${messageOf(closing)}`);
    });
    throw error;
  }
  const closed = await withLock(() => closeSession(session));
  return { status, notes: closeNotes(name, closed) };
}

/** Runs argv chrooted into an open session, with what a program there should see (host.ts runInsideBe). */
export function runInSession(session: BeSession, argv: readonly string[], extraEnv: Record<string, string> = {}): Promise<number> {
  return runInsideBe(session.dir, session.be.name, argv, extraEnv);
}

export function closeNotes(name: string, closed: ClosedSession): string[] {
  const notes: string[] = [];
  if (closed.leftovers.length > 0) notes.push(`the command left ${closed.leftovers.length} mount(s) in ${name} behind (${closed.leftovers.join(', ')}); unmounted them`);
  if (closed.policyLeft !== undefined) notes.push(`pve-bootenv's policy-rc.d was left in ${name}: ${closed.policyLeft}; remove /usr/sbin/policy-rc.d there by hand (pve-bootenv shell ${name})`);
  if (closed.lazy) notes.push(`something still used ${name}'s files when it ended; its mounts were detached lazily (the kernel frees them when that ends)`);
  return notes;
}
