// Which of a boot environment's kernels get entries on the ESPs.
import { newestFirst } from '../versions/debian-version.js';

export type KernelPolicy = 'latest' | 'latest-and-booted' | 'all';

/**
 * Newest first (the first is the BE's default entry). With 'latest-and-booted', also the
 * kernel the BE last booted, if it differs and is still installed: after a kernel upgrade
 * that did not boot, the BE can still boot what worked. A pinned kernel (one the BE has:
 * kernel-pin.ts followedPin) comes first, whatever the policy; the newest stays beside it.
 */
export function chooseKernels(available: readonly string[], policy: KernelPolicy, lastBooted?: string, pinned?: string): string[] {
  const sorted = newestFirst(available);
  const chosen = policy === 'all' ? sorted : sorted.slice(0, 1);
  if (policy === 'latest-and-booted' && lastBooted && lastBooted !== chosen[0] && sorted.includes(lastBooted)) {
    chosen.push(lastBooted);
  }
  if (pinned === undefined || !sorted.includes(pinned)) return chosen;
  return [pinned, ...chosen.filter((kver) => kver !== pinned)];
}
