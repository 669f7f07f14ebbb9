// What an ESP sync reads from the running system, one line per thing, so that two looks can
// be compared: the booted BE's /boot and /etc/kernel (kernels, initrds, cmdline, p-b-t's ESP
// list and pins), the boot loaders' files, our config, and every ESP's partition write
// counters. The apt hook takes a look after its BE is made; Post-Invoke syncs only when a
// second look differs (dpkg installed a kernel, an initrd was rebuilt, p-b-t wrote an ESP).
import { lstat, readdir } from 'node:fs/promises';
import { discoverEsps } from './esp/discover.js';
import { partitionWrites } from './esp/partition-writes.js';
import { bootId } from './running-boot.js';

/** Directories whose entries (and their own mtime: an entry added, renamed, removed) count. */
const DIRS = ['/boot', '/etc/kernel', '/usr/lib/systemd/boot/efi', '/usr/lib/grub/x86_64-efi'];
const FILES = ['/etc/pve-bootenv.conf', '/etc/default/grub'];

/** The look, or undefined when part of it cannot be told (an ESP kept mounted, no counters): then always sync. */
export async function readBootInputs(): Promise<string[] | undefined> {
  const lines = [`boot ${await bootId()}`];
  for (const dir of DIRS) {
    lines.push(await statLine(dir));
    const names = await readdir(dir).catch(() => []);
    for (const name of names.sort()) lines.push(await statLine(`${dir}/${name}`));
  }
  for (const file of FILES) lines.push(await statLine(file));
  const discovery = await discoverEsps();
  for (const location of discovery.esps) {
    // An ESP the admin keeps mounted can be written at any time without a trace we can read.
    if (location.kind !== 'listed') return undefined;
    const writes = await partitionWrites(location.device);
    if (writes === undefined) return undefined;
    lines.push(`esp ${location.id} ${writes}`);
  }
  return lines;
}

async function statLine(path: string): Promise<string> {
  try {
    const stat = await lstat(path, { bigint: true });
    return `${path} ${stat.mode.toString(8)} ${stat.size} ${stat.mtimeNs} ${stat.ino}`;
  } catch {
    return `${path} absent`;
  }
}
