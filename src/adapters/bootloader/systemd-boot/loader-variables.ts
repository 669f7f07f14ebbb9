// systemd-boot's EFI variables: which entry boots by default (LoaderEntryDefault) and once
// (LoaderEntryOneShot). Read straight from efivarfs; written with bootctl. Some firmware
// refuses variable writes: callers treat a failure as a warning, loader.conf still works.
import { loaderOfInfo, type LoaderOfInfo } from '../../../core/bootloader/loader-info.js';
import { readFile } from 'node:fs/promises';
import { PROGRAMS } from '../../programs.js';
import { run } from '../../run.js';

const LOADER_GUID = '4a67b082-0a4c-41cf-b6c7-440b29bb8c4f';

/** A UTF-16 variable of systemd-boot, or undefined if unset or not booted by it. */
export async function readLoaderVariable(name: string): Promise<string | undefined> {
  try {
    const raw = await readFile(`/sys/firmware/efi/efivars/${name}-${LOADER_GUID}`);
    // 4 bytes of attributes, then UTF-16LE, NUL-terminated.
    return raw.subarray(4).toString('utf16le').replace(/\0+$/, '') || undefined;
  } catch {
    return undefined;
  }
}

export async function setDefaultEntryVariable(entry: string): Promise<void> {
  await run(PROGRAMS.bootctl, ['set-default', entry]);
}

/** LoaderEntryOneShot: systemd-boot boots this entry once, then deletes the variable. */
export async function setOneShotEntryVariable(entry: string): Promise<void> {
  await run(PROGRAMS.bootctl, ['set-oneshot', entry]);
}

export async function clearOneShotEntryVariable(): Promise<void> {
  await run(PROGRAMS.bootctl, ['set-oneshot', '']);
}

/** The boot loader that started the running system, as LoaderInfo's value names it (core/bootloader/loader-info.ts). */
export async function loaderThatBootedUs(): Promise<LoaderOfInfo | undefined> {
  return loaderOfInfo(await readLoaderVariable('LoaderInfo'));
}
