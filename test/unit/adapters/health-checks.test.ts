// The trial gate's health.d checks, run for real from a temporary directory (issue 20, bad
// input): which files count as checks, and a check that hangs, with a child of its own
// holding its output open, is killed with its whole process group at the deadline and
// counts as timed out.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { healthChecks, runHealthCheck } from '../../../src/adapters/health-checks.js';

let dir: string;

async function script(name: string, body: string, mode = 0o755): Promise<void> {
  await writeFile(join(dir, name), `#!/bin/sh\n${body}\n`);
  await chmod(join(dir, name), mode);
}

/** Whether pid still runs: a zombie (killed, not yet reaped by whoever inherited it) does not. */
async function running(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat !== undefined && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

/** SIGKILL lands asynchronously: gives the kernel a moment (at most 10 s) to finish it. */
async function ended(pid: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (!(await running(pid))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'health-d-'));
  await script('10-ok', 'echo fine');
  await script('20-fails', 'echo the API does not answer >&2; exit 3');
  // A child in the background keeps stdout open after the script itself is killed.
  await script('30-hangs', `sleep 300 & echo $! > ${join(dir, 'child.pid')}; echo started; wait`);
  await script('40-not-executable', 'exit 0', 0o644);
  await script('50-old.dpkg-old', 'exit 0');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('health.d checks', () => {
  test('only executable files with run-parts names count, in name order', async () => {
    expect(await healthChecks(dir)).toEqual(['10-ok', '20-fails', '30-hangs']);
    expect(await healthChecks(join(dir, 'missing'))).toEqual([]);
  });

  test('exit codes and output are what the check gave', async () => {
    expect(await runHealthCheck('10-ok', 30_000, dir)).toEqual({ name: '10-ok', exitCode: 0, timedOut: false, output: 'fine' });
    expect(await runHealthCheck('20-fails', 30_000, dir)).toEqual({ name: '20-fails', exitCode: 3, timedOut: false, output: 'the API does not answer' });
  });

  test('a check that hangs is killed at the deadline with its children, and counts as timed out', async () => {
    const ran = await runHealthCheck('30-hangs', 1_000, dir);
    expect(ran).toMatchObject({ name: '30-hangs', exitCode: undefined, timedOut: true });
    expect(ran.output).toContain('started');
    const child = Number((await readFile(join(dir, 'child.pid'), 'utf8')).trim());
    expect(child).toBeGreaterThan(1);
    expect(await ended(child)).toBe(true);
  });
});
