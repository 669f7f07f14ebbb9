import { describe, expect, test } from '@jest/globals';
import { activate } from '../../../src/engine/activate.js';
import { BeError } from '../../../src/core/errors.js';
import type { RollbackReport } from '../../../src/engine/rollback-diff.js';
import { BOOT_ID, bootEnvironment, entryOf, fakeHost, hostState, R, SETTINGS, trialEntryOf, type FakeWorld } from './fake-host.js';

const B = bootEnvironment('b', { cloneOf: `${R}/pve-1@b` });
const WITH_B = hostState([B]);

async function refusal(world: FakeWorld, name: string, nextBoot = false): Promise<{ error: BeError; log: string[] }> {
  const host = fakeHost(world);
  const error = await activate(name, { nextBoot, dryRun: false }, SETTINGS, host).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof BeError)) throw new Error(`expected a BeError, got ${String(error)}`);
  return { error, log: host.log };
}

describe('activate', () => {
  test('as the default: the ESP plan first, then ZFS, then the ESPs written, and closed', async () => {
    const host = fakeHost({ state: WITH_B });
    const report = await activate('b', { nextBoot: false, dryRun: false }, SETTINGS, host);
    expect(host.log).toEqual([
      'read state',
      `prepare sync: default ${R}/b, next boot -`,
      `zfs promote ${R}/b`,
      `zfs set canmount=noauto ${R}/pve-1`,
      `zpool set bootfs=${R}/b rpool`,
      'apply sync',
      'close sync',
    ]);
    expect(report.steps.at(-1)).toBe('sync the ESPs (entries, kernels, default)');
    expect(report.sync?.esps.map((e) => e.status)).toEqual(['synced']);
  });

  test('--dry-run: planned and closed, nothing changed', async () => {
    const host = fakeHost({ state: WITH_B });
    const report = await activate('b', { nextBoot: false, dryRun: true }, SETTINGS, host);
    expect(host.log).toEqual(['read state', `prepare sync: default ${R}/b, next boot -`, 'close sync']);
    expect(report.steps).toEqual([`zfs promote ${R}/b`, `zfs set canmount=noauto ${R}/pve-1`, `zpool set bootfs=${R}/b rpool`, 'sync the ESPs (entries, kernels, default)']);
  });

  test('a BE with nothing to boot is never made the default', async () => {
    const { error, log } = await refusal({ state: WITH_B, noKernel: ['b'] }, 'b');
    expect(error.message).toBe('b has no kernel with an initrd in its /boot; it cannot be booted');
    expect(log).toEqual(['read state', `prepare sync: default ${R}/b, next boot -`, 'close sync']);
  });

  test('an ESP without room for it: refused, nothing changed', async () => {
    const { error, log } = await refusal({ state: WITH_B, noRoom: { b: 'it does not fit in 12 MiB' } }, 'b');
    expect(error.message).toBe('ESP AAAA-0001 cannot take b: it does not fit in 12 MiB; nothing was changed');
    expect(log.some((line) => line.startsWith('zfs') || line.startsWith('zpool'))).toBe(false);
  });

  test('--next-boot: no promotion, no bootfs; the one-shot choice names its entry', async () => {
    const host = fakeHost({ state: WITH_B });
    const report = await activate('b', { nextBoot: true, dryRun: false }, SETTINGS, host);
    expect(host.log).toEqual(['read state', `prepare sync: default ${R}/pve-1, next boot ${R}/b`, `zfs set canmount=noauto ${R}/pve-1`, 'apply sync', `next boot: ${entryOf('b')}`, 'close sync']);
    expect(report.steps.at(-1)).toMatch(/^boot b once at the next boot/);
  });

  test('--next-boot whose choice cannot be written says what to do instead', async () => {
    const { error } = await refusal({ state: WITH_B, nextBootFails: new Error('efivarfs is read-only') }, 'b', true);
    expect(error.message).toBe("could not set the next-boot-only choice (efivarfs is read-only); use 'pve-bootenv activate b' to make it the default instead");
  });

  test('--trial: recorded pending, the ESPs synced with its trial entry, the one-shot choice names that entry', async () => {
    const host = fakeHost({ state: WITH_B });
    const report = await activate('b', { nextBoot: false, trial: true, dryRun: false }, SETTINGS, host);
    expect(host.log).toEqual([
      'read state',
      `prepare sync: default ${R}/pve-1, next boot ${R}/b, trial ${R}/b`,
      `zfs set canmount=noauto ${R}/pve-1`,
      `zfs set pve-bootenv:trial=pending:${BOOT_ID} ${R}/b`,
      'apply sync',
      `next boot: ${trialEntryOf('b')}`,
      'close sync',
    ]);
    expect(report.steps.at(-1)).toMatch(/^boot b once at the next boot through its trial entry/);
  });

  test('--trial --dry-run changes nothing', async () => {
    const host = fakeHost({ state: WITH_B });
    await activate('b', { nextBoot: false, trial: true, dryRun: true }, SETTINGS, host);
    expect(host.log).toEqual(['read state', `prepare sync: default ${R}/pve-1, next boot ${R}/b, trial ${R}/b`, 'close sync']);
  });

  test('--trial whose one-shot choice cannot be written: its record is taken back, never a silent permanent switch', async () => {
    const host = fakeHost({ state: WITH_B, nextBootFails: new Error('efivarfs is read-only') });
    const error = await activate('b', { nextBoot: false, trial: true, dryRun: false }, SETTINGS, host).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BeError);
    expect((error as Error).message).toBe(
      "could not set the next-boot-only choice (efivarfs is read-only); no trial was started (its entry goes with the next sync); 'pve-bootenv activate b' makes it the default without one",
    );
    expect(host.log.slice(-3)).toEqual([`next boot: ${trialEntryOf('b')}`, `zfs inherit pve-bootenv:trial ${R}/b`, 'close sync']);
    expect(host.log.some((line) => line.startsWith('zpool set bootfs'))).toBe(false);
  });

  test('--next-boot of the default BE is refused before anything is planned', async () => {
    const { error, log } = await refusal({ state: WITH_B }, 'pve-1', true);
    expect(error.message).toBe('pve-1 already boots by default; --next-boot is for trying another boot environment once');
    expect(log).toEqual(['read state']);
  });

  test('a pending next-boot-only choice is cleared once the default changed, and said so', async () => {
    const host = fakeHost({ state: hostState([B], { oneShotEntry: entryOf('b') }) });
    const report = await activate('b', { nextBoot: false, dryRun: false }, SETTINGS, host);
    expect(host.log.slice(-3)).toEqual(['apply sync', "clear the next-boot-only choice (LoaderEntryOneShot, or GRUB's next_entry)", 'close sync']);
    expect(report.notes).toEqual([`the next-boot-only choice (${entryOf('b')}) was cleared`]);
  });

  test('what the rollback brings back of /etc/pve is handed over before anything changes', async () => {
    const rollback: RollbackReport = { status: 'absent', missing: 'var/lib/pve-cluster' };
    const host = fakeHost({ state: WITH_B, rollback: { rollback, notes: ['a leftover snapshot'] } });
    const seen: string[] = [];
    const report = await activate('b', { nextBoot: false, dryRun: false, onRollbackDiff: () => seen.push(`told at step ${host.log.length}`) }, SETTINGS, host);
    expect(host.log.indexOf("compare /etc/pve with b's")).toBeLessThan(host.log.indexOf(`zfs promote ${R}/b`));
    expect(seen).toEqual([`told at step 3`]);
    expect(report).toMatchObject({ rollback, notes: ['a leftover snapshot'] });
  });

  test('an unknown BE is refused with where to look', async () => {
    expect((await refusal({ state: WITH_B }, 'nosuch')).error.message).toBe(`no boot environment "nosuch" under ${R}; 'pve-bootenv list' shows them`);
  });
});
