// One BE per apt transaction: apt-get calls the Pre-Install-Pkgs hook once, but
// unattended-upgrades (and apt with many packages) runs dpkg several times in one
// process. That process — the first ancestor that is not a shell — is the transaction;
// its pid and start time are remembered in /run (gone at reboot, like the process).
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomically } from './atomic-write.js';
import { APT_TRANSACTION_FILE } from './runtime-paths.js';
import createDebug from 'debug';

/** Processes between apt and us: shells, our shims, the lock and namespace wrappers. */
const WRAPPERS = new Set(['sh', 'dash', 'bash', 'node', 'flock', 'unshare', 'apt-hook', 'run-locked']);
const trace = createDebug('pve-bootenv:apt');

interface ProcStat {
  comm: string;
  ppid: number;
  startTime: string;
}

async function procStat(pid: number): Promise<ProcStat | undefined> {
  // The process has ended (or never was): no ancestor to find there.
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  // comm is in parentheses and may itself contain spaces or ")".
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  return { comm: text.slice(open + 1, close), ppid: Number(fields[1]), startTime: fields[19] ?? '' };
}

/**
 * "pid:starttime" of the process that runs this apt transaction. python-apt (which
 * unattended-upgrades uses) forks a copy of itself for every dpkg run: a chain of
 * processes with the same name counts as its topmost one.
 */
export async function transactionKey(): Promise<string | undefined> {
  let pid = process.ppid;
  for (let depth = 0; depth < 32 && pid > 1; depth++) {
    const stat = await procStat(pid);
    if (!stat) return undefined;
    trace('ancestor %d %s (parent %d)', pid, stat.comm, stat.ppid);
    if (!WRAPPERS.has(stat.comm)) {
      let top = { pid, stat };
      for (let parent = await procStat(top.stat.ppid); parent && parent.comm === stat.comm && top.stat.ppid > 1; parent = await procStat(top.stat.ppid)) {
        top = { pid: top.stat.ppid, stat: parent };
      }
      trace('transaction %d %s', top.pid, top.stat.comm);
      return `${top.pid}:${top.stat.startTime}`;
    }
    pid = stat.ppid;
  }
  return undefined;
}

/** What the hooks keep of one apt transaction between its dpkg runs. */
export interface TransactionMarker {
  key: string;
  /** The BE made for it. */
  be: string;
  /** What a sync reads, as the last hook left it (boot-inputs.ts); absent: unknown. */
  bootInputs?: string[];
  /** The BE's entries were added alone and an ESP is past max-loaded: a full sync is owed. */
  syncPending?: boolean;
}

/** The marker of this transaction, if a hook of it left one. */
export async function readTransaction(key: string): Promise<TransactionMarker | undefined> {
  // No marker (the first hook call of a transaction) is no BE made yet.
  const text = await readFile(APT_TRANSACTION_FILE, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const marker = JSON.parse(text) as Partial<Record<keyof TransactionMarker, unknown>>;
    if (marker.key !== key || typeof marker.be !== 'string') return undefined;
    const inputs = marker.bootInputs;
    return {
      key,
      be: marker.be,
      ...(Array.isArray(inputs) && inputs.every((line) => typeof line === 'string') ? { bootInputs: inputs } : {}),
      ...(marker.syncPending === true ? { syncPending: true } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The BE already made for this transaction, if any. */
export async function beOfTransaction(key: string): Promise<string | undefined> {
  return (await readTransaction(key))?.be;
}

export async function rememberTransaction(marker: TransactionMarker): Promise<void> {
  await mkdir(dirname(APT_TRANSACTION_FILE), { recursive: true });
  await writeFileAtomically(APT_TRANSACTION_FILE, JSON.stringify(marker));
}
