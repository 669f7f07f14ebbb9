// One test VM: a Proxmox-shaped guest (ZFS mirror root over two disks, an ESP on each,
// systemd-boot under OVMF) on copy-on-write overlays of the cached base image.
//
// A reboot is a guest poweroff plus a new QEMU process on the same overlays and UEFI
// variables: warm reboots hang under TCG. Every QEMU process is tied to the test process
// (setpriv --pdeathsig) and every run directory is removed by dispose(), or reaped by the
// next run when the process that made it died.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GuestAgent, type ExecResult } from './guest-agent.js';
import { chooseAccelerator, OVMF_CODE, OVMF_VARS, requireHostTools, vcpus, type Accelerator } from './host.js';
import { baseImage } from './image.js';
import { isAlive, readOrEmpty } from './liveness.js';
import { Qmp } from './qmp.js';
import { traced } from './trace.js';
import { readyState, type ReadyState } from './ready-state.js';

export type { ExecResult };
export type DiskNumber = 1 | 2;

const RUN_ROOT = join(tmpdir(), 'pve-bootenv-vm');
const SHARE_IN_GUEST = '/mnt/host';

export interface BootOptions {
  /** Which disks are attached (default both): boot with one detached to prove the other boots. */
  disks?: DiskNumber[];
  /** Bound for reaching the guest agent; the error then carries the serial console's tail. */
  timeoutMs?: number;
  /**
   * A boot that must end by itself (a panic that reboots, with -no-reboot QEMU exits on the
   * reset): returns when QEMU exits within timeoutMs; fails if it does not.
   */
  untilReset?: true;
}

