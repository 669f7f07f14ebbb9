import { describe, expect, test } from '@jest/globals';
import { isTrialEntryName, trialCmdline, trialEntryName, TRIAL_PANIC_SECONDS } from '../../../../src/core/trial/trial-entry.js';
import { TRIAL_MARKER } from '../../../../src/core/trial/trial-record.js';

describe('the trial entry', () => {
  test('its command line: the BE own, panic= ours (replacing its own), the marker last', () => {
    expect(trialCmdline(['root=ZFS=rpool/ROOT/b', 'boot=zfs', 'panic=0', 'quiet'])).toEqual([
      'root=ZFS=rpool/ROOT/b',
      'boot=zfs',
      'quiet',
      `panic=${TRIAL_PANIC_SECONDS}`,
      TRIAL_MARKER,
    ]);
  });

  test('made from a trial line again, the same line (no second marker)', () => {
    const once = trialCmdline(['root=ZFS=rpool/ROOT/b']);
    expect(trialCmdline(once)).toEqual(once);
  });

  test('its name: beside the entry of the same kernel, told apart by .trial.conf', () => {
    const name = trialEntryName('pve-bootenv-apt-1-6.12.107+deb13-amd64.conf');
    expect(name).toBe('pve-bootenv-apt-1-6.12.107+deb13-amd64.trial.conf');
    expect(isTrialEntryName(name)).toBe(true);
    expect(isTrialEntryName('pve-bootenv-apt-1-6.12.107+deb13-amd64.conf')).toBe(false);
  });
});
