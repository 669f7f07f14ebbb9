import { describe, expect, test } from '@jest/globals';
import { parseTrial, serializeTrial, trialStatus, trialWantsEntry, type TrialRecord } from '../../../../src/core/trial/trial-record.js';

const BOOT_A = '0f0e0d0c-0b0a-4908-8706-050403020100';
const BOOT_B = '11111111-2222-4333-8444-555555555555';

describe('the pve-bootenv:trial property', () => {
  test.each<TrialRecord>([{ state: 'pending', setInBoot: BOOT_A }, { state: 'passed' }, { state: 'failed', why: 'health.d/10-api exited 1' }])(
    'round trip %j',
    (record) => {
      expect(parseTrial(serializeTrial(record))).toEqual(record);
    },
  );

  test('failed is written as the issue names it: failed:<why>, one line, bounded', () => {
    expect(serializeTrial({ state: 'failed', why: 'unit a is failed;\nunit b\tis inactive' })).toBe('failed:unit a is failed; unit b is inactive');
    expect(serializeTrial({ state: 'failed', why: 'x'.repeat(500) })).toHaveLength('failed:'.length + 200);
    expect(serializeTrial({ state: 'failed', why: ' \n' })).toBe('failed:no reason given');
  });

  test.each([undefined, '', '-', 'pending', 'pending:not-a-boot-id', 'maybe', 'PASSED'])('%j is no trial', (value) => {
    expect(parseTrial(value)).toBeUndefined();
  });

  test('failed: without a reason still reads as failed', () => {
    expect(parseTrial('failed:')).toEqual({ state: 'failed', why: 'no reason recorded' });
  });
});

describe('what a trial means in the boot that reads it', () => {
  const pending: TrialRecord = { state: 'pending', setInBoot: BOOT_A };

  test('in the boot that set it: pending, its entry stays', () => {
    const status = trialStatus(pending, { bootId: BOOT_A, isBooted: false, bootedAsTrial: false });
    expect(status).toEqual({ kind: 'pending' });
    expect(trialWantsEntry(status)).toBe(true);
  });

  test('booted through the trial entry in a later boot: on trial, its entry stays', () => {
    const status = trialStatus(pending, { bootId: BOOT_B, isBooted: true, bootedAsTrial: true });
    expect(status).toEqual({ kind: 'on-trial' });
    expect(trialWantsEntry(status)).toBe(true);
  });

  test('a later boot of another BE: the trial boot never came up, failed, its entry goes', () => {
    const status = trialStatus(pending, { bootId: BOOT_B, isBooted: false, bootedAsTrial: false });
    expect(status).toEqual({ kind: 'failed', why: expect.stringContaining('did not come up') });
    expect(trialWantsEntry(status)).toBe(false);
  });

  test('a later boot of the BE through its normal entry is not a trial', () => {
    expect(trialStatus(pending, { bootId: BOOT_B, isBooted: true, bootedAsTrial: false })).toEqual({ kind: 'failed', why: 'booted without its trial entry' });
  });

  test('decided trials stay decided, in any boot', () => {
    for (const boot of [{ bootId: BOOT_A, isBooted: true, bootedAsTrial: true }, { bootId: BOOT_B, isBooted: false, bootedAsTrial: false }]) {
      expect(trialStatus({ state: 'passed' }, boot)).toEqual({ kind: 'passed' });
      expect(trialStatus({ state: 'failed', why: 'x' }, boot)).toEqual({ kind: 'failed', why: 'x' });
    }
    expect(trialStatus(undefined, { bootId: BOOT_A, isBooted: true, bootedAsTrial: true })).toBeUndefined();
    expect(trialWantsEntry(undefined)).toBe(false);
  });
});
