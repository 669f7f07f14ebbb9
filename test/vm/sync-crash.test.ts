// Crash safety of `pve-bootenv sync`: killed with SIGKILL at random moments while it
// rewrites the default boot environment's entry and files, and the power cut mid-sync:
// every ESP's default entry must still point at hash-correct files, the default must boot,
// and the next sync must finish the job.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootFacts } from './harness/guest.js';
import { espFingerprint, onEachEsp } from './harness/esp.js';
import { baseImage } from './harness/image.js';
import { projectRoot } from './harness/project-root.js';
import { cloneBootEnvironments, startWithPveBootenv } from './fixtures/guest-setup.js';
import type { TestVm } from './harness/vm.js';

const MINUTES = 60_000;
// Issue 3 asks for at least 50 kills, spread over one sync so that every phase is hit.
const KILLS = 50;
const kernel = baseImage().kernel;
/** Defines check_default_entries in a guest script (sent with each script: the BE booted changes). */
const invariant = readFileSync(join(projectRoot(), 'test/vm/fixtures/esp-invariant.sh'), 'utf8');
const checkDefaultEntries = `${invariant}\ncheck_default_entries`;

/**
 * Gives pve-2's initrd new content (zero padding, which the kernel skips between initramfs
 * archives), so the next sync must write a new file and move the default entry to it.
 * pve-2 is mounted at /run/be-pve-2, or at / once it is the booted one.
 */
const touchInitrd = `be2=$(findmnt -n -o TARGET -S rpool/ROOT/pve-2 | head -n1 || true)
  if [ -z "$be2" ]; then mkdir -p /run/be-pve-2; mount -t zfs -o zfsutil rpool/ROOT/pve-2 /run/be-pve-2; be2=/run/be-pve-2; fi
  truncate -s +4096 "$be2/boot/initrd.img-${kernel}"`;

describe('sync crash safety', () => {
  let vm: TestVm;

  beforeAll(async () => {
    vm = await startWithPveBootenv();
    await cloneBootEnvironments(vm, ['pve-2']);
    await vm.mustSh(`
      zpool set bootfs=rpool/ROOT/pve-2 rpool
      pve-bootenv sync`);
  }, 10 * MINUTES);
  afterAll(async () => vm?.dispose(), MINUTES);

  test(`SIGKILL at ${KILLS} random moments: the default entry always boots hash-correct files`, async () => {
    // How long one sync of this kind takes here, to spread the kills over all of it.
    const started = Date.now();
    await vm.mustSh(`${touchInitrd}; pve-bootenv sync >/dev/null`);
    const syncMs = Date.now() - started;
    const out = await vm.mustSh(
      `${invariant}
       violations=0
       for i in $(seq 1 ${KILLS}); do
         ${touchInitrd}
         setsid pve-bootenv sync >/dev/null 2>&1 &
         pid=$!
         sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.3f", r / 32767 * ${syncMs / 1000} }')"
         kill -KILL -- -$pid 2>/dev/null || true
         wait $pid 2>/dev/null || true
         bad=$(check_default_entries)
         if [ -n "$bad" ]; then echo "after kill $i: $bad"; violations=$((violations + 1)); fi
       done
       echo "violations=$violations"`,
      { timeoutMs: 40 * MINUTES },
    );
    expect(out.split('\n').pop()).toBe('violations=0');
    // The next sync finishes the job; the one after it has nothing left to do.
    await vm.mustSh('pve-bootenv sync >/dev/null');
    expect(await vm.mustSh(checkDefaultEntries)).toBe('');
    const again = JSON.parse(await vm.mustSh('pve-bootenv sync --json')) as { bytesWritten: number };
    expect(again.bytesWritten).toBe(0);
    // No leftover of ours is mounted or running.
    expect(await vm.mustSh('findmnt -rn -o TARGET | grep -c "^/run/pve-bootenv" || true')).toBe('0');
  }, 45 * MINUTES);

  test('power cut mid-sync, three times: the default still boots and the next sync repairs', async () => {
    for (let cut = 1; cut <= 3; cut++) {
      await vm.mustSh(`${touchInitrd}; sync`);
      // Started, not awaited: the plug is pulled while it writes.
      void vm.exec(['/usr/bin/setsid', '/usr/sbin/pve-bootenv', 'sync']).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1_000 + Math.random() * 4_000));
      await vm.cutPower();
      await vm.boot();
      const facts = await bootFacts(vm);
      expect([facts.root, facts.entry]).toEqual(['rpool/ROOT/pve-2', `pve-bootenv-pve-2-${kernel}.conf`]);
      expect(await vm.mustSh(checkDefaultEntries)).toBe('');
      await vm.mustSh('pve-bootenv sync >/dev/null');
      const again = JSON.parse(await vm.mustSh('pve-bootenv sync --json')) as { bytesWritten: number };
      expect(again.bytesWritten).toBe(0);
    }
  }, 30 * MINUTES);

  test('an ESP too small for the new default: a clear error, nothing lost, the old default intact', async () => {
    // A new default boot environment with an initrd of its own (~40 MiB more per ESP), and
    // ESPs filled by someone else's file down to 20 MiB free: even with the optional pve-1
    // evicted (its initrd freed), the default and booted ones cannot fit with the reserve.
    await vm.mustSh('pve-bootenv sync >/dev/null');
    await vm.mustSh(`
      zfs snapshot rpool/ROOT/pve-2@big && zfs clone -o canmount=noauto -o mountpoint=/ rpool/ROOT/pve-2@big rpool/ROOT/big
      mkdir -p /run/be-big && mount -t zfs -o zfsutil rpool/ROOT/big /run/be-big
      truncate -s +1M /run/be-big/boot/initrd.img-${kernel} && umount /run/be-big
      zpool set bootfs=rpool/ROOT/big rpool`);
    await onEachEsp(vm, 'free=$(df -B1 --output=avail $esp | tail -n1); fallocate -l $((free - 20 * 1024 * 1024)) $esp/filler', { writable: true });
    const before = await espFingerprint(vm);
    const result = await vm.sh('pve-bootenv sync');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAILED: not enough space for big \(the default boot environment\): .* nothing was changed on this ESP/);
    expect(await espFingerprint(vm)).toEqual(before);
    expect(await vm.mustSh(checkDefaultEntries)).toBe('');
    // Room again: the same sync goes through.
    await onEachEsp(vm, 'rm $esp/filler', { writable: true });
    expect((await vm.sh('pve-bootenv sync')).code).toBe(0);
    expect(await onEachEsp(vm, "awk '$1 == \"default\" { print $2 }' $esp/loader/loader.conf")).toEqual([
      `pve-bootenv-big-${kernel}.conf`,
      `pve-bootenv-big-${kernel}.conf`,
    ]);
  }, 15 * MINUTES);
});
