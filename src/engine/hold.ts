// `pve-bootenv hold` / `release`: a held BE is never pruned nor destroyed (a ZFS user
// property, so it travels with the dataset).
import { PROPS } from '../core/be/boot-environment.js';
import { PROGRAMS } from '../adapters/programs.js';
import { run } from '../adapters/run.js';
import { findBe, readHostState } from './host-state.js';

/** Sets or clears the hold; returns false when it already was as asked. */
export async function setHeld(name: string, held: boolean): Promise<boolean> {
  const be = findBe(await readHostState(), name);
  if (be.held === held) return false;
  await run(PROGRAMS.zfs, held ? ['set', `${PROPS.held}=yes`, be.dataset] : ['inherit', PROPS.held, be.dataset]);
  return true;
}
