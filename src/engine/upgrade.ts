// `pve-bootenv upgrade`: the Solaris way of upgrading. A new BE is made from the booted
// one, apt upgrades the new BE (chrooted, see be-session.ts) while the running system stays
// as it is, its kernels and entry go to every ESP, and the admin reboots into it when ready
// (--next-boot: once, so the next reboot after that returns to the old default).
//
// Decisions:
// - Our apt and kernel hooks keep out inside the BE (PVE_BOOTENV_INSIDE): no BE of a BE,
//   and the ESPs are synced once at the end, under the lock.
// - dpkg's triggers rebuild the initramfs of a kernel whose modules changed. A kernel
//   that ends up with no initrd at all (a failed trigger) gets one made here: a kernel
//   without its initrd cannot boot a ZFS root.
// - What changed is recorded like the apt hook records it (pve-bootenv:packages,
//   :important, :description), from the BE's dpkg status before and after.
// - Nothing to upgrade: the new BE is the booted one again, so it goes.
// - apt fails: the BE stays for a look (shell) or to be destroyed; it is not activated,
//   and the error says both.
import { PROPS } from '../core/be/boot-environment.js';
import { nameFromTemplate } from '../core/be/name-template.js';
import { parseDpkgStatus, statusChanges } from '../core/apt/dpkg-status.js';
import { encodeChanges, importantReasons, summaryLine, type PackageChange } from '../core/apt/transaction.js';
import type { Config } from '../core/config/config.js';
import { messageOf } from '../core/errors.js';
import { isContainedRegularFile, readContainedText } from '../adapters/contained-file.js';
import { moduleVersions } from '../adapters/boot-dir.js';
import { withLock } from '../adapters/lock.js';
import { setProperties } from '../adapters/zfs.js';
import { activate } from './activate.js';
import { closeSession, openSession, type BeSession } from './be-session.js';
import type { ChangeReport } from './change-report.js';
import { create, NAME_TAKEN_ADVICE } from './create.js';
import { destroy } from './destroy.js';
import { readHostState } from './host-state.js';
import { BeError } from '../core/errors.js';
import { checkNewBeName } from '../core/be/names.js';
import { closeNotes, runInSession } from './run-in-be.js';
import { sync } from './sync.js';

export const UPGRADE_NAME_TEMPLATE = 'upgrade-%Y%m%d-%H%M%S';

export interface UpgradeOptions {
  /** The new BE's name; from UPGRADE_NAME_TEMPLATE when absent. */
  name?: string;
  then?: 'activate' | 'next-boot' | 'trial';
  now?: Date;
}

export interface UpgradeOutcome {
  be: string;
  changes: PackageChange[];
  /** False when there was nothing to upgrade (and the BE was removed again). */
  kept: boolean;
  /** The activation or the final sync. */
  report?: ChangeReport;
  notes: string[];
}

const APT_STEPS: ReadonlyArray<{ what: string; argv: string[] }> = [
  { what: 'apt-get update', argv: ['apt-get', 'update'] },
  {
    what: 'apt-get dist-upgrade',
    // Keep the admin's changed configuration files, as an unattended upgrade would.
    argv: ['apt-get', '-y', '-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold', 'dist-upgrade'],
  },
];

