// zfs send and zfs receive with their stream in a file or on our stdin/stdout. A stream
// can be gigabytes: it goes from fd to fd, never through node.
import { spawn } from 'node:child_process';
import { open, stat } from 'node:fs/promises';
import { replaceAtomically } from './atomic-write.js';
import { PROGRAMS } from './programs.js';
import { CommandFailed } from './run.js';

/** '-' for our stdout/stdin, else a file path. */
export type StreamEnd = string;

/** Whether a file is at target already ('-' is none): a stream is never written over one. */
export async function streamFileExists(target: StreamEnd): Promise<boolean> {
  // Any error means no file to overwrite; the exclusive create of the partial file and
  // the rename onto target are what really fail if the path is unusable.
  return target !== '-' && (await stat(target).then(() => true, () => false));
}

/**
 * zfs send args… into a file or stdout. The file is written as every file of ours is
 * (atomic-write.ts: a temporary name created exclusively, fsynced, renamed, the directory
 * fsynced): a send that fails or is killed leaves no stream that looks complete.
 */
export async function sendTo(args: readonly string[], target: StreamEnd): Promise<void> {
  if (target === '-') {
    await runWithFds(args, 'ignore', 'inherit');
    return;
  }
  await replaceAtomically(
    target,
    `${target}.partial-${process.pid}`,
    async (file) => {
      await runWithFds(args, 'ignore', file.fd);
      return (await file.stat()).size;
    },
    0o600,
  );
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

