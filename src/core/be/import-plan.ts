// What `pve-bootenv import` receives and what it accepts: a stream received as a new BE
// (unmounted, placed like every BE), and only if it gave one file system. The engine runs
// the receive, checks what arrived with receivedTreeProblem, and destroys what it refused.
import { BE_PLACEMENT } from './boot-environment.js';
import type { ZfsStep } from './steps.js';
import { propertyOptions } from '../zfs/clone-properties.js';

/** zfs receive of a stream as dataset: -u, not mounted (it is not booted, and nothing of it may mount over ours). */
export function receiveStep(dataset: string): ZfsStep {
  return { op: 'zfs', args: ['receive', '-u', ...propertyOptions(BE_PLACEMENT), dataset] };
}

/**
 * Why what a stream gave (the received dataset and everything under it, parents first) is
 * no BE, or undefined when it is one: a replication stream's children would be mounted at
 * boot wherever their mountpoint says (over /etc, say), and a volume is no root file system.
 */
export function receivedTreeProblem(tree: ReadonlyArray<{ name: string; type: string }>): string | undefined {
  if (tree.length === 1 && tree[0]!.type === 'filesystem') return undefined;
  const what =
    tree.length > 1
      ? `the stream holds ${tree.length - 1} dataset(s) under it (${tree.slice(1, 3).map((d) => d.name).join(', ')}${tree.length > 3 ? ', …' : ''})`
      : `the stream is a ${tree[0]?.type ?? 'dataset of an unknown type'}, not a file system`;
  return `${what}; a boot environment is one file system: export it with 'pve-bootenv export' (zfs send -p, not -R)`;
}
