// Human output of `pve-bootenv prune`: every BE with why it is kept or goes, newest first.
import type { PruneReport } from '../../engine/prune.js';
import { printable } from './printable.js';
import { renderSyncReport } from './sync-report.js';

export function renderPruneReport(report: PruneReport): string[] {
  const { plan } = report;
  const width = Math.max(4, ...plan.verdicts.map((v) => v.name.length));
  const goes = report.dryRun ? 'would destroy' : 'destroy';
  const lines = plan.verdicts.map((v) => `${(v.action === 'keep' ? 'keep' : goes).padEnd(13)} ${v.name.padEnd(width)}  ${v.reasons.join('; ')}`);
  lines.push(`pool used: ${plan.poolUsedPercentBefore.toFixed(1)} %${plan.destroy.length > 0 ? `, about ${plan.poolUsedPercentAfter.toFixed(1)} % after` : ''}`);
  if (plan.spaceNote) lines.push(plan.spaceNote);
  if (plan.destroy.length === 0) lines.push('nothing to prune');
  for (const failure of report.failed) lines.push(`could not destroy ${failure.name}: ${failure.message}`);
  if (report.sync) lines.push(...renderSyncReport(report.sync, false));
  return lines.map(printable);
}
