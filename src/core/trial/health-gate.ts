// The trial's health gate as a decision over what pve-bootenv-trial.service observed
// (engine/trial-gate.ts gathers it): the BE becomes the default only if every check passed.

export interface GateObservation {
  /** `systemctl is-system-running --wait`'s answer, or undefined if it did not answer in time. */
  systemState: string | undefined;
  /** Each imported pool's health (zpool list -o name,health). */
  pools: ReadonlyArray<{ name: string; health: string }>;
  /** The units that must be active, with systemd's ActiveState and LoadState of each. */
  units: ReadonlyArray<{ unit: string; activeState: string; loadState: string }>;
  /** The executables of health.d, each run once: exit code, or timedOut. */
  checks: ReadonlyArray<{ name: string; exitCode: number | undefined; timedOut: boolean }>;
}

export type GateVerdict = { pass: true } | { pass: false; reasons: string[] };

const BAD_POOL = new Set(['FAULTED', 'UNAVAIL', 'SUSPENDED']);

export function gateVerdict(seen: GateObservation): GateVerdict {
  const reasons: string[] = [];
  if (seen.systemState === undefined) reasons.push('systemd did not finish starting in time');
  else if (seen.systemState !== 'running') reasons.push(`systemd is ${seen.systemState}`);
  for (const pool of seen.pools) if (BAD_POOL.has(pool.health)) reasons.push(`pool ${pool.name} is ${pool.health}`);
  for (const unit of seen.units) {
    if (unit.loadState === 'not-found') reasons.push(`unit ${unit.unit} is not installed`);
    else if (unit.activeState !== 'active') reasons.push(`unit ${unit.unit} is ${unit.activeState}`);
  }
  for (const check of seen.checks) {
    if (check.timedOut) reasons.push(`health.d/${check.name} did not finish in time`);
    else if (check.exitCode !== 0) reasons.push(`health.d/${check.name} exited ${check.exitCode ?? 'by a signal'}`);
  }
  return reasons.length === 0 ? { pass: true } : { pass: false, reasons };
}

/** The units the gate requires: those configured, or else those of Proxmox's that are installed. */
export function requiredUnits(configured: readonly string[] | undefined, installed: (unit: string) => boolean): string[] {
  if (configured !== undefined) return [...configured];
  return PROXMOX_UNITS.filter(installed);
}

/** `[trial] require-units`' default: the node's cluster filesystem and API, where installed. */
export const PROXMOX_UNITS = ['pve-cluster.service', 'pvedaemon.service', 'pveproxy.service', 'pvestatd.service'];
