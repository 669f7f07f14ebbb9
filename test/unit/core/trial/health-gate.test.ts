import { describe, expect, test } from '@jest/globals';
import { gateVerdict, PROXMOX_UNITS, requiredUnits, type GateObservation } from '../../../../src/core/trial/health-gate.js';

const healthy: GateObservation = {
  systemState: 'running',
  pools: [{ name: 'rpool', health: 'ONLINE' }],
  units: [{ unit: 'pveproxy.service', activeState: 'active', loadState: 'loaded' }],
  checks: [{ name: '10-api', exitCode: 0, timedOut: false }],
};

describe('the health gate', () => {
  test('all healthy: pass (a DEGRADED pool still boots: a mirror with one disk gone)', () => {
    expect(gateVerdict(healthy)).toEqual({ pass: true });
    expect(gateVerdict({ ...healthy, pools: [{ name: 'rpool', health: 'DEGRADED' }] })).toEqual({ pass: true });
  });

  test.each<[string, Partial<GateObservation>, string]>([
    ['systemd degraded', { systemState: 'degraded' }, 'systemd is degraded'],
    ['systemd never settled', { systemState: undefined }, 'systemd did not finish starting in time'],
    ['a pool faulted', { pools: [{ name: 'tank', health: 'FAULTED' }] }, 'pool tank is FAULTED'],
    ['a pool unavailable', { pools: [{ name: 'tank', health: 'UNAVAIL' }] }, 'pool tank is UNAVAIL'],
    ['a unit failed', { units: [{ unit: 'pveproxy.service', activeState: 'failed', loadState: 'loaded' }] }, 'unit pveproxy.service is failed'],
    ['a unit missing', { units: [{ unit: 'pveproxy.service', activeState: 'inactive', loadState: 'not-found' }] }, 'unit pveproxy.service is not installed'],
    ['a check failed', { checks: [{ name: '10-api', exitCode: 1, timedOut: false }] }, 'health.d/10-api exited 1'],
    ['a check killed', { checks: [{ name: '10-api', exitCode: undefined, timedOut: false }] }, 'health.d/10-api exited by a signal'],
    ['a check hung', { checks: [{ name: '10-api', exitCode: undefined, timedOut: true }] }, 'health.d/10-api did not finish in time'],
  ])('%s: fail, saying why', (_, change, reason) => {
    expect(gateVerdict({ ...healthy, ...change })).toEqual({ pass: false, reasons: [reason] });
  });

  test('every reason, in the order checked', () => {
    const verdict = gateVerdict({
      systemState: 'degraded',
      pools: [{ name: 'rpool', health: 'ONLINE' }],
      units: [],
      checks: [{ name: 'a', exitCode: 2, timedOut: false }, { name: 'b', exitCode: 0, timedOut: false }],
    });
    expect(verdict).toEqual({ pass: false, reasons: ['systemd is degraded', 'health.d/a exited 2'] });
  });
});

describe('the units the gate requires', () => {
  test("by default Proxmox's that are installed", () => {
    expect(requiredUnits(undefined, (unit) => unit !== 'pvestatd.service')).toEqual(PROXMOX_UNITS.filter((unit) => unit !== 'pvestatd.service'));
    expect(requiredUnits(undefined, () => false)).toEqual([]);
  });

  test('configured ones all, installed or not (a typo fails the gate instead of passing it)', () => {
    expect(requiredUnits(['my.service'], () => false)).toEqual(['my.service']);
    expect(requiredUnits([], () => true)).toEqual([]);
  });
});
