// What a command that changes boot environments did (or, under --dry-run, would do).
import type { SyncReport } from './sync.js';
import type { RollbackReport } from './rollback-diff.js';

export interface ChangeReport {
  be: string;
  dryRun: boolean;
  /** The steps in order, as printed by --dry-run. */
  steps: string[];
  /** The ESP sync that ended the change (planned only, under --dry-run). */
  sync?: SyncReport;
  /**
   * create's entries-only path (the apt hook) left the ESPs for a later sync to finish: an
   * ESP has more BEs than max-loaded on it until then.
   */
  syncPending?: true;
  /** Things the admin should know, one line each. */
  notes: string[];
  /** activate only: what booting the BE would bring back of /etc/pve; absent when nothing of it rolls back. */
  rollback?: RollbackReport;
}