export class CommandFailed extends Error {
  constructor(readonly what: string, readonly result: ExecResult) {
    super(`${what} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
}

export class TestVm {
  readonly accel: Accelerator;
  private qemu: ChildProcess | undefined;
  private exited: Promise<void> | undefined;
  private agent: GuestAgent | undefined;
  private shareMounted = false;
  private boots = 0;
  /** Set by create(from): the first boot loads this saved guest instead of starting cold. */
  private savedStream: string | undefined;

  private constructor(readonly runDir: string) {
    this.accel = chooseAccelerator();
  }

  /**
   * Makes fresh overlays and UEFI variables, on the base image or on a saved guest's disks
   * (then boot it with restore: true); does not boot.
   */
  static create(from?: ReadyState): TestVm {
    requireHostTools();
    const disks = from?.disks ?? baseImage().disks;
    reapAbandonedRuns();
    mkdirSync(RUN_ROOT, { recursive: true });
    const runDir = mkdtempSync(join(RUN_ROOT, 'run-'));
    writeFileSync(join(runDir, 'owner'), String(process.pid));
    mkdirSync(join(runDir, 'share'));
    copyFileSync(from?.vars ?? OVMF_VARS, join(runDir, 'vars.fd'));
    disks.forEach((base, i) => {
      execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', base, '-F', 'qcow2', join(runDir, `disk${i + 1}.qcow2`)]);
    });
    const vm = new TestVm(runDir);
    vm.savedStream = from?.stream;
    return vm;
  }

  /**
   * A running guest restored from a saved one (see ready-state.ts): made once per key by
   * prepare, which gets a freshly booted VM to bring into the state to save.
   */
  static async restored(debPath: string, prepare: (vm: TestVm) => Promise<void>): Promise<TestVm> {
    const ready = await readyState(debPath, async (dir) => {
      const maker = TestVm.create();
      try {
        await maker.boot();
        // No boot menu countdown (loader.conf's `timeout 3`, which p-b-t writes and tests
        // read, stays): the EFI variable that overrides it, as `bootctl set-timeout` sets it
        // for an admin; every later boot of this guest saves the 3 s wait.
        await maker.mustSh('bootctl set-timeout 0');
        await prepare(maker);
        await maker.saveTo(dir);
      } finally {
        await maker.dispose();
      }
    });
    // A restore that does not come up (seen now and then under load: the guest agent never
    // answers, or the restored kernel stalls) is not what any test is about: one more try,
    // from fresh overlays on the same saved guest, before the file fails.
    for (let attempt = 1; ; attempt++) {
      const vm = TestVm.create(ready);
      try {
        await vm.boot({ timeoutMs: attempt === 1 ? 180_000 : undefined });
        return vm;
      } catch (error) {
        await vm.dispose();
        if (attempt === 2) throw error;
        console.warn(`restoring the saved guest failed, trying once more: ${String(error).split('\n')[0]}`);
      }
    }
  }

  /** Creates a VM, boots it, runs fn, and always disposes of it. */
  static async with<T>(fn: (vm: TestVm) => Promise<T>, options: BootOptions = {}): Promise<T> {
    const vm = TestVm.create();
    try {
      await vm.boot(options);
      return await fn(vm);
    } finally {
      await vm.dispose();
    }
  }

  get running(): boolean {
    return this.qemu !== undefined;
  }

  async boot(options: BootOptions = {}): Promise<void> {
    return traced(this.savedStream ? 'restore' : 'boot', () => this.bootNow(options));
  }

  private async bootNow(options: BootOptions): Promise<void> {
    if (this.qemu) throw new Error('the VM is already running');
    const disks = options.disks ?? [1, 2];
    const timeoutMs = options.timeoutMs ?? (this.accel.kind === 'kvm' ? 120_000 : 300_000);
    this.boots += 1;
    // Only the first boot restores the saved guest; a reboot is a cold boot of the disks.
    const restoring = this.savedStream;
    this.savedStream = undefined;
    const serial = join(this.runDir, `serial-${this.boots}.log`);
    for (const socket of ['qga.sock', 'qmp.sock']) rmSync(join(this.runDir, socket), { force: true });
    const accelArgs = this.accel.kind === 'kvm' ? ['-accel', 'kvm', '-cpu', 'host'] : ['-accel', 'tcg,thread=multi', '-cpu', 'max'];
    const args = [
      '--pdeathsig', 'KILL', '--',
      'qemu-system-x86_64', '-machine', 'q35', ...accelArgs, '-smp', vcpus(), '-m', '2048',
      '-drive', `if=pflash,format=raw,readonly=on,file=${OVMF_CODE}`,
      '-drive', `if=pflash,format=raw,file=${join(this.runDir, 'vars.fd')}`,
      ...disks.flatMap((n) => ['-drive', `file=${join(this.runDir, `disk${n}.qcow2`)},format=qcow2,if=virtio,cache=unsafe,discard=unmap`]),
      '-device', 'virtio-serial-pci',
      '-chardev', `socket,id=qga0,path=${join(this.runDir, 'qga.sock')},server=on,wait=off`,
      '-device', 'virtserialport,chardev=qga0,name=org.qemu.guest_agent.0',
      '-chardev', `file,id=ser0,path=${serial}`, '-serial', 'chardev:ser0',
      '-virtfs', `local,path=${join(this.runDir, 'share')},mount_tag=host0,security_model=none,id=host0`,
      '-qmp', `unix:${join(this.runDir, 'qmp.sock')},server=on,wait=off`,
      // No default devices (VGA, CD-ROM, parallel port, NIC): nothing a test is about, and
      // under TCG the firmware's try of the empty CD-ROM, the VGA's DRM driver and the kernel
      // console drawn on its framebuffer cost seconds of every boot. The console is the serial.
      '-nodefaults', '-nic', 'none', '-display', 'none', '-no-reboot',
      ...(restoring ? ['-incoming', `exec:cat ${restoring}`] : []),
    ];
    const qemu = spawn('setpriv', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    qemu.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    this.qemu = qemu;
    this.exited = new Promise((resolve) => qemu.once('exit', () => resolve()));
    writeFileSync(join(this.runDir, 'qemu.pid'), String(qemu.pid));
    void this.exited.then(() => {
      if (this.qemu === qemu) this.forget();
    });

    const deadline = Date.now() + timeoutMs;
    if (options.untilReset) {
      if (await this.waitForExit(timeoutMs)) return;
      const tail = this.serialTail();
      await this.kill();
      throw new Error(`the guest did not reset by itself within ${timeoutMs / 1000} s\n--- serial console (last lines)\n${tail}`);
    }
    if (restoring) await this.resumeAfterIncoming(deadline);
    for (;;) {
      if (this.qemu !== qemu) {
        throw new Error(`QEMU exited during boot: ${stderr.trim()}\n--- serial console (last lines)\n${this.serialTail()}`);
      }
      try {
        this.agent = await GuestAgent.connect(join(this.runDir, 'qga.sock'), 3_000);
        // A restored guest's clock stands where it was saved: set it to now.
        if (restoring) await this.exec(['/bin/date', '-u', '-s', `@${Math.floor(Date.now() / 1000)}`]);
        return;
      } catch {
        if (Date.now() > deadline) {
          const tail = this.serialTail();
          await this.kill();
          throw new Error(`the guest did not come up within ${timeoutMs / 1000} s (${this.accel.kind})\n--- serial console (last lines)\n${tail}`);
        }
        await sleep(1_000);
      }
    }
  }

  /** Runs a program in the guest (argv, no shell). */
  async exec(argv: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
    const agent = this.agent;
    if (!agent) throw new Error('the VM is not running');
    return traced(commandSummary(argv), () => agent.exec(argv, options));
  }

  /** Runs a bash script in the guest: test code, where a shell is the point. */
  sh(script: string, options: { timeoutMs?: number } = {}): Promise<ExecResult> {
    return this.exec(['/bin/bash', '-euo', 'pipefail', '-c', script], options);
  }

  /** Like sh, but throws with the output when the script fails; returns trimmed stdout. */
  async mustSh(script: string, options: { timeoutMs?: number } = {}): Promise<string> {
    const result = await this.sh(script, options);
    if (result.code !== 0) throw new CommandFailed(script, result);
    return result.stdout.trim();
  }

  /** Copies a host file into the guest through the 9p share. */
  async copyIn(hostPath: string, guestPath: string): Promise<void> {
    const name = `in-${Date.now()}-${basename(hostPath)}`;
    copyFileSync(hostPath, join(this.runDir, 'share', name));
    await this.mountShare();
    await this.mustSh(`cp ${quote(`${SHARE_IN_GUEST}/${name}`)} ${quote(guestPath)}`);
    rmSync(join(this.runDir, 'share', name));
  }

  /** Copies a guest file out through the 9p share. */
  async copyOut(guestPath: string, hostPath: string): Promise<void> {
    const name = `out-${Date.now()}-${basename(guestPath)}`;
    await this.mountShare();
    await this.mustSh(`cp ${quote(guestPath)} ${quote(`${SHARE_IN_GUEST}/${name}`)}`);
    copyFileSync(join(this.runDir, 'share', name), hostPath);
    rmSync(join(this.runDir, 'share', name));
  }

  /**
   * Saves the running guest into dir (disk{1,2}.qcow2, vars.fd, stream) and stops QEMU: the
   * overlays move there, so this VM cannot boot again; dispose() it.
   */
  async saveTo(dir: string): Promise<void> {
    // QEMU refuses to migrate while the guest has the 9p share mounted.
    await this.mustSh(`sync; if mountpoint -q ${SHARE_IN_GUEST}; then umount ${SHARE_IN_GUEST}; fi`);
    this.shareMounted = false;
    const qmp = await Qmp.connect(join(this.runDir, 'qmp.sock'));
    try {
      await qmp.call('migrate', { uri: `exec:cat > ${join(dir, 'stream')}` });
      for (;;) {
        const { status, 'error-desc': error } = (await qmp.call('query-migrate')) as { status?: string; 'error-desc'?: string };
        if (status === 'completed') break;
        if (status === 'failed' || status === 'cancelled') throw new Error(`saving the guest failed: ${error ?? status}`);
        await sleep(500);
      }
      await qmp.call('quit').catch(() => undefined);
    } finally {
      qmp.close();
    }
    if (!(await this.waitForExit(30_000))) await this.kill();
    for (const file of ['disk1.qcow2', 'disk2.qcow2', 'vars.fd']) renameSync(join(this.runDir, file), join(dir, file));
  }

  /** A clean guest poweroff; escalates to ACPI, then to pulling the plug, if it hangs. */
  async powerOff(timeoutMs = 120_000): Promise<void> {
    if (!this.qemu) return;
    return traced('poweroff', () => this.powerOffNow(timeoutMs));
  }

  private async powerOffNow(timeoutMs: number): Promise<void> {
    // The agent's guest-shutdown needs logind; systemctl does not.
    await this.exec(['/bin/systemctl', 'poweroff', '--no-block'], { timeoutMs: 10_000 }).catch(() => undefined);
    if (await this.waitForExit(timeoutMs)) return;
    await this.qmp('system_powerdown').catch(() => undefined);
    if (await this.waitForExit(30_000)) return;
    await this.kill();
  }

  /** Poweroff and a new QEMU on the same disks and UEFI variables. */
  async reboot(options: BootOptions = {}): Promise<void> {
    await this.powerOff();
    await this.boot(options);
  }

  /**
   * Waits for the guest to reboot by itself (QEMU runs with -no-reboot, so it exits on the
   * reset), then starts it again on the same disks and UEFI variables, as a reset does.
   */
  async rebootedByGuest(timeoutMs: number, options: BootOptions = {}): Promise<void> {
    if (!(await traced('wait for the guest to reboot', () => this.waitForExit(timeoutMs)))) {
      throw new Error(`the guest did not reboot by itself within ${timeoutMs / 1000} s\n--- serial console (last lines)\n${this.serialTail()}`);
    }
    await this.boot(options);
  }

  /** Pulls the plug: the guest gets no chance to flush or unmount anything. */
  async cutPower(): Promise<void> {
    if (!this.qemu) return;
    await this.qmp('quit').catch(() => undefined);
    if (!(await this.waitForExit(10_000))) await this.kill();
  }

  /** Kills QEMU if it runs and removes the overlays. Safe to call more than once. */
  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.runDir, { recursive: true, force: true });
  }

  /** The last lines of the current boot's serial console. */
  serialTail(lines = 40): string {
    const file = join(this.runDir, `serial-${this.boots}.log`);
    if (!existsSync(file)) return '(no serial output)';
    return readFileSync(file, 'utf8').replace(/\r/g, '').split('\n').slice(-lines).join('\n');
  }

  private async mountShare(): Promise<void> {
    if (this.shareMounted) return;
    await this.mustSh(
      `mkdir -p ${SHARE_IN_GUEST}; mountpoint -q ${SHARE_IN_GUEST} || mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 host0 ${SHARE_IN_GUEST}`,
    );
    this.shareMounted = true;
  }

  /** Waits until QEMU has loaded the saved guest, and lets it run if it came in paused. */
  private async resumeAfterIncoming(deadline: number): Promise<void> {
    for (;;) {
      try {
        const qmp = await Qmp.connect(join(this.runDir, 'qmp.sock'), 3_000);
        try {
          for (;;) {
            const { status } = (await qmp.call('query-status')) as { status: string };
            if (status === 'running') return;
            if (status !== 'inmigrate') {
              await qmp.call('cont');
              return;
            }
            if (Date.now() > deadline) throw new Error('the saved guest did not load in time');
            await sleep(250);
          }
        } finally {
          qmp.close();
        }
      } catch (error) {
        if (!this.qemu || Date.now() > deadline) throw error;
        await sleep(500);
      }
    }
  }

  private async qmp(command: string): Promise<void> {
    const qmp = await Qmp.connect(join(this.runDir, 'qmp.sock'));
    try {
      await qmp.call(command);
    } finally {
      qmp.close();
    }
  }

  private async waitForExit(timeoutMs: number): Promise<boolean> {
    const exited = this.exited;
    if (!exited) return true;
    // An unreferenced timer: a pending time-out must not keep the test process alive.
    return Promise.race([exited.then(() => true), sleep(timeoutMs, false, { ref: false })]);
  }

  private async kill(): Promise<void> {
    const qemu = this.qemu;
    if (!qemu) return;
    qemu.kill('SIGKILL');
    await this.waitForExit(10_000);
    this.forget();
  }

  private forget(): void {
    this.agent?.close();
    this.agent = undefined;
    this.qemu = undefined;
    this.exited = undefined;
    this.shareMounted = false;
  }
}

/** A guest command in one short line for the trace: a script's first line, else argv. */
function commandSummary(argv: string[]): string {
  const script = argv[0] === '/bin/bash' ? argv[argv.length - 1] : undefined;
  const text = script?.split('\n').map((line) => line.trim()).find((line) => line !== '') ?? argv.join(' ');
  return text.slice(0, 100);
}

/** Single-quotes a string for bash. */
export function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Removes run directories whose owning process died without cleaning up (its QEMU too). */
function reapAbandonedRuns(): void {
  if (!existsSync(RUN_ROOT)) return;
  for (const entry of readdirSync(RUN_ROOT)) {
    const dir = join(RUN_ROOT, entry);
    const owner = Number(readOrEmpty(join(dir, 'owner')));
    if (owner && isAlive(owner)) continue;
    const pid = Number(readOrEmpty(join(dir, 'qemu.pid')));
    if (pid && readOrEmpty(`/proc/${pid}/cmdline`).includes(dir)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
