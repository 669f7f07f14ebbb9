import { describe, expect, test } from '@jest/globals';
import { destroy } from '../../../src/engine/destroy.js';
import { BeError } from '../../../src/core/errors.js';
import { bootEnvironment, fakeHost, hostState, R, SETTINGS, type FakeWorld } from './fake-host.js';

const B = bootEnvironment('b', { cloneOf: `${R}/pve-1@b` });
const SNAPSHOTS = [{ name: `${R}/pve-1@b`, createtxg: 10, clones: [`${R}/b`] }];

async function refusal(world: FakeWorld, name: string): Promise<{ error: BeError; log: string[] }> {
  const host = fakeHost(world);
  const error = await destroy(name, { origin: false, dryRun: false }, SETTINGS, host).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof BeError)) throw new Error(`expected a BeError, got ${String(error)}`);
  return { error, log: host.log };
}

describe('destroy', () => {
  test('the BE with its own snapshots, then a sync that removes its entries', async () => {
    const host = fakeHost({ state: hostState([B]), snapshots: SNAPSHOTS });
    const report = await destroy('b', { origin: false, dryRun: false }, SETTINGS, host);
    expect(host.log).toEqual(['read state', `zfs destroy -r ${R}/b`, 'sync']);
    expect(report.steps).toEqual([`zfs destroy -r ${R}/b`, 'sync the ESPs (entries, kernels, default)']);
  });

  test('-o: its origin snapshot too, when nothing else uses it', async () => {
    const host = fakeHost({ state: hostState([B]), snapshots: SNAPSHOTS });
    await destroy('b', { origin: true, dryRun: false }, SETTINGS, host);
    expect(host.log).toEqual(['read state', `zfs destroy -r ${R}/b`, `zfs destroy ${R}/pve-1@b`, 'sync']);
  });

  test('--dry-run changes nothing', async () => {
    const host = fakeHost({ state: hostState([B]), snapshots: SNAPSHOTS });
    const report = await destroy('b', { origin: true, dryRun: true }, SETTINGS, host);
    expect(host.log).toEqual(['read state']);
    expect(report.steps).toHaveLength(3);
  });

  test('the running BE is refused (the planner says why)', async () => {
    const { error, log } = await refusal({ state: hostState([B]), snapshots: SNAPSHOTS }, 'pve-1');
    expect(error.message).toBe('pve-1 is the running boot environment; boot another one before destroying it');
    expect(log).toEqual(['read state']);
  });

  test('a mounted BE is refused, saying how to unmount it', async () => {
    const { error } = await refusal({ state: hostState([{ ...B, mounted: true }]), snapshots: SNAPSHOTS }, 'b');
    expect(error.message).toBe("b is mounted; 'pve-bootenv umount b' first");
  });

  test('a failing step stops the destroy before the sync', async () => {
    const host = fakeHost({ state: hostState([B]), snapshots: SNAPSHOTS, failing: () => new Error('dataset is busy') });
    await expect(destroy('b', { origin: false, dryRun: false }, SETTINGS, host)).rejects.toThrow('dataset is busy');
    expect(host.log).not.toContain('sync');
  });
});
