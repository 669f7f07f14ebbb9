// Small helpers for cleaning up after test processes that died: who owns what, and is it alive.
import { readFileSync } from 'node:fs';

/** The trimmed content of a file, or '' when it cannot be read. */
export function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
