// `pve-bootenv check`: judges the facts the adapters gathered and says, one finding per
// thing to do, what is wrong and how to fix it. Pure and read-only: nothing here, nor in
// the command, changes the host; `pve-bootenv sync --verify` fixes what is on the ESPs.
//
// Rules beyond the entries (entries.ts) and the layout (layout-advice.ts):
// - Boot environments: a problem reading one is critical for a booted or default BE (we
//   cannot tell that it boots; a BE with no kernel does not), else a warning. No default
//   BE at all is a warning. A BE other than the booted one with canmount=on is a warning:
//   `zfs mount -a` at boot could mount it over /.
// - ESPs: none at all, or none that can be read, is critical (nothing can boot a BE of
//   ours); one that cannot be read while others can is a warning, as is a GRUB ESP that
//   proxmox-boot-tool does not manage (not ours), a setup problem of its boot loader (a
//   GRUB-mode ESP whose grub.cfg does not source our menu), less free space than
//   reserve-mib, and a default (loader.conf's, or our GRUB menu's) that is not the default
//   BE's first entry. A default naming an entry of ours that is not on the ESP is critical:
//   the boot loader would fall back to some other entry. A default that cannot be read (a
//   loader.conf with a malformed line) is a warning, and not judged further (the sync goes
//   on past it too). How each boot loader names its default is its strategy's
//   (core/bootloader): nothing here depends on which one it is. (The EFI variable
//   LoaderEntryDefault, which the sync sets too, is not looked at: loader.conf is what an
//   ESP boots on a machine whose variables were reset.)
// - Pool: more than 90 % used is a warning.
// - /etc/kernel/proxmox-boot-uuids: every UUID that resolves to no device is a warning.
import { strategyOf } from '../bootloader/strategies.js';
import { formatPercent, usedPercent } from '../retention/space-pressure.js';
import { isOurEntryFile, pathKey } from '../esp/layout.js';
import { entryFindings, isCritical, ourEntries, rolesOf, SYNC_FIX } from './entries.js';
import type { BeFacts, CheckFacts, ReadableEsp } from './facts.js';
import { layoutFindings } from './layout-advice.js';
import { reportOf, type CheckReport, type Finding } from './report.js';
import { bootloaderToolProblem, platformProblems } from '../host/platform.js';

export const POOL_USED_LIMIT_PERCENT = 90;

const MiB = 1024 * 1024;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

export function checkHost(facts: CheckFacts): CheckReport {
  const findings: Finding[] = [
    ...entryFindings(facts),
    ...beFindings(facts),
    ...espFindings(facts),
    ...poolFindings(facts),
    ...layoutFindings(facts),
    ...facts.unresolvedEspUuids.map(
      (line): Finding => ({
        severity: 'warning',
        subject: `ESP ${line.trim()}`,
        message: 'listed in /etc/kernel/proxmox-boot-uuids, but no partition has this UUID (a replaced disk?)',
        fix: 'proxmox-boot-tool clean',
      }),
    ),
  ];
  const readable = facts.esps.filter((e): e is ReadableEsp => e.kind === 'readable');
  findings.push(...platformFindings(facts, readable));
  return reportOf(findings, {
    bes: facts.bes.length,
    esps: facts.esps.length,
    entries: readable.reduce((sum, esp) => sum + ourEntries(esp).length, 0),
  });
}

function beFindings(facts: CheckFacts): Finding[] {
  const findings: Finding[] = [];
  for (const be of facts.bes) {
    const problems = be.wanted.length === 0 && be.problems.length === 0 ? ['has no kernel in /boot: no entry can boot it'] : be.problems;
    for (const problem of problems) {
      findings.push({
        severity: isCritical(be) ? 'critical' : 'warning',
        subject: be.name,
        message: `${problem}${rolesOf(be)}`,
        fix: be.booted
          ? `look at /boot and /lib/modules, then ${SYNC_FIX}`
          : `look at its /boot and /lib/modules (pve-bootenv mount ${be.name}), then ${SYNC_FIX}`,
      });
    }
    if (be.trialFailed !== undefined) {
      findings.push({
        severity: 'warning',
        subject: be.name,
        message: `its trial boot failed: ${be.trialFailed}; the default did not change`,
        fix: `journalctl -u pve-bootenv-trial (in ${be.name}'s boot) says more; fix it and 'pve-bootenv activate ${be.name} --trial' again, or 'pve-bootenv destroy ${be.name}'`,
      });
    }
    if (!be.booted && be.canmount === 'on') {
      findings.push({
        severity: 'warning',
        subject: be.name,
        message: 'canmount=on but not booted: zfs mount -a at boot could mount it over /',
        fix: `zfs set canmount=noauto ${be.dataset}`,
      });
    }
  }
  if (facts.bes.length > 0 && !facts.bes.some((be) => be.isDefault)) {
    const booted = facts.bes.find((be) => be.booted);
    findings.push({
      severity: 'warning',
      subject: 'boot environments',
      message: 'none is the default (the pool bootfs names none of them)',
      fix: `pve-bootenv activate ${booted?.name ?? '<name>'}`,
    });
  }
  return findings;
}

