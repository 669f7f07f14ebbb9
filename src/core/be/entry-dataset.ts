// Which boot environment a loader entry boots: the dataset its root= names. `list` uses it
// to show on which ESPs a BE can be started, whatever the entry file happens to be called.
import { parseKernelCmdline } from '../bootfiles/kernel-cmdline.js';
import { parseLoaderEntry } from '../bootfiles/loader-entry.js';

/**
 * The dataset named by the last `root=` of the entry's options, as the kernel and the
 * initramfs both take the last one. withRootDataset writes `root=ZFS=<dataset>`; the ZFS
 * initramfs also takes `root=zfs:<dataset>`, so an entry written by hand that way counts.
 * Undefined when the entry has no such root= (another root=, `zfs:AUTO`, none at all) or
 * cannot be parsed: listing must show what it can, never fail on one odd file.
 */
export function datasetOfEntry(text: string): string | undefined {
  let tokens: string[];
  try {
    tokens = parseKernelCmdline(parseLoaderEntry(text).options);
  } catch {
    return undefined;
  }
  let root: string | undefined;
  for (const token of tokens) {
    const value = rootValue(token);
    if (value !== undefined) root = value;
  }
  if (root === undefined) return undefined;
  const dataset = /^(?:ZFS=|zfs:)(.+)$/.exec(root)?.[1];
  return dataset === undefined || dataset === 'AUTO' ? undefined : dataset;
}

/**
 * The value of a `root=` parameter with the quotes the kernel strips (`"root=…"`,
 * `root="…"`) removed, or undefined for any other parameter.
 */
function rootValue(token: string): string | undefined {
  let param = token.startsWith('"') ? token.slice(1) : token;
  if (!param.startsWith('root=')) return undefined;
  if (param.endsWith('"')) param = param.slice(0, -1);
  const value = param.slice('root='.length);
  return value.startsWith('"') ? value.slice(1) : value;
}
