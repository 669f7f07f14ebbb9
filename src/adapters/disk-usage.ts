// How much a directory holds, for check's layout facts and layout's space planning.
import { PveBootenvError } from '../core/errors.js';
import { PROGRAMS } from './programs.js';
import { run } from './run.js';

/**
 * The apparent size in bytes of what is under path on its own file system (du -sxb).
 * Apparent, not allocated: ZFS reports a file's blocks only once its transaction group
 * has synced, so a directory just written would read as almost empty. Throws when du
 * fails (CommandFailed) or prints something that is not a size.
 */
export async function apparentBytes(path: string): Promise<number> {
  const { stdout } = await run(PROGRAMS.du, ['-s', '-x', '-b', path]);
  const bytes = Number(stdout.split('\t')[0]);
  if (!Number.isFinite(bytes)) throw new PveBootenvError(`could not measure ${path} (du said ${JSON.stringify(stdout.trim())})`);
  return bytes;
}
