// Replacing a file so that a crash leaves the old one or the new one, never half of either:
// write a temporary name in the same directory, fsync it, rename it over the target, fsync
// the directory (the rename is only durable once the directory is). The one way this
// project writes a file it does not own from start to end (ESP files, a BE's cmdline, our
// caches and markers).
//
// The temporary file is created exclusively and without following a symbolic link
// (O_CREAT|O_EXCL|O_NOFOLLOW): inside a boot environment whatever sits at that name may
// have been planted there, and opening it plainly would write through it to a host file.
// What is found there is unlinked (which removes a link itself, never its target) and the
// create tried once more.
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const CREATE_EXCLUSIVE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** Opens path as a new file of ours; whatever was at that name (a leftover temp, a planted link) is removed first. */
export async function createExclusive(path: string, mode = 0o644): Promise<FileHandle> {
  try {
    return await open(path, CREATE_EXCLUSIVE, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  await unlink(path);
  return open(path, CREATE_EXCLUSIVE, mode);
}

export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes target through temp (a name in the same directory): fill writes the content and
 * returns how many bytes it wrote. On an error the temp file is removed and target is unchanged.
 */
export async function replaceAtomically(target: string, temp: string, fill: (handle: FileHandle) => Promise<number>, mode = 0o644): Promise<number> {
  const handle = await createExclusive(temp, mode);
  let written: number;
  try {
    written = await fill(handle);
    await handle.sync();
  } catch (error) {
    // Clean-up after the failure that is thrown: the target is untouched either way, and a
    // temp file left behind is removed by the next write to it (createExclusive).
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(temp, target);
  await fsyncDir(dirname(target));
  return written;
}

/** replaceAtomically with the content at hand; the temp name is target + suffix. */
export async function writeFileAtomically(target: string, content: string | Uint8Array, options: { tempSuffix?: string; mode?: number } = {}): Promise<void> {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  await replaceAtomically(
    target,
    `${target}${options.tempSuffix ?? '.tmp'}`,
    async (handle) => {
      await handle.writeFile(bytes);
      return bytes.length;
    },
    options.mode,
  );
}

/**
 * Our cache and state files: the text written atomically (its directory made first), or
 * nothing at all when the file holds exactly that already, so a run with nothing to do
 * writes nothing.
 */
export async function writeFileIfChanged(target: string, text: string): Promise<void> {
  if ((await readFile(target, 'utf8').catch(() => undefined)) === text) return;
  await mkdir(dirname(target), { recursive: true });
  await writeFileAtomically(target, text);
}

/**
 * mkdir -p that survives a crash: each directory it creates is fsynced into its parent,
 * so a file later renamed into it cannot vanish with its directory entry.
 */
export async function mkdirDurably(root: string, relative: string): Promise<void> {
  let dir = root;
  for (const component of relative.split('/').filter(Boolean)) {
    const parent = dir;
    dir = join(dir, component);
    const created = await mkdir(dir).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') return false;
        throw error;
      },
    );
    if (created) await fsyncDir(parent);
  }
}
