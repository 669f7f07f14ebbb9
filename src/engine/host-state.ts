// What every boot-environment command starts from: which dataset is booted, where the
// boot environments live, and which of them boots by default and next time. One `zfs
// list`, one `zpool get`, one EFI variable read (on GRUB hosts: grubenv on an ESP).
import { beRootOf, type BootEnvironment } from '../core/be/boot-environment.js';
import { quote } from '../core/config/errors.js';
import { beOfEntryName } from '../core/esp/layout.js';
import { readOneShotEntry } from '../adapters/bootloader/one-shot.js';
import { HostError, rootDataset } from '../adapters/host.js';
import { listBootEnvironments, poolBootfs } from '../adapters/zfs.js';
import { BeError, PveBootenvError } from '../core/errors.js';
import { TRIAL_MARKER, trialStatus, trialWantsEntry, type TrialStatus } from '../core/trial/trial-record.js';
import { bootId, runningCmdline } from '../adapters/running-boot.js';

export interface HostState {
  /** The dataset mounted at /. */
  booted: string;
  /** Its parent, which holds every boot environment (rpool/ROOT). */
  beRoot: string;
  pool: string;
  bes: BootEnvironment[];
  /** The pool's bootfs property as it is (undefined when unset). */
  bootfs: string | undefined;
  /** The BE that boots by default: the pool's bootfs if it is a BE, else the booted one. */
  defaultDataset: string;
  /** The BE whose entry boots once next (LoaderEntryOneShot, or GRUB's next_entry), if any. */
  nextBootDataset: string | undefined;
  /** That one-shot choice as read (an entry name; GRUB's raw next_entry if it is not ours). */
  oneShotEntry: string | undefined;
  /** The running boot's id (a trial's record names the boot that set it). */
  bootId: string;
  /** The running system came up through a trial entry (its command line has the marker). */
  bootedAsTrial: boolean;
  /** The BE whose trial entry stays on the ESPs: a trial pending, or this boot is it. */
  trialDataset: string | undefined;
}

/** What the BE's trial record means in this boot (undefined: it has none). */
export function trialOf(state: Pick<HostState, 'booted' | 'bootId' | 'bootedAsTrial'>, be: BootEnvironment): TrialStatus | undefined {
  return trialStatus(be.trial, { bootId: state.bootId, isBooted: be.dataset === state.booted, bootedAsTrial: state.bootedAsTrial });
}


export async function readHostState(): Promise<HostState> {
  const booted = await rootDataset();
  const beRoot = beRootOf(booted);
  if (!beRoot) throw new HostError(`the root dataset ${booted} has no parent to hold boot environments (expected e.g. rpool/ROOT/pve-1)`);
  const pool = booted.split('/')[0]!;
  const [bes, bootfs, oneShotEntry, id, cmdline] = await Promise.all([listBootEnvironments(beRoot), poolBootfs(pool), readOneShotEntry(), bootId(), runningCmdline()]);
  const defaultDataset = bes.some((be) => be.dataset === bootfs) ? bootfs! : booted;
  const nextName = oneShotEntry === undefined ? undefined : beOfEntryName(oneShotEntry, bes.map((be) => be.name));
  const nextBootDataset = bes.find((be) => be.name === nextName)?.dataset;
  const boot = { booted, bootId: id, bootedAsTrial: cmdline.includes(TRIAL_MARKER) };
  const trialDataset = bes.find((be) => trialWantsEntry(trialOf(boot, be)))?.dataset;
  return { beRoot, pool, bes, bootfs, defaultDataset, nextBootDataset, oneShotEntry, ...boot, trialDataset };
}

/** The boot environment called name, or a BeError that says how to see which exist. */
export function findBe(state: HostState, name: string): BootEnvironment {
  const be = state.bes.find((b) => b.name === name);
  if (!be) throw new BeError(`no boot environment ${quote(name)} under ${state.beRoot}; 'pve-bootenv list' shows them`);
  return be;
}

