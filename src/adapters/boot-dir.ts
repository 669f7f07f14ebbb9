// What a boot environment can boot: the kernels with their initrds in its own /boot, and
// its kernel command line.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HashCache } from './hash-cache.js';
import type { SourceFile } from '../core/sync/model.js';

export interface BootPair {
  kver: string;
  linux: SourceFile;
  initrd: SourceFile;
}

export interface BootDir {
  /** Kernel versions that have both vmlinuz-<kver> and initrd.img-<kver>. */
  kvers: string[];
  /** The first line of etc/kernel/cmdline, or undefined if the BE has none. */
  cmdline: string | undefined;
}

export async function readBootDir(beRoot: string): Promise<BootDir> {
  const names = await readdir(join(beRoot, 'boot')).catch(() => [] as string[]);
  const present = new Set(names);
  const kvers = names
    .filter((n) => n.startsWith('vmlinuz-'))
    .map((n) => n.slice('vmlinuz-'.length))
    .filter((kver) => present.has(`initrd.img-${kver}`));
  const cmdline = await readFile(join(beRoot, 'etc/kernel/cmdline'), 'utf8').catch(() => undefined);
  return { kvers, cmdline };
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
