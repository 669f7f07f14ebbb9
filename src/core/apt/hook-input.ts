// What apt writes to a `DPkg::Pre-Install-Pkgs` hook that asked for protocol version 3
// (`DPkg::Tools::Options::<first word of the hook>::Version "3"`), on the fd named by
// `…::InfoFD` and $APT_HOOK_INFO_FD. Documented in apt.conf(5) ("How APT calls dpkg");
// the exact format below is that of apt's pkgDPkgPM::SendPkgsInfo
// (apt-pkg/deb/dpkgpm.cc, unchanged from apt 1.1 to 3.x), checked against a real run
// (research/ecosystem.md §5):
//
//   VERSION 3                      (apt sends "VERSION 3" when asked for a higher one)
//   <tag>=<value>                  one line per config item with a value, %-encoded
//   …                              (QuoteString: "%", blanks, controls, bytes ≥ 0x7f, and
//   <empty line>                    in the tag also "=" and '"', become %xx)
//   <pkg> <old-ver> <old-arch> <old-ma> <dir> <new-ver> <new-arch> <new-ma> <action>
//   …                              one line per package action, in apt's order
//
// <pkg> is the bare package name (no ":arch"). A missing version is written "- - none"
// (version, arch, Multi-Arch all at once). <old-ma>/<new-ma> are the version's Multi-Arch
// type: none, same, foreign or allowed. <dir> compares the new version to the old one:
// "<" newer (and always "<" for a package that is not installed), "=" the same, ">" older
// or none (a removal is "> - - none"). <action> is the absolute path of the .deb to
// unpack (which may contain spaces for a local file), "**CONFIGURE**", "**REMOVE**" (for
// removals AND purges: the protocol does not tell them apart) or "**ERROR**" (an unpack
// whose file apt does not have as an absolute path).
// Version 2 is the same without the four arch and Multi-Arch fields; version 1 is only
// the .deb paths, with no VERSION line.
import { PveBootenvError } from '../errors.js';

/** Input on the info fd that is not what apt writes. Never guess: no BE rather than a wrong one. */
export class AptHookInputError extends PveBootenvError {
  override name = 'AptHookInputError';

  /** 1-based line of the input at fault. */
  readonly line: number;

  constructor(message: string, line: number) {
    super(`apt hook input line ${line}: ${message}`);
    this.line = line;
  }
}

/** What one action line does to its package, from its action and direction. */
export type PackageActionKind = 'install' | 'upgrade' | 'downgrade' | 'reinstall' | 'remove' | 'configure';

/** What dpkg is asked to do: unpack a .deb, configure, or remove (or purge). */
export type DpkgOperation = 'unpack' | 'configure' | 'remove';

/** One action line. */
export interface PackageAction {
  /** The package name as apt writes it: without ":arch". */
  name: string;
  /** The architecture of the new version, else of the old one; undefined in version 2 input. */
  arch?: string;
  oldVersion?: string;
  oldArch?: string;
  newVersion?: string;
  newArch?: string;
  /** apt's comparison of the new version with the old one. */
  direction: '<' | '=' | '>';
  operation: DpkgOperation;
  /**
   * unpack: install (nothing installed), upgrade ("<"), downgrade (">") or reinstall
   * ("="); remove; configure. Purges read as remove: apt writes both as **REMOVE**.
   */
  kind: PackageActionKind;
  /** The .deb of an unpack; undefined for "**ERROR**". */
  file?: string;
  /** 1-based line of the input. */
  line: number;
}

export interface AptHookInput {
  /** The protocol version of the input: 2 or 3. */
  version: number;
  /**
   * apt's whole configuration, tags and values %-decoded. A list's items all have the
   * tag of the list with "::" after it; this keeps the last one. Tags are as apt spelt
   * them: look them up with aptConfigValue, which ignores case as apt does.
   */
  config: Map<string, string>;
  actions: PackageAction[];
}

