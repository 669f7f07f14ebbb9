// A bare Debian machine for the set-up test: a fresh `debootstrap --variant=minbase` root
// file system (less than a default install has: no node, npm, git or compilers), entered
// with chroot, with this checkout's files copied in. The debootstrap result is cached
// outside the clone as a tarball keyed by its recipe; each machine is unpacked from it anew,
// so nothing one test installed is seen by the next. The packages apt downloads are kept in
// a cache directory bound over the machine's /var/cache/apt/archives, which spares the
// network, not the installing.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MAX_OUTPUT = 64 * 1024 * 1024;

/** What the bare machine is made of; its hash names the cached tarball. */
const RECIPE = {
  suite: 'bookworm',
  variant: 'minbase',
  components: 'main',
  mirror: process.env.PVE_BOOTENV_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian',
};
const HOST_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const HOST_CA_IN_MACHINE = 'etc/host-trusted-ca.crt';
const CACHE_ROOT = process.env.PVE_BOOTENV_VM_CACHE ?? '/var/cache/pve-bootenv-test';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class BareDebian {
  private constructor(readonly root: string, private readonly mounts: string[]) {}

  /** Unpacks a fresh machine (debootstrapping the cached tarball first if there is none). */
  static async create(): Promise<BareDebian> {
    const tarball = await cachedRootfs();
    const root = mkdtempSync('/var/tmp/bare-debian.');
    const machine = new BareDebian(root, []);
    try {
      await run('tar', ['--zstd', '-xpf', tarball, '-C', root]);
      // The network this machine reaches the archive and the registry through: its name
      // servers, and the certificates it trusts (a TLS proxy's too, which Debian's bundle in
      // the machine lacks), handed to npm by the environment sh() sets, not installed.
      copyFileSync('/etc/resolv.conf', join(root, 'etc/resolv.conf'));
      copyFileSync(HOST_CA_BUNDLE, join(root, HOST_CA_IN_MACHINE));
      const archives = join(CACHE_ROOT, 'bare-apt-archives');
      mkdirSync(join(archives, 'partial'), { recursive: true });
      await machine.mount(['-t', 'proc', 'proc'], 'proc');
      await machine.mount(['--rbind', '/sys'], 'sys');
      await machine.mount(['--rbind', '/dev'], 'dev');
      await machine.mount(['--bind', archives], 'var/cache/apt/archives');
      return machine;
    } catch (error) {
      await machine.dispose();
      throw error;
    }
  }

  /** Copies the checkout's files (tracked and new, none that git ignores) to `dir` inside. */
  async copyCheckout(checkout: string, dir: string): Promise<void> {
    const target = join(this.root, dir);
    mkdirSync(target, { recursive: true });
    const { stdout } = await run('git', ['-C', checkout, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], { maxBuffer: MAX_OUTPUT });
    const files = stdout.split('\0').filter((file) => file !== '' && existsSync(join(checkout, file)));
    const listFile = join(this.root, 'tmp/checkout-files');
    writeFileSync(listFile, files.join('\0'));
    await run('tar', ['-C', checkout, '--null', '-T', listFile, '-cf', join(this.root, 'tmp/checkout.tar')]);
    await run('tar', ['-C', target, '-xf', join(this.root, 'tmp/checkout.tar')]);
    rmSync(join(this.root, 'tmp/checkout.tar'));
    rmSync(listFile);
  }

  /**
   * Runs a bash script inside the machine (as root, or as the uid `user`), with a clean
   * environment; returns its exit code instead of throwing.
   */
  async sh(script: string, options: { user?: string; cwd?: string } = {}): Promise<RunResult> {
    const inner = options.cwd ? `cd '${options.cwd}' && ${script}` : script;
    const home = options.user === undefined ? '/root' : '/nonexistent';
    const argv = [this.root, '/usr/bin/env', '-i', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `HOME=${home}`, 'LANG=C.UTF-8', `NPM_CONFIG_CAFILE=/${HOST_CA_IN_MACHINE}`];
    const shell = options.user
      ? [...argv, 'setpriv', `--reuid=${options.user}`, `--regid=${options.user}`, '--clear-groups', 'bash', '-c', inner]
      : [...argv, 'bash', '-c', inner];
    try {
      const { stdout, stderr } = await run('chroot', shell, { maxBuffer: MAX_OUTPUT });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number | string; stdout?: string; stderr?: string };
      if (typeof failed.code !== 'number') throw error;
      return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  async dispose(): Promise<void> {
    for (const target of this.mounts.reverse()) await run('umount', ['-R', '-l', target]).catch(() => undefined);
    rmSync(this.root, { recursive: true, force: true });
  }

  private async mount(args: string[], dir: string): Promise<void> {
    const target = join(this.root, dir);
    mkdirSync(target, { recursive: true });
    await run('mount', [...args, target]);
    this.mounts.push(target);
  }
}

/** The cached debootstrap tarball of RECIPE, made if missing (a failed build leaves nothing). */
async function cachedRootfs(): Promise<string> {
  const key = createHash('sha256').update(JSON.stringify(RECIPE)).digest('hex').slice(0, 16);
  const tarball = join(CACHE_ROOT, `bare-${RECIPE.suite}-${key}.tar.zst`);
  if (existsSync(tarball)) return tarball;
  mkdirSync(CACHE_ROOT, { recursive: true });
  const work = mkdtempSync(join(CACHE_ROOT, '.bare-'));
  try {
    await run('debootstrap', [`--variant=${RECIPE.variant}`, `--components=${RECIPE.components}`, RECIPE.suite, join(work, 'root'), RECIPE.mirror], { maxBuffer: MAX_OUTPUT });
    await run('tar', ['--zstd', '-C', join(work, 'root'), '-cpf', join(work, 'rootfs.tar.zst'), '.']);
    renameSync(join(work, 'rootfs.tar.zst'), tarball);
    return tarball;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
