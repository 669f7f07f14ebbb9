// The apt hook: before dpkg changes packages, one BE per apt transaction, recording what
// changes (Pre-Install-Pkgs); after dpkg, the ESPs brought up to date (Post-Invoke).
// Where a BE makes no sense (container, chroot, no ZFS root, disabled) it says why and
// lets apt go on; a real failure lets apt go on too unless on-failure = abort.
import { parseAptHookInput, aptConfigValue } from '../core/apt/hook-input.js';
import { encodeChanges, importantReasons, isNoOp, packageChanges, summaryLine } from '../core/apt/transaction.js';
import { nameFromTemplate } from '../core/be/name-template.js';
import type { Config } from '../core/config/config.js';
import { messageOf } from '../core/errors.js';
import { beOfTransaction, readTransaction, rememberTransaction, transactionKey, type TransactionMarker } from '../adapters/apt-transaction.js';
import { readBootInputs } from '../adapters/boot-inputs.js';
import { HostError, inChroot, insideBe, requireNoContainer, rootDataset } from '../adapters/host.js';
import { stderrLogger } from '../adapters/log.js';
import { poolFreePercent } from '../adapters/zfs.js';
import { create } from './create.js';
import { pruneAndSync } from './prune.js';
import { readHostState } from './host-state.js';

export type HookOutcome =
  /** Nothing to say (no change, or skipped quietly); `why` is shown when verbose. */
  | { result: 'skipped'; why: string }
  | { result: 'saved'; be: string; line: string }
  | { result: 'failed'; message: string; abort: boolean };

/** Pre-Install-Pkgs: `input` is what apt wrote on the info fd. */
export async function beforeDpkg(input: string, config: Config, now = new Date()): Promise<HookOutcome> {
  const parsed = parseAptHookInput(input);
  const changes = packageChanges(parsed.actions, aptConfigValue(parsed.config, 'APT::Architecture'));
  if (isNoOp(changes)) return { result: 'skipped', why: 'no package changes' };
  if (!config.apt.enabled) return { result: 'skipped', why: 'disabled ([apt] enabled = no in /etc/pve-bootenv.conf)' };
  const skip = await reasonToSkip();
  if (skip) return { result: 'skipped', why: skip };

  const fail = (message: string): HookOutcome => ({ result: 'failed', message, abort: config.apt.onFailure === 'abort' });
  try {
    const key = await transactionKey();
    const earlier = key === undefined ? undefined : await beOfTransaction(key);
    if (earlier) return { result: 'skipped', why: `this apt run is saved in ${earlier} already` };

    const state = await readHostState();
    const free = await poolFreePercent(state.pool);
    if (free < config.apt.minFreePercent) {
      return fail(`pool ${state.pool} has ${free.toFixed(1)} % free, less than min-free-percent = ${config.apt.minFreePercent}; free space or lower it in /etc/pve-bootenv.conf`);
    }
    const name = nameFromTemplate(config.apt.nameTemplate, now, new Set(state.bes.map((be) => be.name)));
    const summary = summaryLine(changes);
    const important = importantReasons(changes);
    const command = aptConfigValue(parsed.config, 'CommandLine::AsString');
    const made = await create(
      name,
      {
        madeBy: 'apt',
        description: summary,
        properties: {
          packages: encodeChanges(changes),
          ...(important.length > 0 ? { important: important.join(',') } : {}),
          ...(command ? { command } : {}),
        },
        espUpdate: 'entries-only',
        dryRun: false,
      },
      config.esp,
      state,
    );
    // The BE is saved whatever happens here; not remembering it only means that a later
    // dpkg run of the same apt run saves one more. Worth a line in the journal, not a failure.
    if (key !== undefined) {
      // Taken after our own ESP writes: what Post-Invoke compares with to know whether dpkg
      // left anything for a sync to do.
      const bootInputs = await readBootInputs().catch(() => undefined);
      const marker: TransactionMarker = { key, be: name, ...(bootInputs ? { bootInputs } : {}), ...(made.syncPending ? { syncPending: true } : {}) };
      await rememberTransaction(marker).catch((error: unknown) =>
        stderrLogger({ journal: true }).warn(`saved ${name}, but could not note it for the rest of this apt run (${messageOf(error)}); a later dpkg run of it may save another boot environment`),
      );
    }
    return { result: 'saved', be: name, line: `saved boot environment ${name} (${summary})` };
  } catch (error) {
    return fail(`could not save a boot environment: ${messageOf(error)}`);
  }
}

/** Why no BE belongs here at all (not a failure), or undefined. */
async function reasonToSkip(): Promise<string | undefined> {
  try {
    const be = insideBe();
    if (be) return `running inside boot environment ${be} (pve-bootenv run or upgrade), which records and syncs it`;
    await requireNoContainer();
    if (await inChroot()) return 'running in a chroot';
    await rootDataset();
    return undefined;
  } catch (error) {
    if (error instanceof HostError) return error.message;
    throw error;
  }
}

/**
 * Post-Invoke: dpkg may have installed a kernel or initrd into the booted BE, and there is
 * one BE more: prune by policy (which syncs when it destroys something), else sync. The
 * sync is left out when nothing it reads changed since the Pre-Install-Pkgs hook of this
 * transaction (its BE's entries are on the ESPs already, and no ESP is past max-loaded):
 * the kernel hooks have synced whatever dpkg did to a kernel or initrd in between.
 */
export async function afterDpkg(config: Config): Promise<string[]> {
  if ((await reasonToSkip()) !== undefined) return [];
  const key = await transactionKey().catch(() => undefined);
  const marker = key === undefined ? undefined : await readTransaction(key);
  const unchanged = marker?.bootInputs !== undefined && !marker.syncPending && sameLines(marker.bootInputs, await readBootInputs().catch(() => undefined));
  const problems = await pruneAndSync(config, { syncUnlessPruned: !unchanged });
  // A later dpkg run of the same apt run (unattended-upgrades) compares with this state.
  if (marker !== undefined && problems.length === 0) {
    const bootInputs = await readBootInputs().catch(() => undefined);
    const next: TransactionMarker = { key: marker.key, be: marker.be, ...(bootInputs ? { bootInputs } : {}) };
    if (!unchanged || !sameLines(marker.bootInputs, bootInputs)) await rememberTransaction(next).catch(() => undefined);
  }
  return problems;
}

function sameLines(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return a !== undefined && b !== undefined && a.length === b.length && a.every((line, i) => line === b[i]);
}
