// systemd units around a layout move: which are active, stop them, start them again, and
// the journal's hold on /var/log (journald writes to /run while it has let go of /var).
import { PROGRAMS } from './programs.js';
import { run } from './run.js';

/** The units of names that are active now (unknown units are simply not active). */
export async function activeUnits(names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  // is-active prints one state per unit, in order, and exits non-zero if any is not active.
  const { stdout } = await run(PROGRAMS.systemctl, ['is-active', ...names], { allowFailure: true });
  const states = stdout.split('\n');
  return names.filter((_, i) => states[i]?.trim() === 'active');
}

export async function stopUnits(names: readonly string[]): Promise<void> {
  if (names.length > 0) await run(PROGRAMS.systemctl, ['stop', ...names]);
}

export async function startUnits(names: readonly string[]): Promise<void> {
  if (names.length > 0) await run(PROGRAMS.systemctl, ['start', ...names]);
}

/** journald stops writing under /var/log (systemd >= 243). */
export async function journalLetGoOfVar(): Promise<void> {
  await run(PROGRAMS.journalctl, ['--relinquish-var']);
}

/** journald writes under /var/log again (and moves what it wrote to /run there). */
export async function journalBackToVar(): Promise<void> {
  await run(PROGRAMS.journalctl, ['--flush']);
}
