// Mounting a listed ESP for the time of a sync. Only ever called inside our private mount
// namespace, so the mount is invisible to the host and cannot outlive the process; we
// still unmount it, so that its data is flushed before we report success.
import { mkdir, rmdir } from 'node:fs/promises';
import { PROGRAMS } from '../programs.js';
import { run } from '../run.js';
import { ESP_MOUNT_DIR } from '../runtime-paths.js';

/**
 * purpose names a second mount of the same ESP beside one a caller still holds (a sync
 * keeps an ESP it skipped or could not write mounted until its plan is closed, and the
 * one-shot choice may be written before that).
 */
export async function mountEsp(id: string, device: string, options: { readOnly?: boolean; purpose?: string } = {}): Promise<string> {
  const dir = `${ESP_MOUNT_DIR}/${id}${options.purpose ? `.${options.purpose}` : ''}`;
  await mkdir(dir, { recursive: true });
  await run(PROGRAMS.mount, ['-t', 'vfat', '-o', `${options.readOnly ? 'ro' : 'rw'},noatime,nodev,nosuid,noexec`, '--', device, dir]);
  return dir;
}

export async function unmountEsp(dir: string): Promise<void> {
  await run(PROGRAMS.umount, ['--', dir]);
  // Only the empty mount point is left; one that stays costs nothing and is reused by name.
  await rmdir(dir).catch(() => undefined);
}
