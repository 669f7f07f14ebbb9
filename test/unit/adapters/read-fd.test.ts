// Issue 16 row 6: the apt hook's package list handed on through a pipe must arrive whole,
// however big and however slowly it is written. The failing case is a non-blocking pipe
// with a writer slower than the reader: read(2) then returns EAGAIN, which a plain read
// loop took for an error. A real node child reads its stdin as the apt hook's re-exec
// does; perl (Debian's essential perl-base) makes the pipe non-blocking before exec'ing it.
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

let dir: string;
let reader: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'read-fd-'));
  const entry = join(dir, 'entry.ts');
  await writeFile(entry, `import { readAllOfFd } from ${JSON.stringify(resolve('src/adapters/read-fd.ts'))};\nreadAllOfFd(0).then((t) => console.log('ok', t.length), (e) => console.log('fail', e.code ?? e.message));\n`);
  reader = join(dir, 'reader.mjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: reader, logLevel: 'silent' });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NONBLOCKING_STDIN = 'use Fcntl; my $f = fcntl(STDIN, F_GETFL, 0); fcntl(STDIN, F_SETFL, $f | O_NONBLOCK) or die "fcntl: $!"; exec @ARGV or die "exec: $!"';

function readThroughPipe(bytes: number, nonBlocking: boolean): Promise<string> {
  const argv = nonBlocking ? ['perl', '-e', NONBLOCKING_STDIN, process.execPath, reader] : [process.execPath, reader];
  return new Promise((done, fail) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', fail);
    child.once('exit', () => done(out.trim()));
    // A slow writer: the reader finds the pipe empty first, then gets the text in pieces.
    const text = 'p'.repeat(bytes);
    setTimeout(() => {
      child.stdin.write(text.slice(0, bytes / 2));
      setTimeout(() => child.stdin.end(text.slice(bytes / 2)), 50);
    }, 150);
  });
}

describe('reading the package list handed on through a pipe', () => {
  test.each([256 * 1024, 2 * 1024 * 1024])('%d bytes through a non-blocking pipe arrive whole', async (bytes) => {
    expect(await readThroughPipe(bytes, true)).toBe(`ok ${bytes}`);
  });

  test('a blocking pipe, as before', async () => {
    expect(await readThroughPipe(300 * 1024, false)).toBe(`ok ${300 * 1024}`);
  });
});
