// What an apt transaction changes, from the actions apt announces to a Pre-Install-Pkgs
// hook: whether it deserves a boot environment, how to tell the admin, and how to record
// it in a ZFS user property of that boot environment.
import type { PackageAction } from './hook-input.js';
import { PveBootenvError } from '../errors.js';

export type PackageChangeKind = 'install' | 'upgrade' | 'downgrade' | 'reinstall' | 'remove';

/** What the transaction does to one package, all its action lines taken together. */
export interface PackageChange {
  /** The package name, with ":arch" when its architecture is not the native one (as apt shows it). */
  name: string;
  kind: PackageChangeKind;
  /** The version installed before; undefined for an install. */
  oldVersion?: string;
  /** The version installed after; undefined for a removal. */
  newVersion?: string;
}

/**
 * The packages the actions change, one change each, sorted by name. A package usually
 * has two lines, its unpack and its **CONFIGURE**; apt writes the same versions on both,
 * so they are read together. Lines for a package whose version stays the same and that
 * is not unpacked again (configuring a package left unconfigured, for instance) change
 * nothing. `nativeArch` (apt's `APT::Architecture`) tells which packages to show as
 * "name:arch"; without it, only packages present in several architectures are.
 */
export function packageChanges(actions: readonly PackageAction[], nativeArch?: string): PackageChange[] {
  // apt writes bare names: foo:amd64 and foo:i386 (Multi-Arch: same) are both "foo".
  const byPackage = new Map<string, PackageAction[]>();
  for (const action of actions) {
    const key = `${action.name}:${action.arch ?? ''}`;
    const group = byPackage.get(key);
    if (group) group.push(action);
    else byPackage.set(key, [action]);
  }

  const archesOf = new Map<string, Set<string>>();
  for (const action of actions) {
    if (action.arch === undefined || action.arch === 'all') continue;
    const arches = archesOf.get(action.name) ?? new Set<string>();
    arches.add(action.arch);
    archesOf.set(action.name, arches);
  }
  const qualified = (action: PackageAction): string => {
    const arch = action.arch;
    if (arch === undefined || arch === 'all') return action.name;
    const foreign = nativeArch === undefined ? (archesOf.get(action.name)?.size ?? 0) > 1 : arch !== nativeArch;
    return foreign ? `${action.name}:${arch}` : action.name;
  };

  const changes: PackageChange[] = [];
  for (const group of byPackage.values()) {
    // All lines of a package carry the same versions; an unpack or removal line is the one to read.
    const main = group.find((action) => action.operation !== 'configure') ?? group[0];
    if (main === undefined) continue;
    const kind = changeKind(main, group.some((action) => action.operation === 'unpack'));
    if (kind === undefined) continue;
    const change: PackageChange = { name: qualified(main), kind };
    if (main.oldVersion !== undefined) change.oldVersion = main.oldVersion;
    if (main.newVersion !== undefined) change.newVersion = main.newVersion;
    changes.push(change);
  }
  return changes.sort((a, b) => compareNames(a.name, b.name));
}

