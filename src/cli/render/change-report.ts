// Human output of the commands that change boot environments: under --dry-run the steps
// and the ESP plan; otherwise one line of what was done, the ESP lines and the notes.
import type { ChangeReport } from '../../engine/change-report.js';
import { printable } from './printable.js';
import { renderSyncReport } from './sync-report.js';

export function renderChangeReport(report: ChangeReport, done: string): string[] {
  if (report.dryRun) {
    const lines = ['would do (nothing is changed under --dry-run):', ...report.steps.map((step, i) => `  ${i + 1}. ${step}`)];
    if (report.sync) lines.push(...renderSyncReport(report.sync, true));
    return [...lines, ...report.notes].map(printable);
  }
  return [done, ...(report.sync ? renderSyncReport(report.sync, false) : []), ...report.notes].map(printable);
}
