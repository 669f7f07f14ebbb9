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
import { PROPS } from '../core/be/boot-environment.js';
import { receivedTreeProblem, receiveStep } from '../core/be/import-plan.js';
import { describeStep } from '../core/be/steps.js';
import { failureOf, messageOf } from '../core/errors.js';
import { setCmdlineRoot } from '../adapters/be-cmdline.js';
import { withLock } from '../adapters/lock.js';
import { createSnapshot, datasetTree, destroyFileSystem, destroySnapshot, setProperties, snapshotNames } from '../adapters/zfs.js';
import { receiveFrom, sendTo, streamFileExists, type StreamEnd } from '../adapters/zfs-stream.js';
import type { ChangeReport } from './change-report.js';
import { findBe, readHostState } from './host-state.js';
import { BeError } from '../core/errors.js';
import { checkNewBeName } from '../core/be/names.js';
import { sync, type EspSettings } from './sync.js';

export async function exportBe(name: string, target: StreamEnd, now = new Date()): Promise<{ snapshot: string }> {
  if (target === '-' && process.stdout.isTTY) throw new BeError('will not write a zfs stream to a terminal: name a file, or redirect the output');
  if (await streamFileExists(target)) throw new BeError(`${target} exists; remove it or name another file`);
  const snapshot = await withLock(async () => {
    const be = findBe(await readHostState(), name);
    const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    const snap = `${be.dataset}@export-${stamp}`;
    await createSnapshot(snap);
    return snap;
  });
  try {
    // -p: with its properties (ours: description, how it was made, held, the packages).
    await sendTo(['send', '-p', snapshot], target);
  } finally {
    await withLock(() => destroySnapshot(snapshot));
  }
  return { snapshot };
}

export async function importBe(name: string, source: StreamEnd, settings: EspSettings): Promise<ChangeReport> {
  if (source === '-' && process.stdin.isTTY) throw new BeError('import reads a zfs stream: name a file, or pipe one in');
  checkNewBeName(name); // a bad name is told before anything of the host is read
  const state = await readHostState();
  checkNewBeName(name, state.bes.map((be) => be.name), 'import under another name or destroy it first');
  const dataset = `${state.beRoot}/${name}`;
  const receive = receiveStep(dataset);
  await receiveFrom(receive.args, source);
  return withLock(async () => {
    let cmdline: Awaited<ReturnType<typeof setCmdlineRoot>>;
    try {
      const problem = receivedTreeProblem(await datasetTree(dataset));
      if (problem) throw new BeError(problem);
      for (const snapshot of await snapshotNames(dataset)) await destroySnapshot(snapshot);
      await setProperties(dataset, { [PROPS.origin]: 'import' });
      cmdline = await setCmdlineRoot(dataset);
    } catch (error) {
      // What was received is not left half made: without root= of its own it would boot
      // another BE's dataset, and a stream we refused is nothing to keep.
      const undoFailure = await failureOf(() => destroyFileSystem(dataset, { withSnapshots: true }));
      if (undoFailure === undefined) throw new BeError(`import of ${name} undone (the received dataset is destroyed): ${messageOf(error)}`, { cause: error });
      throw new BeError(`import of ${name} failed: ${messageOf(error)}; the received ${dataset} could not be destroyed either (${undoFailure}): 'zfs destroy -r ${dataset}' does it`, { cause: error });
    }
    const notes = cmdline === 'absent' ? [`${name} has no /etc/kernel/cmdline of its own`] : [];
    return {
      be: name,
      dryRun: false,
      steps: [describeStep(receive), describeStep({ op: 'set-cmdline-root', dataset })],
      notes,
      sync: await sync({ ...settings, dryRun: false, verify: false }),
    };
  });
}