function changeKind(action: PackageAction, unpacked: boolean): PackageChangeKind | undefined {
  if (action.newVersion === undefined) return action.oldVersion === undefined ? undefined : 'remove';
  if (action.oldVersion === undefined) return 'install';
  if (action.direction === '<') return 'upgrade';
  if (action.direction === '>') return 'downgrade';
  return unpacked ? 'reinstall' : undefined;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** true when the transaction changes no package: then it gets no boot environment. */
export function isNoOp(changes: readonly PackageChange[]): boolean {
  return changes.length === 0;
}

/** Why a transaction matters more than others (the BE is kept longer): what it touches. */
export type ImportantCategory = 'kernel' | 'bootloader' | 'zfs' | 'initramfs';

export const IMPORTANT_CATEGORIES: readonly ImportantCategory[] = ['kernel', 'bootloader', 'zfs', 'initramfs'];

// Matched against the name without ":arch", in this order: the first match wins.
const CATEGORY_PATTERNS: Array<[ImportantCategory, RegExp]> = [
  // Proxmox ships proxmox-boot-tool in proxmox-kernel-helper (pve-kernel-helper before PVE 8):
  // it writes the ESPs, so it is a boot loader matter, not a kernel.
  ['bootloader', /^(proxmox|pve)-kernel-helper$/],
  ['bootloader', /^(grub|shim|systemd-boot)/],
  // Kernel images and their meta packages (proxmox-kernel-6.8, proxmox-default-kernel,
  // pve-kernel-6.2, linux-image-amd64…), and the firmware they load.
  ['kernel', /^(proxmox-kernel-|pve-kernel-|linux-image-)/],
  ['kernel', /^(proxmox-default-kernel|pve-firmware)$/],
  // OpenZFS: the tools, the module sources, the initramfs and the libraries of the pool.
  ['zfs', /^(zfsutils-linux|zfs-initramfs|zfs-dracut|zfs-dkms|zfs-zed)$/],
  ['zfs', /^lib(zfs|zpool|nvpair|uutil)/],
  ['initramfs', /^(initramfs-tools|dracut)/],
];

/** The category of a package (name with or without ":arch"), if changing it is important. */
export function importantCategory(name: string): ImportantCategory | undefined {
  const bare = name.split(':')[0] ?? name;
  return CATEGORY_PATTERNS.find(([, pattern]) => pattern.test(bare))?.[0];
}

/** The categories the changes touch, in the order of IMPORTANT_CATEGORIES; empty when none. */
export function importantReasons(changes: readonly PackageChange[]): ImportantCategory[] {
  const found = new Set(changes.map((change) => importantCategory(change.name)));
  return IMPORTANT_CATEGORIES.filter((category) => found.has(category));
}

/** true when the changes touch a kernel, the boot loader, ZFS or the initramfs. */
export function isImportant(changes: readonly PackageChange[]): boolean {
  return importantReasons(changes).length > 0;
}

/** One change for people: "pve-manager 8.2.4 → 8.2.7", "foo 1.0 (new)", "bar (removed)". */
export function describeChange(change: PackageChange): string {
  const { name, oldVersion = '?', newVersion = '?' } = change;
  switch (change.kind) {
    case 'install':
      return `${name} ${newVersion} (new)`;
    case 'upgrade':
      return `${name} ${oldVersion} → ${newVersion}`;
    case 'downgrade':
      return `${name} ${oldVersion} → ${newVersion} (downgrade)`;
    case 'reinstall':
      return `${name} ${newVersion} (reinstall)`;
    case 'remove':
      return `${name} (removed)`;
  }
}

/**
 * One line for apt's terminal: "3 packages: linux-image-amd64 6.1.1 → 6.1.2, foo 1.0 (new),
 * bar (removed)", or with more than `max` changes "… bar (removed) and 4 more". Important
 * packages (kernel, boot loader, ZFS, initramfs) come first, the others after, each in
 * the order given.
 */
export function summaryLine(changes: readonly PackageChange[], max = 3): string {
  if (changes.length === 0) return 'no package changes';
  const ordered = [
    ...changes.filter((change) => importantCategory(change.name) !== undefined),
    ...changes.filter((change) => importantCategory(change.name) === undefined),
  ];
  const shown = ordered.slice(0, Math.max(0, Math.floor(max))).map(describeChange);
  const rest = changes.length - shown.length;
  const count = `${changes.length} package${changes.length === 1 ? '' : 's'}`;
  if (shown.length === 0) return count;
  return `${count}: ${shown.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
}

/** What ZFS stores in a user property value is at most 8192 bytes; keep a margin. */
export const MAX_ENCODED_CHANGES_BYTES = 8000;

const ITEM_SEPARATOR = '; ';
const MORE_MARKER = /^… and ([1-9][0-9]*) more$/;
const KINDS: readonly PackageChangeKind[] = ['install', 'upgrade', 'downgrade', 'reinstall', 'remove'];

/** Malformed text given to decodeChanges (a property someone edited, or from another version). */
export class ChangesFormatError extends PveBootenvError {
  override name = 'ChangesFormatError';
}

/**
 * The changes as one line for the `pve-bootenv:packages` property, in the given order:
 * `upgrade pve-manager 8.2.4 8.2.7; install foo - 1.0; remove bar 2.0 -` ("-" for no
 * version). When they do not fit in `maxBytes` bytes of UTF-8, the last ones make way for
 * a `… and N more` item. A space, ";", "%", a control character, or a lone "-" in a field
 * is %-encoded (never in real package names and versions), so decodeChanges can undo it.
 */
export function encodeChanges(changes: readonly PackageChange[], maxBytes = MAX_ENCODED_CHANGES_BYTES): string {
  const items = changes.map(
    (change) => `${change.kind} ${field(change.name)} ${field(change.oldVersion)} ${field(change.newVersion)}`,
  );
  const all = items.join(ITEM_SEPARATOR);
  if (byteLength(all) <= maxBytes) return all;
  // Keep the longest prefix that leaves room for the marker; the marker alone always fits.
  const separatorBytes = byteLength(ITEM_SEPARATOR);
  let kept = 0;
  for (let bytes = 0, i = 0; i < items.length; i++) {
    bytes += (i > 0 ? separatorBytes : 0) + byteLength(items[i] ?? '');
    if (bytes + separatorBytes + byteLength(moreMarker(items.length - i - 1)) > maxBytes) break;
    kept = i + 1;
  }
  const marker = moreMarker(items.length - kept);
  return kept === 0 ? marker : `${items.slice(0, kept).join(ITEM_SEPARATOR)}${ITEM_SEPARATOR}${marker}`;
}

/** The inverse of encodeChanges: the changes recorded, and how many were left out for space. */
export function decodeChanges(text: string): { changes: PackageChange[]; omitted: number } {
  const changes: PackageChange[] = [];
  if (text === '') return { changes, omitted: 0 };
  const items = text.split(ITEM_SEPARATOR);
  let omitted = 0;
  items.forEach((item, index) => {
    const more = MORE_MARKER.exec(item);
    if (more) {
      if (index !== items.length - 1) throw new ChangesFormatError(`"${item}" is not the last item`);
      omitted = Number(more[1]);
      return;
    }
    const [kind, name, oldVersion, newVersion, ...extra] = item.split(' ');
    if (!KINDS.includes(kind as PackageChangeKind) || newVersion === undefined || extra.length > 0) {
      const expected = 'expected "<kind> <package> <old version> <new version>"';
      throw new ChangesFormatError(`${expected}, got ${JSON.stringify(item)}`);
    }
    const decodedName = unfield(name ?? '-');
    if (decodedName === undefined) throw new ChangesFormatError(`no package name in ${JSON.stringify(item)}`);
    const change: PackageChange = { name: decodedName, kind: kind as PackageChangeKind };
    const oldDecoded = unfield(oldVersion ?? '-');
    const newDecoded = unfield(newVersion);
    if (oldDecoded !== undefined) change.oldVersion = oldDecoded;
    if (newDecoded !== undefined) change.newVersion = newDecoded;
    changes.push(change);
  });
  return { changes, omitted };
}

function moreMarker(count: number): string {
  return `… and ${count} more`;
}

const utf8 = new TextEncoder();

function byteLength(text: string): number {
  return utf8.encode(text).length;
}

// Characters that would break the format or a `zfs get -H` line.
const SPECIAL = /[\u0000-\u0020;%\u007f]/g;

function field(value: string | undefined): string {
  if (value === undefined) return '-';
  if (value === '-') return '%2d';
  if (value === '') return '%';
  return value.replace(SPECIAL, (char) => `%${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function unfield(text: string): string | undefined {
  if (text === '-') return undefined;
  if (text === '%') return '';
  return text.replace(/%([0-9a-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
