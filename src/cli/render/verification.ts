// The line list and check print about the last `sync --verify` (core/sync/verification.ts).
import type { Verification } from '../../core/sync/verification.js';
import { formatCreated } from './list-table.js';

const count = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;

export function describeVerification(verification: Verification | undefined): string {
  if (verification === undefined) {
    return 'ESP contents not verified yet: sync --verify does it, and pve-bootenv-verify.timer weekly';
  }
  const found = verification.repaired === 0 ? 'all intact' : `${count(verification.repaired, 'file')} repaired`;
  const failed = verification.failedEsps === 0 ? '' : `, ${count(verification.failedEsps, 'ESP')} could not be synced`;
  return `ESP contents last verified ${formatCreated(verification.at)} UTC: ${found}${failed}`;
}
