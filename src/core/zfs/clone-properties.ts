import { ZfsOutputError } from './errors.js';
import type { ZfsProperties } from './zfs-get.js';

// `zfs clone` does NOT copy the origin's local properties: a clone inherits from its new
// parent like any new dataset. Proxmox sets `acltype=posixacl` and `xattr=sa` locally on
// rpool/ROOT/pve-1, so a plain clone of it would boot with different ACL and xattr
// semantics. Hence every local property of the source is passed to `zfs clone -o`.
//
// Left out, because the caller sets them itself for a boot environment: mountpoint,
// canmount, and user properties (`ns:name`, our BE metadata among them). Left out because
// `zfs clone` refuses them ("Encryption properties must inherit from origin dataset"): the
// encryption properties, of which `keylocation` can be local on an encryption root.
const NOT_FOR_A_CLONE = new Set([
  'mountpoint',
  'canmount',
  'encryption',
  'keyformat',
  'keylocation',
  'pbkdf2iters',
]);

/**
 * The `[property, value]` pairs to pass to `zfs clone -o` so the clone of `dataset`
 * behaves like it, in `zfs get` output order. Throws ZfsOutputError if `dataset` is not
 * in the output: an empty answer there would silently drop acltype and xattr.
 */
export function localProperties(get: ZfsProperties, dataset: string): Array<[string, string]> {
  const properties = get.get(dataset);
  if (properties === undefined) {
    throw new ZfsOutputError(`no properties of ${dataset} in the zfs get output`);
  }
  const result: Array<[string, string]> = [];
  for (const [property, { value, source }] of properties) {
    if (source !== 'local') continue;
    if (NOT_FOR_A_CLONE.has(property) || property.includes(':')) continue;
    result.push([property, value]);
  }
  return result;
}

/** `-o property=value` for each pair, in order: how `zfs clone` and `zfs receive` take properties. */
export function propertyOptions(properties: ReadonlyArray<readonly [string, string]>): string[] {
  return properties.flatMap(([property, value]) => ['-o', `${property}=${value}`]);
}

/** The argv (after `zfs`) that clones snapshot as dataset with these properties set on it. */
export function cloneArgs(snapshot: string, dataset: string, properties: ReadonlyArray<readonly [string, string]>): string[] {
  return ['clone', ...propertyOptions(properties), snapshot, dataset];
}
