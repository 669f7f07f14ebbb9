// `pve-bootenv hold` / `release`: a held BE is never pruned nor destroyed (a ZFS user
// property, so it travels with the dataset).
import { PROPS } from '../core/be/boot-environment.js';
import { inheritProperty, setProperties } from '../adapters/zfs.js';
import { findBe, readHostState } from './host-state.js';

/** Sets or clears the hold; returns false when it already was as asked. */
export async function setHeld(name: string, held: boolean): Promise<boolean> {
  const be = findBe(await readHostState(), name);
  if (be.held === held) return false;
  // Released: the property is cleared (inherit), as on a BE that was never held.
  if (held) await setProperties(be.dataset, { [PROPS.held]: 'yes' });
  else await inheritProperty(be.dataset, PROPS.held);
  return true;
}