// Debian Policy 5.6.1 (package names) and 5.6.12 (versions, as apt accepts them),
// dpkg's architecture names, apt's Multi-Arch types.
const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]*$/;
const VERSION = /^[A-Za-z0-9.+~:-]+$/;
const ARCH = /^[a-z0-9][a-z0-9-]*$/;
const MULTI_ARCH = /^[a-z-]+$/;

/** Undoes apt's QuoteString: %xx are bytes of UTF-8 text. A "%" not followed by two hex digits stays. */
export function aptDequote(text: string): string {
  if (!text.includes('%')) return text;
  // The text between escapes is encoded a run at a time, not a character at a time: apt
  // sends its whole configuration (tens of KB), and a TextEncoder call per character made
  // that the slowest part of the hook.
  const chunks: Uint8Array[] = [];
  let plain = 0;
  for (let i = text.indexOf('%'); i !== -1; i = text.indexOf('%', i + 1)) {
    const hex = text.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) continue;
    if (plain < i) chunks.push(utf8.encode(text.slice(plain, i)));
    chunks.push(Uint8Array.of(parseInt(hex, 16)));
    i += 2;
    plain = i + 1;
  }
  if (plain < text.length) chunks.push(utf8.encode(text.slice(plain)));
  return new TextDecoder().decode(Buffer.concat(chunks));
}

const utf8 = new TextEncoder();

/** The value of an apt config tag such as "APT::Architecture", ignoring case as apt does. */
export function aptConfigValue(config: ReadonlyMap<string, string>, tag: string): string | undefined {
  const exact = config.get(tag);
  if (exact !== undefined) return exact;
  const wanted = tag.toLowerCase();
  for (const [key, value] of config) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** Everything apt wrote on the info fd, read to EOF. Throws AptHookInputError. */
export function parseAptHookInput(text: string): AptHookInput {
  const lines = text.split('\n');
  // The text ends with a newline; a last line without one is taken as it is.
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new AptHookInputError('the input is empty; expected "VERSION 3"', 1);

  const version = parseVersionLine(lines[0] ?? '');
  const config = new Map<string, string>();
  let index = 1;
  for (; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line === '') break;
    const equals = line.indexOf('=');
    // apt writes only the items that have a value, but an empty one harms no one.
    if (equals <= 0) throw new AptHookInputError(`expected a config line "Tag=value", got ${show(line)}`, index + 1);
    config.set(aptDequote(line.slice(0, equals)), aptDequote(line.slice(equals + 1)));
  }
  if (index >= lines.length) {
    throw new AptHookInputError('the input ends inside the config, without the empty line before the packages', index);
  }

  const actions: PackageAction[] = [];
  for (index++; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line === '') continue;
    actions.push(parseActionLine(line, version, index + 1));
  }
  return { version, config, actions };
}

function parseVersionLine(line: string): number {
  const match = /^VERSION ([0-9]+)$/.exec(line);
  if (!match) {
    const hint = line.startsWith('/')
      ? ' (a .deb path: that is protocol version 1; set DPkg::Tools::Options::<hook>::Version "3")'
      : '';
    throw new AptHookInputError(`expected "VERSION 3", got ${show(line)}${hint}`, 1);
  }
  const version = Number(match[1]);
  if (version !== 2 && version !== 3) {
    throw new AptHookInputError(`protocol version ${version} is not supported; expected 3 (or 2)`, 1);
  }
  return version;
}

const ACTIONS: Record<string, DpkgOperation> = {
  '**CONFIGURE**': 'configure',
  '**REMOVE**': 'remove',
  '**ERROR**': 'unpack',
};

