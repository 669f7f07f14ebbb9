import { describe, expect, test } from '@jest/globals';
import { create, type CreateOptions } from '../../../src/engine/create.js';
import { BeError } from '../../../src/core/errors.js';
import { bootEnvironment, fakeHost, hostState, R, SETTINGS, type FakeWorld } from './fake-host.js';

const MANUAL: CreateOptions = { madeBy: 'manual', dryRun: false };
const CLONE = `zfs clone -o canmount=noauto -o mountpoint=/ -o acltype=posix -o xattr=sa -o pve-bootenv:origin=manual ${R}/pve-1@alpha ${R}/alpha`;
/** The host once alpha is made: pve-1 at canmount=noauto, alpha a clone of it. */
const AFTER = hostState([], { bes: [bootEnvironment('pve-1'), bootEnvironment('alpha', { cloneOf: `${R}/pve-1@alpha` })] });

async function refusal(world: FakeWorld, name: string, options: CreateOptions = MANUAL): Promise<{ error: BeError; log: string[] }> {
  const host = fakeHost(world);
  const error = await create(name, options, SETTINGS, undefined, host).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof BeError)) throw new Error(`expected a BeError, got ${String(error)}`);
  return { error, log: host.log };
}

describe('create', () => {
  test('--dry-run: the steps, nothing carried out', async () => {
    const host = fakeHost({ state: hostState() });
    const report = await create('alpha', { ...MANUAL, dryRun: true, description: 'before' }, SETTINGS, undefined, host);
    expect(report.steps).toEqual([
      `zfs set canmount=noauto ${R}/pve-1`,
      `zfs snapshot ${R}/pve-1@alpha`,
      CLONE.replace(' rpool/ROOT/pve-1@', ' -o pve-bootenv:description=before rpool/ROOT/pve-1@'),
      `set root=ZFS=${R}/alpha in its /etc/kernel/cmdline`,
      'sync the ESPs (entries, kernels, default)',
    ]);
    expect(host.log).toEqual(['read state']);
  });

  test('the steps in order, then a full sync', async () => {
    const host = fakeHost({ state: hostState() });
    const report = await create('alpha', MANUAL, SETTINGS, undefined, host);
    expect(host.log).toEqual(['read state', `zfs set canmount=noauto ${R}/pve-1`, `zfs snapshot ${R}/pve-1@alpha`, CLONE, `set root=ZFS=${R}/alpha in its /etc/kernel/cmdline`, 'sync']);
    expect(report.sync?.defaultBe).toBe('pve-1');
  });

  test('entries-only (the apt hook): the fresh clone\'s entries are added to the ESPs, with the new BE in the list', async () => {
    const host = fakeHost({ state: hostState(), laterState: AFTER, entriesAdded: { pastMaxLoaded: false } });
    const report = await create('alpha', { ...MANUAL, espUpdate: 'entries-only' }, SETTINGS, hostState(), host);
    expect(host.log.slice(-2)).toEqual([`set root=ZFS=${R}/alpha in its /etc/kernel/cmdline`, 'add entries of alpha (2 BEs)']);
    expect(report.notes).toEqual(['its entries were added to every ESP; the next sync does the rest']);
    expect(report.syncPending).toBeUndefined();
  });

  test('entries-only past max-loaded: added, and the report says a sync must still take the oldest off', async () => {
    const host = fakeHost({ state: hostState(), laterState: AFTER, entriesAdded: { pastMaxLoaded: true } });
    const report = await create('alpha', { ...MANUAL, espUpdate: 'entries-only' }, SETTINGS, hostState(), host);
    expect(host.log.slice(-1)).toEqual(['add entries of alpha (2 BEs)']);
    expect(report.syncPending).toBe(true);
  });

  test('entries-only where that does not do: a full sync after all', async () => {
    const host = fakeHost({ state: hostState(), laterState: AFTER, entriesAdded: false });
    await create('alpha', { ...MANUAL, espUpdate: 'entries-only' }, SETTINGS, hostState(), host);
    expect(host.log.slice(-2)).toEqual(['add entries of alpha (2 BEs)', 'sync']);
  });

  test('the clone fails: our snapshot goes again, nothing was kept, the cause is kept', async () => {
    const cause = new Error('/usr/sbin/zfs clone …: out of space');
    const { error, log } = await refusal({ state: hostState(), failing: (step) => (step.startsWith('zfs clone') ? cause : undefined) }, 'alpha');
    expect(error.message).toBe(`creating ${R}/alpha failed, nothing was kept: ${cause.message}`);
    expect(error.cause).toBe(cause);
    expect(log.slice(-2)).toEqual([CLONE, `undo: destroy ${R}/pve-1@alpha`]);
  });

  test('the command line fails: the clone and the snapshot go again; no sync', async () => {
    const { error, log } = await refusal({ state: hostState(), failing: (step) => (step.startsWith('set root=') ? new Error('no /etc/kernel') : undefined) }, 'alpha');
    expect(error.message).toBe(`creating ${R}/alpha failed, nothing was kept: no /etc/kernel`);
    expect(log.slice(-2)).toEqual([`undo: destroy ${R}/alpha`, `undo: destroy ${R}/pve-1@alpha`]);
    expect(log).not.toContain('sync');
  });

  test('the snapshot fails: nothing of ours to undo', async () => {
    const { log } = await refusal({ state: hostState(), failing: (step) => (step.startsWith('zfs snapshot') ? new Error('busy') : undefined) }, 'alpha');
    expect(log.filter((line) => line.startsWith('undo'))).toEqual([]);
  });

  test('an undo that fails is told, not hidden behind "nothing was kept"', async () => {
    const { error } = await refusal({ state: hostState(), failing: (step) => (step.startsWith('set root=') ? new Error('no /etc/kernel') : undefined), undoFails: `${R}/alpha` }, 'alpha');
    expect(error.message).toBe(`creating ${R}/alpha failed: no /etc/kernel; undoing it failed too: cannot destroy '${R}/alpha': dataset is busy`);
  });

  test('a named snapshot is cloned as it is and never undone', async () => {
    const snapshots = [{ name: `${R}/pve-1@old`, createtxg: 1, clones: [] }];
    const { log } = await refusal({ state: hostState(), snapshots, failing: (step) => (step.startsWith('set root=') ? new Error('x') : undefined) }, 'alpha', { ...MANUAL, source: 'pve-1@old' });
    expect(log.filter((line) => line.startsWith('undo'))).toEqual([`undo: destroy ${R}/alpha`]);
    expect(log.some((line) => line.startsWith('zfs snapshot'))).toBe(false);
  });

  test.each([
    ['alpha', 'a boot environment "alpha" exists already; choose another name or destroy it first'],
    ['bad name', 'cannot name a boot environment "bad name": the name contains whitespace'],
  ])('%j is refused before anything is done: %s', async (name, message) => {
    const { error, log } = await refusal({ state: hostState([bootEnvironment('alpha')]) }, name);
    expect(error.message).toBe(message);
    expect(log).toEqual(['read state']);
  });

  test('a missing source or snapshot is refused, saying where to look', async () => {
    expect((await refusal({ state: hostState() }, 'beta', { ...MANUAL, source: 'nosuch' })).error.message).toBe(`no boot environment "nosuch" under ${R}; 'pve-bootenv list' shows them`);
    expect((await refusal({ state: hostState() }, 'beta', { ...MANUAL, source: 'pve-1@nosuch' })).error.message).toBe(`no snapshot ${R}/pve-1@nosuch; 'zfs list -t snapshot ${R}/pve-1' shows them`);
  });

  test('--activate: made, then activated on the state read again (which has it); no sync of its own', async () => {
    const host = fakeHost({ state: hostState(), laterState: AFTER });
    const report = await create('alpha', { ...MANUAL, then: 'activate' }, SETTINGS, undefined, host);
    expect(report.steps.at(-1)).toBe('activate alpha');
    expect(report.steps).not.toContain('sync the ESPs (entries, kernels, default)');
    expect(host.log.slice(-7)).toEqual([
      `set root=ZFS=${R}/alpha in its /etc/kernel/cmdline`,
      'read state',
      `prepare sync: default ${R}/alpha, next boot -`,
      `zfs promote ${R}/alpha`,
      `zpool set bootfs=${R}/alpha rpool`,
      'apply sync',
      'close sync',
    ]);
  });

  test('an activation that fails says the BE was made', async () => {
    const { error } = await refusal({ state: hostState(), laterState: AFTER, noKernel: ['alpha'] }, 'alpha', { ...MANUAL, then: 'next-boot' });
    expect(error.message).toBe("created alpha, but did not activate it: alpha has no kernel with an initrd in its /boot; it cannot be booted");
    expect(error.cause).toBeInstanceOf(BeError);
  });
});
