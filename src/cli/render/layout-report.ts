// Human output of `pve-bootenv layout`: per directory what was (or would be) done, and
// under --dry-run every step of it.
import type { LayoutReport } from '../../engine/layout.js';
import { printable } from './printable.js';

export function renderLayoutReport(report: LayoutReport): string[] {
  const lines: string[] = [];
  if (report.savedBe !== undefined) lines.push(`${report.dryRun ? 'would save' : 'saved'} boot environment ${report.savedBe} first`);
  for (const dir of report.dirs) {
    if (dir.action === 'skip') {
      lines.push(`${dir.path}: nothing to do, it ${dir.why}`);
      continue;
    }
    const what = dir.action === 'move' ? `moved to ${dir.dataset}, shared by every boot environment` : `move to ${dir.dataset} finished`;
    if (!report.dryRun) {
      lines.push(`${dir.path}: ${what}`);
      continue;
    }
    lines.push(`${dir.path}: would ${dir.action === 'move' ? `move to ${dir.dataset}` : `finish the move to ${dir.dataset}`}:`);
    dir.steps.forEach((step, i) => lines.push(`  ${i + 1}. ${step}`));
  }
  if (report.dirs.length === 0) lines.push('nothing to move');
  return lines.map(printable);
}
