// What a dpkg status file says is installed, and what changed between two of them.
// `pve-bootenv upgrade` runs apt inside a boot environment (chrooted into its mounted
// dataset), where our apt hook does not run: there are no Pre-Install-Pkgs lines to read.
// It records what changed by comparing the BE's /var/lib/dpkg/status before and after.
import { compareDebianVersions } from '../versions/debian-version.js';
import type { PackageChange } from './transaction.js';

/**
 * The third word of `Status:` (dpkg's "status" state) for which the package counts as
 * installed here, where the question is "which version of it is on this system".
 *
 * All of these mean files of the package, at the `Version:` dpkg records, are on disk:
 * - installed: unpacked and configured;
 * - triggers-pending, triggers-awaited: installed, only triggers left to run;
 * - half-configured: unpacked, its configuration started and failed (postinst error);
 * - unpacked: unpacked, not configured yet (an interrupted or failed run);
 * - half-installed: its unpacking (or removal) started and did not finish: its files
 *   are partly there, and apt will want to reinstall it.
 * The broken states are counted so that an apt run that fails half-way inside the BE
 * records the version it left behind, rather than a removal of the package.
 *
 * Not counted: config-files (removed, only its conffiles are left) and not-installed (a
 * package dpkg only remembers, e.g. for its selection state).
 */
const INSTALLED_STATES: ReadonlySet<string> = new Set([
  'installed',
  'triggers-pending',
  'triggers-awaited',
  'half-configured',
  'unpacked',
  'half-installed',
]);

interface Stanza {
  name: string;
  arch: string | undefined;
  version: string;
}

/**
 * The packages installed according to the content of a dpkg status file
 * (/var/lib/dpkg/status): name → version. A package installed in several architectures
 * (Multi-Arch: same, e.g. libc6:amd64 and libc6:i386) is keyed "name:arch" for each of
 * them; every other package by its bare name. See INSTALLED_STATES for which packages
 * count; stanzas without a package name, a version or a complete Status are left out.
 *
 * A package that goes from one architecture to two between snapshots changes its key
 * ("libc6" → "libc6:amd64" and "libc6:i386"), so statusChanges shows a removal and two
 * installs for it: the file says nothing about which architecture is the native one.
 */
export function parseDpkgStatus(text: string): Map<string, string> {
  const stanzas = installedStanzas(text);

  const archesOf = new Map<string, Set<string>>();
  for (const { name, arch } of stanzas) {
    const arches = archesOf.get(name) ?? new Set<string>();
    arches.add(arch ?? '');
    archesOf.set(name, arches);
  }

  const installed = new Map<string, string>();
  for (const { name, arch, version } of stanzas) {
    const qualified = arch !== undefined && (archesOf.get(name)?.size ?? 0) > 1;
    installed.set(qualified ? `${name}:${arch}` : name, version);
  }
  return installed;
}

/** The stanzas of the installed packages, in the order of the file. */
function installedStanzas(text: string): Stanza[] {
  const stanzas: Stanza[] = [];
  for (const fields of paragraphs(text)) {
    const name = fields.get('package');
    const version = fields.get('version');
    const state = fields.get('status')?.split(/[ \t]+/)[2];
    if (!name || !version || state === undefined || !INSTALLED_STATES.has(state)) continue;
    stanzas.push({ name, arch: fields.get('architecture') || undefined, version });
  }
  return stanzas;
}

/**
 * The paragraphs of a deb822 text, each as its fields: lower-cased name → value, trimmed,
 * of the first line only (the fields read here are single-line; the continuation lines of
 * Description or Conffiles are skipped). A paragraph ends at an empty line, or one of
 * only blanks (which Debian policy lets parsers accept as separators).
 */
function paragraphs(text: string): Array<Map<string, string>> {
  const result: Array<Map<string, string>> = [];
  let current = new Map<string, string>();
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (/^[ \t]*$/.test(line)) {
      if (current.size > 0) result.push(current);
      current = new Map();
      continue;
    }
    // A continuation line (" .", " /etc/foo.conf <md5>") or a line that is not a field.
    if (line.startsWith(' ') || line.startsWith('\t')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    current.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  if (current.size > 0) result.push(current);
  return result;
}

/**
 * What changed between two snapshots from parseDpkgStatus, one change per package,
 * sorted by name as packageChanges sorts them: install (only after), remove (only
 * before), upgrade or downgrade (both, by Debian version order). Packages whose version
 * did not change are left out, as are versions that differ only in spelling but compare
 * equal ("1.0" and "0:1.0"); a reinstall cannot be seen in a status file, so there is none.
 */
export function statusChanges(before: Map<string, string>, after: Map<string, string>): PackageChange[] {
  const changes: PackageChange[] = [];
  for (const [name, oldVersion] of before) {
    const newVersion = after.get(name);
    if (newVersion === undefined) {
      changes.push({ name, kind: 'remove', oldVersion });
      continue;
    }
    if (newVersion === oldVersion) continue;
    const order = compareVersions(oldVersion, newVersion);
    if (order === 0) continue;
    changes.push({ name, kind: order < 0 ? 'upgrade' : 'downgrade', oldVersion, newVersion });
  }
  for (const [name, newVersion] of after) {
    if (!before.has(name)) changes.push({ name, kind: 'install', newVersion });
  }
  return changes.sort((a, b) => compareNames(a.name, b.name));
}

// dpkg writes only versions it accepts, so compareDebianVersions does not throw on them;
// should one be malformed anyway, the change still gets recorded, as the common case.
function compareVersions(oldVersion: string, newVersion: string): number {
  try {
    return compareDebianVersions(oldVersion, newVersion);
  } catch {
    return -1;
  }
}

// By code unit, as packageChanges in transaction.ts.
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
