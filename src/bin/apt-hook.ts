// Entry point of the apt hook (bundled to dist/apt-hook.mjs), run by /etc/pve-bootenv/apt-hook.
// For now it only honours the protocol: apt writes the package list to the info fd and
// fails the run if nobody reads it, so the list is read to EOF and dropped.
import { createReadStream } from 'node:fs';

const infoFd = Number.parseInt(process.env['APT_HOOK_INFO_FD'] ?? '', 10);
if (Number.isInteger(infoFd) && infoFd >= 0) {
  for await (const _chunk of createReadStream('', { fd: infoFd })) {
    // drained
  }
}
