// The zfs and zpool commands we need, each one call.
import { LIST_COLUMNS, parseBootEnvironments, type BootEnvironment } from '../core/be/boot-environment.js';
import { PROGRAMS } from './programs.js';
import { run } from './run.js';

/** Every boot environment under beRoot, with one `zfs list` call however many there are. */
export async function listBootEnvironments(beRoot: string): Promise<BootEnvironment[]> {
  const { stdout } = await run(PROGRAMS.zfs, ['list', '-H', '-p', '-t', 'filesystem', '-d', '1', '-o', LIST_COLUMNS.join(','), beRoot]);
  return parseBootEnvironments(stdout, beRoot);
}

/** The pool's bootfs property, or undefined when unset. */
export async function poolBootfs(pool: string): Promise<string | undefined> {
  const { stdout } = await run(PROGRAMS.zpool, ['get', '-H', '-p', '-o', 'value', 'bootfs', pool]);
  const value = stdout.trim();
  return value === '-' || value === '' ? undefined : value;
}
