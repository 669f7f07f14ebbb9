// The harness's own failure paths: a missing host tool, a guest that never comes up, and an
// image build that is interrupted.
import { describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { requireHostTools } from './harness/host.js';
import { TestVm } from './harness/vm.js';

const MINUTES = 60_000;

describe('test VM harness', () => {
  test('a missing host tool is one line naming the Debian package', () => {
    const path = process.env['PATH'];
    process.env['PATH'] = '/nonexistent';
    try {
      expect(() => requireHostTools()).toThrow(/^missing host tool 'qemu-system-x86_64': apt-get install qemu-system-x86$/);
    } finally {
      process.env['PATH'] = path;
    }
  });

  test('a guest that never comes up fails in bounded time with the serial console attached', async () => {
    const vm = TestVm.create();
    try {
      // No disk attached: the firmware finds nothing to boot.
      const started = Date.now();
      const boot = vm.boot({ disks: [], timeoutMs: 20_000 });
      await expect(boot).rejects.toThrow(/did not come up within 20 s[\s\S]*serial console/);
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(vm.running).toBe(false);
    } finally {
      await vm.dispose();
    }
    expect(existsSync(vm.runDir)).toBe(false);
  }, 2 * MINUTES);

  test('an image build interrupted half-way leaves nothing in the cache', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'pve-bootenv-cache-'));
    try {
      const build = spawn('bash', [fileURLToPath(new URL('./image/build', import.meta.url))], {
        env: { ...process.env, PVE_BOOTENV_VM_CACHE: cache },
        stdio: 'ignore',
        detached: true, // its own process group, so it can be interrupted like Ctrl-C would
      });
      const exited = new Promise<number | null>((resolve) => build.once('exit', (code) => resolve(code)));
      // Wait until it is working (debootstrap has started writing its root file system).
      for (let i = 0; i < 300 && !readdirSync(cache).some((e) => e.startsWith('.build-')); i++) await sleep(100);
      await sleep(3_000);
      process.kill(-build.pid!, 'SIGINT');
      expect(await exited).not.toBe(0);
      expect(readdirSync(cache)).toEqual([]);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }, 2 * MINUTES);
});