function espFindings(facts: CheckFacts): Finding[] {
  const findings: Finding[] = [];
  if (facts.esps.length === 0) {
    findings.push({
      severity: 'critical',
      subject: 'ESPs',
      message: 'no ESP found: none listed in /etc/kernel/proxmox-boot-uuids, none mounted at /boot/efi or /efi',
      fix: `register each ESP with proxmox-boot-tool init <partition>, then ${SYNC_FIX}`,
    });
  }
  const noneReadable = facts.esps.every((esp) => esp.kind === 'unreachable');
  const defaultBe = facts.bes.find((be) => be.isDefault);
  for (const esp of facts.esps) {
    const subject = `ESP ${esp.id}`;
    switch (esp.kind) {
      case 'unreachable':
        findings.push({
          severity: noneReadable ? 'critical' : 'warning',
          subject,
          message: `cannot be read: ${esp.error}${noneReadable ? ' (and no other ESP can)' : ''}`,
          fix: `check the disk and proxmox-boot-tool status, then ${SYNC_FIX}`,
        });
        break;
      case 'unsupported':
        findings.push({ severity: 'warning', subject, message: `${esp.why}: not checked`, fix: 'proxmox-boot-tool status shows how it boots' });
        break;
      case 'readable': {
        for (const problem of esp.setupProblems) findings.push({ severity: 'warning', subject, ...problem.finding });
        const reserve = facts.reserveMiB * MiB;
        if (esp.freeBytes < reserve) {
          findings.push({
            severity: 'warning',
            subject,
            message: `${mib(esp.freeBytes)} free of ${mib(esp.sizeBytes)}, less than reserve-mib (${facts.reserveMiB} MiB)`,
            fix: `pve-bootenv prune, or lower max-loaded in /etc/pve-bootenv.conf; then ${SYNC_FIX}`,
          });
        }
        if (esp.defaultProblem !== undefined) {
          // Its default is unknown: judging it would only repeat "no default".
          findings.push({ severity: 'warning', subject, ...esp.defaultProblem });
          break;
        }
        const finding = loaderDefaultFinding(esp, defaultBe);
        if (finding !== undefined) findings.push({ ...finding, subject });
        break;
      }
    }
  }
  return findings;
}

function loaderDefaultFinding(esp: ReadableEsp, defaultBe: BeFacts | undefined): Omit<Finding, 'subject'> | undefined {
  const target = defaultBe?.wanted[0]?.name;
  if (defaultBe === undefined || target === undefined) return undefined; // reported with the BE
  const current = esp.loaderDefault;
  const { defaultSource: source, name: loader, withoutDefault } = strategyOf(esp.bootloader).wording;
  const warn = (message: string): Omit<Finding, 'subject'> => ({ severity: 'warning', message, fix: SYNC_FIX });
  const wants = `the first entry of the default boot environment ${defaultBe.name} (${target})`;
  if (current === undefined) return warn(`${source} has no default: ${withoutDefault}, not ${wants}`);
  // Entry ids are file names; systemd-boot also accepts them without ".conf".
  const names = (name: string) => [pathKey(name), pathKey(`${name}.conf`)];
  if (names(current).includes(pathKey(target))) return undefined;
  if (/[*?[]/.test(current)) return warn(`${source} default is the pattern ${current}, not ${wants}`);
  const ours = isOurEntryFile(current) || isOurEntryFile(`${current}.conf`);
  const exists = ourEntries(esp).some((e) => names(current).includes(pathKey(e.name)));
  if (ours && !exists) {
    return {
      severity: 'critical',
      message: `${source} default ${current} is not on this ESP: ${loader} would boot some other entry, not ${wants}`,
      fix: SYNC_FIX,
    };
  }
  return warn(`${source} default is ${current}, not ${wants}`);
}

function poolFindings(facts: CheckFacts): Finding[] {
  const percent = usedPercent(facts.pool);
  if (percent <= POOL_USED_LIMIT_PERCENT) return [];
  return [
    {
      severity: 'warning',
      subject: `pool ${facts.pool.name}`,
      message: `${formatPercent(percent, POOL_USED_LIMIT_PERCENT)} % used, more than ${POOL_USED_LIMIT_PERCENT} %: writes slow down, and a full pool cannot take a new boot environment`,
      fix: `pve-bootenv prune --dry-run shows what can go (zfs list -o space ${facts.pool.name} shows what uses the space)`,
    },
  ];
}

/** A host whose boot set-up sync refuses to change (core/host/platform.ts): critical, as nothing gets synced. */
function platformFindings(facts: CheckFacts, readable: readonly ReadableEsp[]): Finding[] {
  const tool = bootloaderToolProblem(
    readable.map((esp) => esp.bootloader),
    facts.platform,
  );
  return [...platformProblems(facts.platform), ...(tool ? [tool] : [])].map((problem) => ({ severity: 'critical', subject: 'host', ...problem }));
}
