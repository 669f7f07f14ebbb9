// Which processes hold something under a directory: an open file, their working directory
// or their root. A move must not start while anything writes into the old copy.
import { readdir, readFile, readlink } from 'node:fs/promises';

export interface Holder {
  pid: number;
  command: string;
  /** The systemd service it runs in, if any (from its cgroup). */
  unit?: string;
  path: string;
}

const within = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

/** Every process but ourselves that holds something under dir (one entry per process). */
export async function holdersOf(dir: string): Promise<Holder[]> {
  const holders: Holder[] = [];
  const pids = (await readdir('/proc')).filter((name) => /^[0-9]+$/.test(name)).map(Number);
  for (const pid of pids) {
    if (pid === process.pid) continue;
    const held = await heldPath(pid, dir);
    if (held === undefined) continue;
    const [comm, cgroup] = await Promise.all([
      readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?'),
      readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => ''),
    ]);
    const unit = serviceOf(cgroup);
    holders.push({ pid, command: comm.trim(), path: held, ...(unit ? { unit } : {}) });
  }
  return holders;
}

async function heldPath(pid: number, dir: string): Promise<string | undefined> {
  const base = `/proc/${pid}`;
  // A process may end while we look (its /proc entries vanish): then it holds nothing.
  for (const link of ['cwd', 'root']) {
    const target = await readlink(`${base}/${link}`).catch(() => undefined);
    // Everyone's root is / (not under dir); a root inside dir is a chroot there.
    if (target !== undefined && target !== '/' && within(target, dir)) return target;
  }
  const fds = await readdir(`${base}/fd`).catch(() => [] as string[]);
  for (const fd of fds) {
    const target = await readlink(`${base}/fd/${fd}`).catch(() => undefined);
    if (target !== undefined && within(target, dir)) return target;
  }
  return undefined;
}

/** The .service a process runs in, from /proc/<pid>/cgroup (cgroup v2 "0::/system.slice/x.service"). */
export function serviceOf(cgroup: string): string | undefined {
  for (const line of cgroup.split('\n')) {
    const path = line.slice(line.lastIndexOf(':') + 1);
    // A user's own services (user@0.service/…) are a login, not a system service to stop.
    if (path.startsWith('/user.slice/')) return undefined;
    const unit = path.split('/').find((part) => part.endsWith('.service'));
    if (unit) return unit;
  }
  return undefined;
}
