// zfs send and zfs receive with their stream in a file or on our stdin/stdout. A stream
// can be gigabytes: it goes from fd to fd, never through node.
import { spawn } from 'node:child_process';
import { open, rename, rm } from 'node:fs/promises';
import { PROGRAMS } from './programs.js';
import { CommandFailed } from './run.js';

/** '-' for our stdout/stdin, else a file path. */
export type StreamEnd = string;

/** zfs send args… into a file (written under a temporary name, fsynced, then renamed) or stdout. */
export async function sendTo(args: readonly string[], target: StreamEnd): Promise<void> {
  if (target === '-') {
    await runWithFds(args, 'ignore', 'inherit');
    return;
  }
  const partial = `${target}.partial-${process.pid}`;
  const file = await open(partial, 'wx', 0o600);
  try {
    await runWithFds(args, 'ignore', file.fd);
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(partial, { force: true });
    throw error;
  }
  await file.close();
  await rename(partial, target);
}

/** zfs receive args… from a file or stdin. */
export async function receiveFrom(args: readonly string[], source: StreamEnd): Promise<void> {
  if (source === '-') {
    await runWithFds(args, 'inherit', 'ignore');
    return;
  }
  const file = await open(source, 'r');
  try {
    await runWithFds(args, file.fd, 'ignore');
  } finally {
    await file.close();
  }
}

function runWithFds(args: readonly string[], stdin: 'ignore' | 'inherit' | number, stdout: 'ignore' | 'inherit' | number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROGRAMS.zfs, args, { stdio: [stdin, stdout, 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve();
      else reject(new CommandFailed([PROGRAMS.zfs, ...args], { stdout: '', stderr, exitCode: code ?? 128 }));
    });
  });
}

