// The entry a trial boots: the BE's default entry with a command line that turns a boot
// which cannot reach userspace into a reboot (the one-shot choice is used up by then, so
// the firmware boots the default again), and the marker its gate service starts on.
// The BE's default entries keep their own command line.
import { TRIAL_MARKER } from './trial-record.js';

/** Seconds the kernel (panic=) and the initramfs (initramfs-tools' panic=) wait before rebooting. */
export const TRIAL_PANIC_SECONDS = 10;

/** The trial's tokens: the BE's own without any panic=, then panic=<s> and the marker. */
export function trialCmdline(tokens: readonly string[]): string[] {
  const own = tokens.filter((token) => !token.startsWith('panic=') && token !== TRIAL_MARKER);
  return [...own, `panic=${TRIAL_PANIC_SECONDS}`, TRIAL_MARKER];
}

/** The trial entry's file name beside the BE's entry of the same kernel (entryFileName's). */
export function trialEntryName(entryName: string): string {
  return entryName.replace(/\.conf$/, '.trial.conf');
}

export function isTrialEntryName(entryName: string): boolean {
  return entryName.endsWith('.trial.conf');
}
