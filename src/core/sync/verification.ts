// What the last `sync --verify` found: when it ran and how many stored files it rewrote
// because their bytes no longer matched the SHA-256 their names carry (bit rot, a bad
// write). Kept in one small file (adapters/verification-file.ts) for list and check to
// tell (cli/render/verification.ts); losing it loses only that. Pure: the record's text in
// and out, checked on the way in.

export interface Verification {
  /** When the verifying sync ended, in seconds since the epoch. */
  at: number;
  /** Stored kernels and initrds it rewrote on the ESPs, all ESPs together. */
  repaired: number;
  /** ESPs it could not sync (then their files are not known to be good). */
  failedEsps: number;
}

import { isCount, parseJsonObject } from '../state-json.js';

const VERSION = 1;

/** The record in a file's text; undefined for one that is missing, corrupt or of another version. */
export function parseVerification(text: string | undefined): Verification | undefined {
  const parsed = parseJsonObject(text);
  if (parsed === undefined) return undefined;
  const { version, at, repaired, failedEsps } = parsed;
  if (version !== VERSION || !isCount(at) || !isCount(repaired) || !isCount(failedEsps)) return undefined;
  return { at, repaired, failedEsps };
}

export function serializeVerification(verification: Verification): string {
  return `${JSON.stringify({ version: VERSION, ...verification })}\n`;
}
