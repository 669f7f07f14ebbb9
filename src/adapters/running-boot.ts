// What the running boot is: its id (new at every boot) and the kernel command line it
// was started with.
import { readFile } from 'node:fs/promises';
import { parseKernelCmdline } from '../core/bootfiles/kernel-cmdline.js';

export async function bootId(): Promise<string> {
  return (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
}

/** The running kernel's parameters; none if /proc/cmdline cannot be read or parsed. */
export async function runningCmdline(): Promise<string[]> {
  try {
    return parseKernelCmdline(await readFile('/proc/cmdline', 'utf8'));
  } catch {
    return [];
  }
}
