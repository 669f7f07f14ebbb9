// For each boot environment: the entries it wants on the ESPs (its own kernels, its own
// command line with root= forced to its dataset), and its role (default, booted, next).
import { release } from 'node:os';
import { parseKernelCmdline } from '../core/bootfiles/kernel-cmdline.js';
import type { BootEnvironment } from '../core/be/boot-environment.js';
import { beNameProblem } from '../core/be/names.js';
import { isSafeEspName } from '../core/esp/layout.js';
import { bootCommandLine } from '../core/sync/be-cmdline.js';
import { chooseKernels, type KernelPolicy } from '../core/sync/choose-kernels.js';
import { followedPin, kernelPin } from '../core/sync/kernel-pin.js';
import { wantedEntry } from '../core/sync/entry-text.js';
import { inLoadOrder, loadReason } from '../core/sync/load-order.js';
import type { WantedBe, WantedEntry } from '../core/sync/model.js';
import { bootPair, readBootDir } from '../adapters/boot-dir.js';
import { mountBeReadOnly, unmountBe } from '../adapters/be-mount.js';
import { HashCache } from '../adapters/hash-cache.js';
import { messageOf } from '../core/errors.js';

export interface BeFacts {
  bes: BootEnvironment[];
  booted: string;
  /** The BE that boots by default. */
  defaultDataset: string;
  /** The BE chosen for the next boot only, if any. */
  nextBootDataset: string | undefined;
}

export interface GatheredBes {
  wanted: WantedBe[];
  /** The entry that should boot by default, undefined if the default BE has no kernel. */
  defaultEntry: string | undefined;
  defaultBe: string | undefined;
  problems: string[];
  /** Read-only mounts made for reading; released by release(). */
  release(): Promise<void>;
}

export async function gatherBes(facts: BeFacts, policy: KernelPolicy): Promise<GatheredBes> {
  const problems: string[] = [];
  const mounts: string[] = [];
  const defaultDataset = facts.defaultDataset;
  const entriesOf = new Map<string, WantedEntry[]>();
  const hashes = await HashCache.load();

  for (const be of facts.bes) {
    const nameProblem = beNameProblem(be.name);
    if (nameProblem) {
      problems.push(`${be.name}: not put on the ESPs: ${nameProblem}; rename the dataset to boot it`);
      continue;
    }
    try {
      const isBooted = be.dataset === facts.booted;
      let dir = '/';
      if (!isBooted) {
        const mount = await mountBeReadOnly(be.dataset, be.name);
        if (mount.ours) mounts.push(mount.dir);
        dir = mount.dir;
      }
      entriesOf.set(be.name, await beEntries({ be, dir, isBooted, hashes, policy, problems }));
    } catch (error) {
      problems.push(`${be.name}: ${messageOf(error)}`);
      entriesOf.set(be.name, []);
    }
  }

  await hashes.save().catch((error: unknown) => problems.push(`cannot save the hash cache: ${messageOf(error)}`));

  const roles = facts.bes
    .filter((be) => entriesOf.has(be.name))
    .map((be) => ({
      name: be.name,
      created: be.created,
      isDefault: be.dataset === defaultDataset,
      isBooted: be.dataset === facts.booted,
      isNextBoot: be.dataset === facts.nextBootDataset,
    }));
  const wanted = inLoadOrder(roles).map((role) => ({ be: role.name, reason: loadReason(role), entries: entriesOf.get(role.name) ?? [] }));
  const defaultBe = facts.bes.find((be) => be.dataset === defaultDataset)?.name;
  const defaultEntry = wanted.find((w) => w.be === defaultBe)?.entries[0]?.name;
  return {
    wanted,
    defaultEntry,
    defaultBe,
    problems,
    release: async () => {
      for (const dir of mounts) await unmountBe(dir);
    },
  };
}

export interface BeEntriesInput {
  be: BootEnvironment;
  /** Where the BE's files can be read ("/" for the booted one). */
  dir: string;
  isBooted: boolean;
  hashes: HashCache;
  policy: KernelPolicy;
  /** Collects what keeps (some of) its kernels off the ESPs. */
  problems: string[];
}

/** The entries one BE wants: one per chosen kernel of its own /boot, root= its dataset. */
export async function beEntries({ be, dir, isBooted, hashes, policy, problems }: BeEntriesInput): Promise<WantedEntry[]> {
  const boot = await readBootDir(dir);
  for (const line of boot.skipped) problems.push(`${be.name}: ${line}`);
  if (boot.kvers.length === 0) {
    problems.push(`${be.name}: its /boot has no kernel with an initrd; it cannot be booted`);
    return [];
  }
  const lastBooted = isBooted ? release() : be.lastKernel;
  const given = boot.cmdline === undefined ? [] : parseKernelCmdline(boot.cmdline);
  const line = bootCommandLine(given, boot.cmdlineFrom, be.dataset);
  if (!line.ok) {
    problems.push(`${be.name}: with its root= ${line.tooLong}; it is not put on the ESPs`);
    return [];
  }
  const cmdline = line.tokens;
  if (boot.cmdline === undefined) problems.push(`${be.name}: has no /etc/kernel/cmdline (nor GRUB_CMDLINE_LINUX in /etc/default/grub); booting it with "${cmdline.join(' ')}"`);
  const pin = followedPin(kernelPin(boot.pins), boot.kvers);
  if (pin.problem !== undefined) problems.push(`${be.name}: ${pin.problem}`);
  const entries: WantedEntry[] = [];
  for (const kver of chooseKernels(boot.kvers, policy, lastBooted, pin.kver)) {
    if (!isSafeEspName(kver)) {
      problems.push(`${be.name}: kernel version "${kver}" cannot be used for files on an ESP; skipped`);
      continue;
    }
    const pair = await bootPair(dir, kver, hashes);
    const entryFacts = { be: be.name, kver, cmdline, created: be.created, ...(be.madeBy ? { origin: be.madeBy } : {}), ...(be.description ? { description: be.description } : {}) };
    entries.push(wantedEntry(entryFacts, pair.linux, pair.initrd));
  }
  return entries;
}