function parseActionLine(line: string, version: number, lineNumber: number): PackageAction {
  const bad = (problem: string): AptHookInputError => new AptHookInputError(`${problem} in ${show(line)}`, lineNumber);
  // The version 3 fields, without the arch and Multi-Arch ones in version 2. The action
  // is the rest of the line: a local .deb's path may hold spaces.
  const fieldCount = version >= 3 ? 8 : 4;
  const fields: string[] = [];
  let rest = line;
  for (let i = 0; i < fieldCount; i++) {
    const space = rest.indexOf(' ');
    if (space === -1) {
      throw bad(`expected ${fieldCount + 1} fields separated by single spaces, found ${fields.length + 1}`);
    }
    fields.push(rest.slice(0, space));
    rest = rest.slice(space + 1);
  }
  const [name = '', ...more] = fields;
  const [oldVersion, oldArch, oldMultiArch, direction, newVersion, newArch, newMultiArch] =
    version >= 3
      ? more
      : [more[0], undefined, undefined, more[1], more[2], undefined, undefined];

  if (!PACKAGE_NAME.test(name)) throw bad(`${show(name)} is not a package name`);
  const old = parseVersionFields('old', oldVersion ?? '', oldArch, oldMultiArch, bad);
  const next = parseVersionFields('new', newVersion ?? '', newArch, newMultiArch, bad);
  if (direction !== '<' && direction !== '=' && direction !== '>') {
    throw bad(`expected "<", "=" or ">" between the versions, got ${show(direction ?? '')}`);
  }
  // apt writes "> -" for no new version, and "<" when there is no old one.
  if (next.version === undefined && direction !== '>') throw bad(`"${direction}" before no new version`);
  if (old.version === undefined && next.version !== undefined && direction !== '<') {
    throw bad(`"${direction}" after no old version`);
  }

  let operation: DpkgOperation | undefined = ACTIONS[rest];
  let file: string | undefined;
  if (operation === undefined) {
    if (!rest.startsWith('/')) {
      throw bad(`expected a .deb's absolute path, **CONFIGURE** or **REMOVE**, got ${show(rest)}`);
    }
    operation = 'unpack';
    file = rest;
  }
  if (operation === 'unpack' && next.version === undefined) throw bad('a package to unpack has no new version');

  const action: PackageAction = {
    name,
    direction,
    operation,
    kind: actionKind(operation, direction, old.version !== undefined),
    line: lineNumber,
  };
  const arch = next.arch ?? old.arch;
  if (arch !== undefined) action.arch = arch;
  if (old.version !== undefined) action.oldVersion = old.version;
  if (old.arch !== undefined) action.oldArch = old.arch;
  if (next.version !== undefined) action.newVersion = next.version;
  if (next.arch !== undefined) action.newArch = next.arch;
  if (file !== undefined) action.file = file;
  return action;
}

/** One side's version (and in version 3 arch and Multi-Arch): "-" (and "- none") when absent. */
function parseVersionFields(
  side: 'old' | 'new',
  version: string,
  arch: string | undefined,
  multiArch: string | undefined,
  bad: (problem: string) => AptHookInputError,
): { version?: string; arch?: string } {
  const v3 = arch !== undefined || multiArch !== undefined;
  if (version === '-') {
    if (v3 && (arch !== '-' || multiArch !== 'none')) {
      throw bad(`expected "- - none" for no ${side} version, got ${show(`- ${arch ?? ''} ${multiArch ?? ''}`)}`);
    }
    return {};
  }
  if (!VERSION.test(version)) throw bad(`${show(version)} is not a package version`);
  if (!v3) return { version };
  if (!ARCH.test(arch ?? '')) throw bad(`${show(arch ?? '')} is not an architecture`);
  if (!MULTI_ARCH.test(multiArch ?? '')) throw bad(`${show(multiArch ?? '')} is not a Multi-Arch type`);
  return { version, arch };
}

function actionKind(operation: DpkgOperation, direction: '<' | '=' | '>', installed: boolean): PackageActionKind {
  if (operation === 'configure') return 'configure';
  if (operation === 'remove') return 'remove';
  if (!installed) return 'install';
  return direction === '<' ? 'upgrade' : direction === '>' ? 'downgrade' : 'reinstall';
}

/** A piece of input in an error message: quoted, escaped, on one line, and not too long. */
function show(text: string): string {
  const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return JSON.stringify(shown).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
