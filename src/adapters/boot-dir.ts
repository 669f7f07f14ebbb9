// What a boot environment can boot: the kernels with their initrds in its own /boot, and
// its kernel command line.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HashCache } from './hash-cache.js';
import type { SourceFile } from '../core/sync/model.js';
import { grubDefaultCmdline } from '../core/bootfiles/grub-default.js';

export interface BootPair {
  kver: string;
  linux: SourceFile;
  initrd: SourceFile;
}

export interface BootDir {
  /** Kernel versions that have both vmlinuz-<kver> and initrd.img-<kver>. */
  kvers: string[];
  /**
   * Its kernel command line: the first line of etc/kernel/cmdline (systemd-boot hosts), or
   * else what its GRUB settings give (etc/default/grub, GRUB hosts); undefined if neither.
   */
  cmdline: string | undefined;
  cmdlineFrom?: 'etc/kernel/cmdline' | 'etc/default/grub';
}

export async function readBootDir(beRoot: string): Promise<BootDir> {
  const names = await readdir(join(beRoot, 'boot')).catch(() => [] as string[]);
  const present = new Set(names);
  const kvers = names
    .filter((n) => n.startsWith('vmlinuz-'))
    .map((n) => n.slice('vmlinuz-'.length))
    .filter((kver) => present.has(`initrd.img-${kver}`));
  const cmdline = await readFile(join(beRoot, 'etc/kernel/cmdline'), 'utf8').catch(() => undefined);
  if (cmdline !== undefined) return { kvers, cmdline, cmdlineFrom: 'etc/kernel/cmdline' };
  const grub = grubDefaultCmdline(await grubDefaultFiles(beRoot));
  return grub === undefined ? { kvers, cmdline: undefined } : { kvers, cmdline: grub, cmdlineFrom: 'etc/default/grub' };
}

/** etc/default/grub, then etc/default/grub.d/*.cfg in order: as grub-mkconfig sources them. */
async function grubDefaultFiles(beRoot: string): Promise<string[]> {
  const read = (path: string) => readFile(join(beRoot, path), 'utf8').catch(() => undefined);
  const snippets = (await readdir(join(beRoot, 'etc/default/grub.d')).catch(() => [] as string[])).filter((n) => n.endsWith('.cfg')).sort();
  const texts = await Promise.all([read('etc/default/grub'), ...snippets.map((n) => read(`etc/default/grub.d/${n}`))]);
  return texts.filter((t): t is string => t !== undefined);
}

/** Hashes the kernel and initrd of one version (they are named by content on the ESP). */
export async function bootPair(beRoot: string, kver: string, hashes: HashCache): Promise<BootPair> {
  const file = async (kind: SourceFile['kind']): Promise<SourceFile> => {
    const name = `${kind}-${kver}`;
    const source = join(beRoot, 'boot', name);
    const { size, sha256 } = await hashes.sizeAndSha256(source, name);
    return { kind, kver, sha256, size, source };
  };
  return { kver, linux: await file('vmlinuz'), initrd: await file('initrd.img') };
}
