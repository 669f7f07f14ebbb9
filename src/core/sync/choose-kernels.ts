// Which of a boot environment's kernels get entries on the ESPs.
import { newestFirst } from '../versions/debian-version.js';

export type KernelPolicy = 'latest' | 'latest-and-booted' | 'all';

/**
 * Newest first (that one is the BE's default entry). With 'latest-and-booted', also the
 * kernel the BE last booted, if it differs and is still installed: after a kernel upgrade
 * that did not boot, the BE can still boot what worked.
 */
export function chooseKernels(available: readonly string[], policy: KernelPolicy, lastBooted?: string): string[] {
  const sorted = newestFirst(available);
  if (policy === 'all') return sorted;
  const chosen = sorted.slice(0, 1);
  if (policy === 'latest-and-booted' && lastBooted && lastBooted !== chosen[0] && sorted.includes(lastBooted)) {
    chosen.push(lastBooted);
  }
  return chosen;
}
