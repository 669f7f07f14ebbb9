// `pve-bootenv trial-gate`, run by pve-bootenv-trial.service in a boot that came up through
// a trial entry: waits for systemd to finish starting, observes the host, and lets the
// health gate decide (core/trial/health-gate.ts). Passed: the BE becomes the default exactly
// as `activate` makes it, then its record says passed. Failed: the record says why, the
// trial entry goes from the ESPs, and (on-failure = reboot) the host reboots into the
// default, which never changed. The one-shot choice was used up by this boot, so nothing
// starts the trial again. The wait and the observing run without our lock (minutes, in which
// the admin's own commands and the hooks must not be kept waiting); the decision takes it.
import type { Config } from '../core/config/config.js';
import { messageOf } from '../core/errors.js';
import { gateVerdict, PROXMOX_UNITS, requiredUnits, type GateObservation } from '../core/trial/health-gate.js';
import { serializeTrial, TRIAL_PROPERTY } from '../core/trial/trial-record.js';
import { healthChecks, poolHealth, rebootHost, runHealthCheck, settledSystemState, unitStates } from '../adapters/health-checks.js';
import { withLock } from '../adapters/lock.js';
import { setProperties } from '../adapters/zfs.js';
import { activate } from './activate.js';
import { readHostState, trialOf } from './host-state.js';
import { sync } from './sync.js';

export type GateOutcome =
  | { decided: false; why: string }
  | { decided: true; be: string; passed: boolean; reasons: string[]; rebooting: boolean };

export async function runTrialGate(config: Config, log: (line: string) => void): Promise<GateOutcome> {
  const state = await readHostState();
  const found = state.bes.find((b) => b.dataset === state.booted);
  const status = found && trialOf(state, found);
  if (!found || status?.kind !== 'on-trial') {
    const why = found ? `${found.name} is not on trial in this boot${status ? ` (its trial: ${status.kind})` : ''}` : `the root dataset ${state.booted} is not a boot environment`;
    return { decided: false, why };
  }
  const be = found;
  const deadline = Date.now() + config.trial.timeout * 1000;
  const left = () => deadline - Date.now();

  log(`trial of ${be.name}: waiting for systemd to finish starting (at most ${config.trial.timeout} s for the whole gate)`);
  const systemState = await settledSystemState(left());
  const seen: GateObservation = { systemState, pools: [], units: [], checks: [] };
  try {
    const configured = config.trial.requireUnits === 'installed-proxmox' ? undefined : config.trial.requireUnits;
    const proxmox = configured === undefined ? await unitStates(PROXMOX_UNITS) : [];
    const units = requiredUnits(configured, (unit) => proxmox.some((u) => u.unit === unit && u.loadState !== 'not-found'));
    const checks: GateObservation['checks'][number][] = [];
    for (const name of await healthChecks()) {
      const ran = await runHealthCheck(name, left());
      for (const line of ran.output.split('\n').filter((l) => l !== '')) log(`health.d/${name}: ${line}`);
      checks.push(ran);
    }
    Object.assign(seen, { pools: await poolHealth(), units: await unitStates(units), checks });
  } catch (error) {
    return fail(`the gate could not look: ${messageOf(error)}`);
  }
  const verdict = gateVerdict(seen);
  const outcome = await withLock(async (): Promise<GateOutcome> => {
    // The admin may have cancelled or replaced the trial (activate, --clear-next-boot) while
    // the gate waited: their choice stands.
    const now = await readHostState();
    const still = now.bes.find((b) => b.dataset === be.dataset);
    if (!still || trialOf(now, still)?.kind !== 'on-trial') return { decided: false, why: `the trial of ${be.name} was cancelled while the gate waited` };
    if (!verdict.pass) return recordFailure(verdict.reasons.join('; '));
    try {
      await activate(be.name, { nextBoot: false, dryRun: false }, config.esp);
    } catch (error) {
      return recordFailure(`making it the default failed: ${messageOf(error)}`);
    }
    await setProperties(be.dataset, { [TRIAL_PROPERTY]: serializeTrial({ state: 'passed' }) });
    log(`trial of ${be.name} passed: it boots by default from now on`);
    return { decided: true, be: be.name, passed: true, reasons: [], rebooting: false };
  });
  return rebootIfFailed(outcome);

  async function fail(why: string): Promise<GateOutcome> {
    return rebootIfFailed(await withLock(() => recordFailure(why)));
  }

  async function recordFailure(why: string): Promise<GateOutcome> {
    const name = be.name;
    await setProperties(be.dataset, { [TRIAL_PROPERTY]: serializeTrial({ state: 'failed', why }) });
    log(`trial of ${name} failed: ${why}; the default is unchanged`);
    // Its trial entry is no longer wanted: off the ESPs before the reboot, not at some later sync.
    await sync({ ...config.esp, dryRun: false, verify: false }).catch((error: unknown) => log(`could not sync the ESPs: ${messageOf(error)}`));
    return { decided: true, be: name, passed: false, reasons: [why], rebooting: config.trial.onFailure === 'reboot' };
  }

  // After the lock is released: the reboot must not find our lock held.
  async function rebootIfFailed(outcome: GateOutcome): Promise<GateOutcome> {
    if (!outcome.decided || outcome.passed) return outcome;
    if (outcome.rebooting) {
      log('rebooting into the default boot environment ([trial] on-failure = reboot)');
      await rebootHost();
    } else log('staying up for a look ([trial] on-failure = stay); the next boot boots the default');
    return outcome;
  }
}
