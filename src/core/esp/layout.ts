// Where pve-bootenv keeps its things on an EFI System Partition. Everything of ours is in
// one directory outside EFI/proxmox/ (which proxmox-boot-tool prunes on every refresh) and
// in entries whose names never start with "proxmox-".

/** Our directory, relative to the ESP's root. */
export const OUR_DIR = 'EFI/pve-bootenv';
export const ENTRIES_DIR = 'loader/entries';
export const LOADER_CONF = 'loader/loader.conf';
/** On a GRUB-mode ESP: our menu, which the ESP's grub.cfg sources (see grub-menu.ts). */
export const GRUB_MENU = `${OUR_DIR}/grub-menu.cfg`;
/** GRUB's environment block, where proxmox-boot-tool's grub-install puts it (we write its next_entry). */
export const GRUB_ENV = 'grub/grubenv';
export const ENTRY_PREFIX = 'pve-bootenv-';
/** Prefix of files being written: what an interrupted sync leaves is recognisable. */
export const TEMP_PREFIX = '.tmp-';

export type BootFileKind = 'vmlinuz' | 'initrd.img';

/**
 * A name that is safe as part of a vfat file name and of a loader entry id: no path
 * separators, nothing vfat forbids (: * ? " < > | \), no leading dot or dash.
 */
const SAFE_NAME = /^[A-Za-z0-9_+][A-Za-z0-9._+-]*$/;

export function isSafeEspName(name: string): boolean {
  return SAFE_NAME.test(name) && name.length <= 100;
}

/** The loader entry file of one (boot environment, kernel): also its systemd-boot id. */
export function entryFileName(be: string, kver: string): string {
  return `${ENTRY_PREFIX}${be}-${kver}.conf`;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * A SHA-256 as we name files by it: exactly 64 lower-case hex digits. Anything else in a
 * file name could carry "/" or ".." out of our directory, so names are built only from these.
 */
export function isSha256Hex(s: string): boolean {
  return SHA256_HEX.test(s);
}

/**
 * A kernel or initrd is stored by content: the name carries its SHA-256, so boot
 * environments that boot the same file share one copy, and the name verifies the content.
 */
export function bootFilePath(kind: BootFileKind, kver: string, sha256: string): string {
  return `${OUR_DIR}/${kind}-${kver}-${sha256}`;
}

/** The SHA-256 a stored file's name promises, or undefined if it is not one of ours. */
export function sha256OfBootFile(path: string): string | undefined {
  return /^EFI\/pve-bootenv\/(?:vmlinuz|initrd\.img)-.+-([0-9a-f]{64})$/.exec(path)?.[1];
}

export function isOurEntryFile(name: string): boolean {
  return name.startsWith(ENTRY_PREFIX) && name.endsWith('.conf');
}

/**
 * An entry name we may write: ours, and made only of the characters entryFileName gets
 * from a valid BE name and kernel version (which keeps it one vfat file name, and one
 * GRUB menu id). vfat takes 255 characters.
 */
export function isWritableEntryName(name: string): boolean {
  return isOurEntryFile(name) && SAFE_NAME.test(name) && name.length <= 255;
}

/** vfat compares names without regard to case: so must we, when we compare paths. */
export function pathKey(path: string): string {
  return path.toLowerCase();
}

/**
 * The boot environment whose entry file (or entry id) this is, among beNames. Names may
 * contain "-", so "pve-bootenv-a-b-6.1.0-1-amd64.conf" could be BE "a" or "a-b": the
 * longest name followed by a kernel version (which starts with a digit) wins.
 */
export function beOfEntryName(entry: string, beNames: readonly string[]): string | undefined {
  if (!entry.startsWith(ENTRY_PREFIX)) return undefined;
  const rest = entry.slice(ENTRY_PREFIX.length);
  let best: string | undefined;
  for (const name of beNames) {
    if (rest.startsWith(`${name}-`) && /^[0-9]/.test(rest.slice(name.length + 1)) && (best === undefined || name.length > best.length)) best = name;
  }
  return best;
}