export async function upgrade(options: UpgradeOptions, config: Config, progress: (line: string) => void): Promise<UpgradeOutcome> {
  const state = await readHostState();
  // A name of the admin's is refused before any progress names it (create checks it again, under the lock).
  if (options.name !== undefined) checkNewBeName(options.name, state.bes.map((be) => be.name), NAME_TAKEN_ADVICE);
  const name = options.name ?? nameFromTemplate(UPGRADE_NAME_TEMPLATE, options.now ?? new Date(), new Set(state.bes.map((be) => be.name)));
  progress(`making boot environment ${name} from the booted one`);
  await withLock(() => create(name, { madeBy: 'upgrade', description: 'pve-bootenv upgrade', espUpdate: 'entries-only', dryRun: false }, config.esp));

  const session = await withLock(async () => openSession(await readHostState(), name)).catch(async (error: unknown) => {
    // Not upgraded at all: a plain copy of the booted BE is no use to anyone. The error
    // that stopped us is the one to throw; a failed removal is told beside it.
    await withLock(() => destroy(name, { origin: true, dryRun: false }, config.esp)).catch((removal: unknown) => {
      progress(`warning: could not remove ${name} again (${messageOf(removal)}); 'pve-bootenv destroy ${name}' does it`);
    });
    throw error;
  });
  const notes: string[] = [];
  let changes: PackageChange[] = [];
  let failure: string | undefined;
  try {
    const before = await installedPackages(session);
    for (const step of APT_STEPS) {
      progress(`${step.what} in ${name}`);
      const status = await runInSession(session, step.argv, { DEBIAN_FRONTEND: 'noninteractive' });
      if (status !== 0) {
        failure = `${step.what} failed in ${name} (exit status ${status})`;
        break;
      }
    }
    changes = statusChanges(before, await installedPackages(session));
    if (failure === undefined) {
      for (const kver of await kernelsWithoutInitrd(session.dir)) {
        progress(`update-initramfs -c -k ${kver} in ${name} (its kernel has no initrd)`);
        const status = await runInSession(session, ['update-initramfs', '-c', '-k', kver]);
        if (status !== 0) failure = `update-initramfs for ${kver} failed in ${name} (exit status ${status})`;
      }
    }
  } finally {
    notes.push(...closeNotes(name, await withLock(() => closeSession(session))));
  }

  const dataset = `${state.beRoot}/${name}`;
  if (changes.length > 0) await recordChanges(dataset, changes);
  if (failure !== undefined) {
    throw new BeError(`${failure}; the running system is unchanged. Look inside with 'pve-bootenv shell ${name}', or remove it with 'pve-bootenv destroy ${name}'`);
  }
  if (changes.length === 0) {
    progress(`nothing to upgrade: removing ${name} again`);
    await withLock(() => destroy(name, { origin: true, dryRun: false }, config.esp));
    return { be: name, changes, kept: false, notes };
  }
  progress(`${name}: ${summaryLine(changes)}`);
  const report = await withLock(async () =>
    options.then
      ? activate(name, { nextBoot: options.then === 'next-boot', trial: options.then === 'trial', dryRun: false }, config.esp)
      : ({ be: name, dryRun: false, steps: [], notes: [], sync: await sync({ ...config.esp, dryRun: false, verify: false }) } satisfies ChangeReport),
  );
  return { be: name, changes, kept: true, report, notes: [...notes, ...report.notes] };
}

/** dpkg's status of a host with thousands of packages is a few MiB. */
const MAX_DPKG_STATUS_BYTES = 64 * 1024 * 1024;

async function installedPackages(session: BeSession): Promise<Map<string, string>> {
  // Read inside the BE: whatever ran in it may have made the file a link to a host file.
  const status = await readContainedText(session.dir, 'var/lib/dpkg/status', MAX_DPKG_STATUS_BYTES);
  if (status === undefined) throw new BeError(`${session.be.name} has no /var/lib/dpkg/status: not a Debian system`);
  return parseDpkgStatus(status);
}

/** Kernel versions with modules and a vmlinuz in the BE but no initrd. */
async function kernelsWithoutInitrd(root: string): Promise<string[]> {
  // No /lib/modules we may read (absent, or a link out of the BE): no kernel to make one for.
  const kvers = await moduleVersions(root).catch(() => [] as string[]);
  const missing: string[] = [];
  for (const kver of kvers.sort()) {
    if ((await isContainedRegularFile(root, `boot/vmlinuz-${kver}`)) && !(await isContainedRegularFile(root, `boot/initrd.img-${kver}`))) missing.push(kver);
  }
  return missing;
}

async function recordChanges(dataset: string, changes: readonly PackageChange[]): Promise<void> {
  const important = importantReasons(changes);
  await setProperties(dataset, {
    [PROPS.packages]: encodeChanges(changes),
    [PROPS.description]: `upgrade: ${summaryLine(changes)}`,
    ...(important.length > 0 ? { [PROPS.important]: important.join(',') } : {}),
  });
}
