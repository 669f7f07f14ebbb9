// `pve-bootenv export <be> [file|-]` and `import <name> [file|-]`: a boot environment as
// one zfs send stream (with its properties, ours included), to keep, move to another host,
// or look at elsewhere; and such a stream received as a new BE that boots here.
//
// Decisions:
// - export sends a snapshot made for it (export-<time>) and removes that snapshot again:
//   the BE may be in use, and a snapshot is the only consistent view of it.
// - The stream is not compressed or encrypted by us: pipe it through zstd or ssh. An
//   existing file is never overwritten.
// - import never overwrites: the name must be free (zfs receive without -F refuses too).
//   The new BE is received unmounted, canmount=noauto mountpoint=/, its own snapshots
//   are dropped (it is a BE of its own, no clone), its cmdline's root= names it, and
//   its entries go to every ESP. It is marked made by import, and not activated.
import { existsSync } from 'node:fs';
import { PROPS } from '../core/be/boot-environment.js';
import { beNameProblem } from '../core/be/names.js';
import { setCmdlineRoot } from '../adapters/be-cmdline.js';
import { withLock } from '../adapters/lock.js';
import { PROGRAMS } from '../adapters/programs.js';
import { run } from '../adapters/run.js';
import { receiveFrom, sendTo, type StreamEnd } from '../adapters/zfs-stream.js';
import type { ChangeReport } from './change-report.js';
import { BeError, findBe, readHostState } from './host-state.js';
import { sync, type EspSettings } from './sync.js';

export async function exportBe(name: string, target: StreamEnd, now = new Date()): Promise<{ snapshot: string }> {
  if (target === '-' && process.stdout.isTTY) throw new BeError('will not write a zfs stream to a terminal: name a file, or redirect the output');
  if (target !== '-' && existsSync(target)) throw new BeError(`${target} exists; remove it or name another file`);
  const snapshot = await withLock(async () => {
    const be = findBe(await readHostState(), name);
    const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    const snap = `${be.dataset}@export-${stamp}`;
    await run(PROGRAMS.zfs, ['snapshot', snap]);
    return snap;
  });
  try {
    // -p: with its properties (ours: description, how it was made, held, the packages).
    await sendTo(['send', '-p', snapshot], target);
  } finally {
    await withLock(() => run(PROGRAMS.zfs, ['destroy', snapshot]));
  }
  return { snapshot };
}

export async function importBe(name: string, source: StreamEnd, settings: EspSettings): Promise<ChangeReport> {
  if (source === '-' && process.stdin.isTTY) throw new BeError('import reads a zfs stream: name a file, or pipe one in');
  const problem = beNameProblem(name);
  if (problem) throw new BeError(`cannot name a boot environment "${name}": ${problem}`);
  const state = await readHostState();
  if (state.bes.some((be) => be.name === name)) throw new BeError(`a boot environment "${name}" exists already; import under another name or destroy it first`);
  const dataset = `${state.beRoot}/${name}`;
  await receiveFrom(['receive', '-u', '-o', 'canmount=noauto', '-o', 'mountpoint=/', dataset], source);
  return withLock(async () => {
    let cmdline: Awaited<ReturnType<typeof setCmdlineRoot>>;
    try {
      await refuseWhatIsNotOneBe(dataset);
      const snapshots = await run(PROGRAMS.zfs, ['list', '-H', '-o', 'name', '-t', 'snapshot', dataset]);
      for (const snapshot of snapshots.stdout.split('\n').filter(Boolean)) await run(PROGRAMS.zfs, ['destroy', snapshot]);
      await run(PROGRAMS.zfs, ['set', `${PROPS.origin}=import`, dataset]);
      cmdline = await setCmdlineRoot(dataset);
    } catch (error) {
      // What was received is not left half made: without root= of its own it would boot
      // another BE's dataset, and a stream we refused is nothing to keep.
      await run(PROGRAMS.zfs, ['destroy', '-r', dataset], { allowFailure: true });
      throw new BeError(`import of ${name} undone (the received dataset is destroyed): ${error instanceof Error ? error.message : String(error)}`);
    }
    const notes = cmdline === 'absent' ? [`${name} has no /etc/kernel/cmdline of its own`] : [];
    return {
      be: name,
      dryRun: false,
      steps: [`zfs receive -u -o canmount=noauto -o mountpoint=/ ${dataset}`, `set root=ZFS=${dataset} in its /etc/kernel/cmdline`],
      notes,
      sync: await sync({ ...settings, dryRun: false, verify: false }),
    };
  });
}

/**
 * A stream is a BE only if it gave one file system and nothing under it: a replication
 * stream's children would be mounted at boot wherever their mountpoint says (over /etc,
 * say), and a volume is no root file system.
 */
async function refuseWhatIsNotOneBe(dataset: string): Promise<void> {
  const { stdout } = await run(PROGRAMS.zfs, ['list', '-H', '-r', '-o', 'name,type', '-t', 'filesystem,volume', dataset]);
  const rows = stdout.split('\n').filter(Boolean).map((line) => line.split('\t'));
  if (rows.length === 1 && rows[0]![1] === 'filesystem') return;
  const what = rows.length > 1 ? `the stream holds ${rows.length - 1} dataset(s) under it (${rows.slice(1, 3).map((r) => r[0]).join(', ')}${rows.length > 3 ? ', …' : ''})` : `the stream is a ${rows[0]?.[1] ?? 'dataset of an unknown type'}, not a file system`;
  throw new BeError(`${what}; a boot environment is one file system: export it with 'pve-bootenv export' (zfs send -p, not -R)`);
}
