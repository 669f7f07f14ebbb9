import { trimBlanks } from '../bootfiles/text-lines.js';
import { VersionError } from './errors.js';
import { compareVersionSort } from './version-sort.js';
import { verrevcmp } from './verrevcmp.js';

/** A Debian package version, `[epoch:]upstream[-revision]`. */
export interface DebianVersion {
  epoch: number;
  upstream: string;
  /** "" when the version has no hyphen, which compares equal to "0". */
  revision: string;
}

// dpkg stores the epoch in an int.
const MAX_EPOCH = 2 ** 31 - 1;

/**
 * Splits a version as dpkg's parseversion does: blanks around it are ignored, the epoch
 * is what comes before the FIRST colon, the revision what comes after the LAST hyphen (so
 * the upstream part may hold hyphens, and colons when there is an epoch). Throws
 * VersionError where dpkg reports an error; what dpkg only warns about (no leading
 * digit, characters outside Debian policy) is accepted, as `dpkg --compare-versions`
 * accepts it.
 */
export function parseDebianVersion(version: string): DebianVersion {
  const bad = (problem: string): VersionError =>
    new VersionError(`version ${JSON.stringify(version)} ${problem}`);
  // dpkg's c_isblank: space and tab only.
  const trimmed = trimBlanks(version);
  if (trimmed === '') throw bad('is empty');
  if (/[ \t]/.test(trimmed)) throw bad('has embedded spaces');

  let rest = trimmed;
  let epoch = 0;
  const colon = trimmed.indexOf(':');
  if (colon !== -1) {
    const digits = trimmed.slice(0, colon);
    if (digits === '') throw bad('has an empty epoch');
    // strtol's syntax: an optional sign ("-0" is a valid epoch 0 for dpkg), then digits.
    if (!/^[+-]?[0-9]+$/.test(digits)) throw bad('has an epoch that is not a number');
    epoch = Number(digits);
    if (epoch < 0) throw bad('has a negative epoch');
    if (epoch > MAX_EPOCH) throw bad('has an epoch that is too big');
    rest = trimmed.slice(colon + 1);
    if (rest === '') throw bad('has nothing after the epoch colon');
  }

  const hyphen = rest.lastIndexOf('-');
  const upstream = hyphen === -1 ? rest : rest.slice(0, hyphen);
  const revision = hyphen === -1 ? '' : rest.slice(hyphen + 1);
  if (hyphen !== -1 && revision === '') throw bad('has an empty revision');
  if (upstream === '') throw bad('has an empty upstream version');
  return { epoch: Math.abs(epoch) /* -0 from "-0:" */, upstream, revision };
}

/**
 * Compares two Debian package versions exactly as `dpkg --compare-versions` does: epoch
 * numerically, then upstream, then revision, each of the last two by dpkg's verrevcmp
 * ("~" sorts before everything, even the end: 1.0~rc1 < 1.0; letters before other
 * characters; digit runs as numbers). Returns -1, 0 or 1, so it can be given to sort().
 * Throws VersionError for a version dpkg would refuse.
 */
export function compareDebianVersions(a: string, b: string): number {
  const left = parseDebianVersion(a);
  const right = parseDebianVersion(b);
  if (left.epoch !== right.epoch) return left.epoch < right.epoch ? -1 : 1;
  return verrevcmp(left.upstream, right.upstream) || verrevcmp(left.revision, right.revision);
}

/**
 * Compares kernel ABI versions as found in `/boot/vmlinuz-<kver>` (`6.8.12-4-pve`,
 * `6.1.0-56-amd64`) the way proxmox-boot-tool orders them, with `sort --version-sort`.
 * These are not Debian versions (the last hyphen does not start a revision), so the
 * whole string is compared. Strings that version-sort finds equal ("6.8.04-1-pve" and
 * "6.8.4-1-pve") are ordered by code unit, as `sort` does last, so the order is total
 * and sorting never depends on the input order. Returns -1, 0 or 1.
 */
export function compareKernelVersions(a: string, b: string): number {
  return compareVersionSort(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A copy of `kvers`, newest kernel first (`sort --reverse --version-sort`). */
export function newestFirst(kvers: readonly string[]): string[] {
  return [...kvers].sort((a, b) => compareKernelVersions(b, a));
}
