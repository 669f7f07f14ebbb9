// What the trial's health gate observes on the running host (core/trial/health-gate.ts
// decides): systemd's state once it has finished starting, each pool's health, units'
// states, and the admin's checks in /etc/pve-bootenv/health.d, each run with a deadline.
import { execa } from 'execa';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PROGRAMS } from './programs.js';
import { run } from './run.js';

export const HEALTH_DIR = '/etc/pve-bootenv/health.d';

// run-parts' names (no dots: a packaging leftover such as check.dpkg-old is not a check).
const CHECK_NAME = /^[A-Za-z0-9_-]+$/;

/** systemctl is-system-running --wait: running, degraded…; undefined when it did not answer in time. */
export async function settledSystemState(timeoutMs: number): Promise<string | undefined> {
  const result = await execa(PROGRAMS.systemctl, ['is-system-running', '--wait'], { reject: false, stdin: 'ignore', timeout: Math.max(1, timeoutMs) });
  if (result.timedOut) return undefined;
  return String(result.stdout ?? '').trim() || undefined;
}

export async function poolHealth(): Promise<Array<{ name: string; health: string }>> {
  const { stdout } = await run(PROGRAMS.zpool, ['list', '-H', '-o', 'name,health']);
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [name = '', health = ''] = line.split('\t');
      return { name, health };
    });
}

/** ActiveState and LoadState of each unit (systemctl show, one block per unit, in order). */
export async function unitStates(units: readonly string[]): Promise<Array<{ unit: string; activeState: string; loadState: string }>> {
  if (units.length === 0) return [];
  const { stdout } = await run(PROGRAMS.systemctl, ['show', '--property=LoadState,ActiveState', '--', ...units]);
  const blocks = stdout.trim().split(/\n\s*\n/);
  return units.map((unit, i) => {
    const fields = new Map((blocks[i] ?? '').split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const));
    return { unit, activeState: fields.get('ActiveState') ?? 'unknown', loadState: fields.get('LoadState') ?? 'not-found' };
  });
}

/** The executable regular files of health.d with run-parts names, in name order. */
export async function healthChecks(dir = HEALTH_DIR): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const checks: string[] = [];
  for (const name of names.filter((n) => CHECK_NAME.test(n)).sort()) {
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (info?.isFile() && (info.mode & 0o111) !== 0) checks.push(name);
  }
  return checks;
}

export interface CheckRun {
  name: string;
  exitCode: number | undefined;
  timedOut: boolean;
  /** Its stdout and stderr, interleaved, for the journal. */
  output: string;
}

/**
 * Runs one check (no arguments, no stdin) in a process group of its own, and kills the
 * whole group at the deadline: a script's children (a hung curl) would otherwise keep its
 * output open, and the gate waiting.
 */
export async function runHealthCheck(name: string, timeoutMs: number, dir = HEALTH_DIR): Promise<CheckRun> {
  const child = execa(join(dir, name), [], { reject: false, stdin: 'ignore', all: true, detached: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }, Math.max(1, timeoutMs));
  try {
    const result = await child;
    return { name, exitCode: timedOut ? undefined : result.exitCode, timedOut, output: String(result.all ?? '') };
  } finally {
    clearTimeout(timer);
  }
}

/** Asks systemd to reboot (returns once the job is queued). */
export async function rebootHost(): Promise<void> {
  await run(PROGRAMS.systemctl, ['reboot']);
}
