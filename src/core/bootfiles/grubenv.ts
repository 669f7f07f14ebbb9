// GRUB's environment block (grub/grubenv): what grub-reboot and grub-editenv write and
// GRUB's load_env/save_env read at boot. A 1024-byte file: a header line, `name=value`
// lines, then '#' up to the end. GRUB rewrites it in place at boot (save_env, to clear
// next_entry), which is why its size must not change; we replace it as a whole, and a
// new file of the same size serves GRUB as well.
import { BootFileError } from './errors.js';

export const GRUBENV_HEADER = '# GRUB Environment Block\n';
export const GRUBENV_SIZE = 1024;

/** The variables in file order, values as stored (GRUB's escapes kept as they are). */
export type GrubEnv = Array<[string, string]>;

export function parseGrubEnv(text: string): GrubEnv {
  if (!text.startsWith(GRUBENV_HEADER)) throw new BootFileError('not a GRUB environment block (no header line)');
  const vars: GrubEnv = [];
  for (const line of text.slice(GRUBENV_HEADER.length).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    if (equals <= 0) throw new BootFileError(`odd line "${line}" in the GRUB environment block`);
    vars.push([line.slice(0, equals), line.slice(equals + 1)]);
  }
  return vars;
}

export function grubEnvValue(vars: GrubEnv, name: string): string | undefined {
  return vars.find(([key]) => key === name)?.[1];
}

/** The variables with name set to value (undefined: removed), others untouched and in order. */
export function withGrubEnvValue(vars: GrubEnv, name: string, value: string | undefined): GrubEnv {
  if (value !== undefined && /[\\\n]/.test(value)) throw new BootFileError(`a GRUB environment value cannot hold a backslash or newline: ${JSON.stringify(value)}`);
  const result = vars.filter(([key]) => key !== name);
  if (value === undefined) return result;
  const at = vars.findIndex(([key]) => key === name);
  result.splice(at === -1 ? result.length : at, 0, [name, value]);
  return result;
}

export function renderGrubEnv(vars: GrubEnv): string {
  const body = GRUBENV_HEADER + vars.map(([key, value]) => `${key}=${value}\n`).join('');
  const size = Buffer.byteLength(body);
  if (size > GRUBENV_SIZE) throw new BootFileError(`the GRUB environment block would need ${size} bytes, more than its ${GRUBENV_SIZE}`);
  return body + '#'.repeat(GRUBENV_SIZE - size);
}
