// Reads all of an inherited file descriptor: apt's info fd (Pre-Install-Pkgs), or our stdin
// when our own re-exec hands on what the first process already read. Pipes and sockets are
// read through node's stream handles, which wait for data: a plain read(2) loop
// (fs.createReadStream on the fd) fails with EAGAIN whenever the descriptor is non-blocking
// and the writer is slower than we are — seen with package lists of a few hundred KiB, the
// big dist-upgrades that most need a boot environment.
import { createReadStream, fstatSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';

export async function readAllOfFd(fd: number): Promise<string> {
  const stat = fstatSync(fd);
  const stream: Readable =
    stat.isFIFO() || stat.isSocket()
      ? fd === 0
        ? process.stdin
        : new Socket({ fd, readable: true, writable: false })
      : createReadStream('', { fd, autoClose: false });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
