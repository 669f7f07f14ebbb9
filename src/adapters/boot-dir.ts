// What a boot environment can boot: the kernels with their initrds in its own /boot, and
// its kernel command line. A BE's files are untrusted (an imported stream, whatever ran in
// it): everything here is read inside the BE's tree (contained-file.ts), so a kernel that
// is a symlink to a host file is skipped, not copied to the ESP.
import { join } from 'node:path';
import type { HashCache } from './hash-cache.js';
import type { BootDir, SourceFile } from '../core/sync/model.js';
import { grubDefaultCmdline } from '../core/bootfiles/grub-default.js';
import { cmdlineLengthProblem } from '../core/bootfiles/kernel-cmdline.js';
import { listContainedDir, NotContained, openContainedFile, readContainedText } from './contained-file.js';
import { PveBootenvError } from '../core/errors.js';
import { PIN_FILES, type PinFiles } from '../core/sync/kernel-pin.js';

export type { BootDir };

export interface BootPair {
  kver: string;
  linux: SourceFile;
  initrd: SourceFile;
}


/** A command line file is a line or a few; anything bigger is not one. */
const MAX_CONFIG_BYTES = 64 * 1024;

/** A BE whose command line cannot be read safely: it is not put on the ESPs. */
export class BootDirRefused extends PveBootenvError {
  override name = 'BootDirRefused';
}

export async function readBootDir(beRoot: string): Promise<BootDir> {
  const names = await listContainedDir(beRoot, 'boot').catch(refused('its /boot'));
  const skipped: string[] = [];
  const regular = new Set<string>();
  for (const name of names) {
    if (!name.startsWith('vmlinuz-') && !name.startsWith('initrd.img-')) continue;
    const handle = await openContainedFile(beRoot, `boot/${name}`).catch((error: unknown) => {
      if (!(error instanceof NotContained)) throw error;
      skipped.push(`${error.message}; skipped`);
      return undefined;
    });
    if (handle === undefined) continue;
    await handle.close();
    regular.add(name);
  }
  const kvers = [...regular]
    .filter((n) => n.startsWith('vmlinuz-'))
    .map((n) => n.slice('vmlinuz-'.length))
    .filter((kver) => regular.has(`initrd.img-${kver}`));
  // A pin that cannot be read is not followed; the BE still boots its newest kernel.
  const pinText = (path: string) =>
    readContainedText(beRoot, path, MAX_CONFIG_BYTES).catch((error: unknown) => {
      if (!(error instanceof NotContained)) throw error;
      skipped.push(`${error.message}; the kernel pin is not followed`);
      return undefined;
    });
  const pins: PinFiles = { nextBoot: await pinText(PIN_FILES.nextBoot), permanent: await pinText(PIN_FILES.permanent) };
  const cmdline = await readContainedText(beRoot, 'etc/kernel/cmdline', MAX_CONFIG_BYTES).catch(refused('its command line'));
  if (cmdline !== undefined) {
    const tooLong = cmdlineLengthProblem(cmdline);
    if (tooLong !== undefined) throw new BootDirRefused(`/etc/kernel/cmdline: ${tooLong}; it is not put on the ESPs`);
    return { kvers, cmdline, cmdlineFrom: 'etc/kernel/cmdline', skipped, pins };
  }
  const files = await grubDefaultFiles(beRoot);
  const grub = grubDefaultCmdline(files.map((f) => f.text));
  switch (grub.kind) {
    case 'none':
      return { kvers, cmdline: undefined, skipped, pins };
    case 'cmdline':
      return { kvers, cmdline: grub.cmdline, cmdlineFrom: 'etc/default/grub', skipped, pins };
    case 'refused': {
      // Booting it with a guessed command line would drop the admin's parameters unseen.
      const where = grub.file === undefined ? '' : `/${files[grub.file]?.path ?? 'etc/default/grub'}${grub.line === undefined ? '' : ` line ${grub.line}`}: `;
      throw new BootDirRefused(`its GRUB settings give no command line we can use: ${where}${grub.why}; it is not put on the ESPs`);
    }
  }
}

function refused(what: string): (error: unknown) => never {
  return (error: unknown) => {
    if (error instanceof NotContained) throw new BootDirRefused(`${what} cannot be read: ${error.message}; it is not put on the ESPs`);
    throw error;
  };
}

/** etc/default/grub, then etc/default/grub.d/*.cfg in order: as grub-mkconfig sources them. */
async function grubDefaultFiles(beRoot: string): Promise<Array<{ path: string; text: string }>> {
  const snippets = (await listContainedDir(beRoot, 'etc/default/grub.d').catch(refused('its GRUB settings'))).filter((n) => n.endsWith('.cfg')).sort();
  const files = [];
  for (const path of ['etc/default/grub', ...snippets.map((n) => `etc/default/grub.d/${n}`)]) {
    const text = await readContainedText(beRoot, path, MAX_CONFIG_BYTES).catch(refused('its GRUB settings'));
    if (text !== undefined) files.push({ path, text });
  }
  return files;
}

/**
 * Hashes the kernel and initrd of one version (they are named by content on the ESP). The
 * file is hashed through a handle opened inside the BE; the ESP writer copies it from the
 * same path again without following a link, and checks the copy against this hash.
 */
export async function bootPair(beRoot: string, kver: string, hashes: HashCache): Promise<BootPair> {
  const file = async (kind: SourceFile['kind']): Promise<SourceFile> => {
    const name = `${kind}-${kver}`;
    const handle = await openContainedFile(beRoot, `boot/${name}`);
    if (handle === undefined) throw new BootDirRefused(`/boot/${name} vanished while it was read`);
    try {
      const { size, sha256 } = await hashes.sizeAndSha256(handle, name);
      return { kind, kver, sha256, size, source: join(beRoot, 'boot', name) };
    } finally {
      await handle.close();
    }
  };
  return { kver, linux: await file('vmlinuz'), initrd: await file('initrd.img') };
}

/**
 * The kernel versions a BE has modules for. usr/lib/modules first: on a merged-/usr system
 * (Debian 12 and later) /lib is a symlink, which a read inside the BE does not follow;
 * lib/modules for a BE from before the merge. A link out of the BE is NotContained.
 */
export async function moduleVersions(beRoot: string): Promise<string[]> {
  const merged = await listContainedDir(beRoot, 'usr/lib/modules');
  return merged.length > 0 ? merged : listContainedDir(beRoot, 'lib/modules').catch((error: unknown) => {
    // /lib -> usr/lib with no modules there either: none.
    if (error instanceof NotContained) return [];
    throw error;
  });
}
