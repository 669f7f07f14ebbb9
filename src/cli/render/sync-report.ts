// Human output of `pve-bootenv sync`: one line per ESP, what is not on the ESPs and why,
// and under --dry-run every planned action.
import type { EspAction } from '../../core/sync/model.js';
import type { SyncReport } from '../../engine/sync.js';
import { printable } from './printable.js';

const mib = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
const changes = (n: number) => `${n} ${n === 1 ? 'change' : 'changes'}`;

export function describeAction(action: EspAction): string {
  switch (action.op) {
    case 'remove-temp':
      return `remove leftover ${action.path}`;
    case 'remove-entry':
      return `remove entry ${action.name}`;
    case 'remove-file':
      return `remove ${action.path}`;
    case 'write-file':
      return action.repair
        ? `repair ${action.path} (its bytes do not match the SHA-256 its name carries; from ${action.from.source})`
        : `write ${action.path} (${mib(action.from.size)}, from ${action.from.source})`;
    case 'write-entry':
      return `write entry ${action.name}`;
    case 'set-default':
      return `set loader.conf default to ${action.entry}`;
    case 'write-grub-menu':
      return 'write the GRUB menu of boot environments (EFI/pve-bootenv/grub-menu.cfg)';
  }
}

export function renderSyncReport(report: SyncReport, dryRun: boolean): string[] {
  const lines: string[] = [];
  for (const outcome of report.esps) {
    switch (outcome.status) {
      case 'synced':
        lines.push(`ESP ${outcome.esp}: synced, ${changes(outcome.plan.actions.length)}, ${mib(outcome.bytesWritten)} written`);
        // What bit rot a verifying sync mended is told every time: the journal of the timer keeps it.
        for (const action of outcome.plan.actions) {
          if (action.op === 'write-file' && action.repair) {
            lines.push(`  repaired ${action.path}: its bytes did not match the SHA-256 its name carries; rewritten from ${action.from.source}`);
          }
        }
        break;
      case 'up-to-date':
        lines.push(`ESP ${outcome.esp}: up to date`);
        break;
      case 'planned':
        lines.push(
          outcome.plan.actions.length === 0
            ? `ESP ${outcome.esp}: up to date, nothing to do`
            : `ESP ${outcome.esp}: would make ${outcome.plan.actions.length} changes, ${mib(outcome.plan.bytesToWrite)} to write:`,
        );
        for (const action of outcome.plan.actions) lines.push(`  ${describeAction(action)}`);
        break;
      case 'skipped':
        lines.push(`ESP ${outcome.esp}: skipped: ${outcome.message}`);
        break;
      case 'failed':
        lines.push(`ESP ${outcome.esp}: FAILED: ${outcome.message}`);
        break;
    }
    const plan = 'plan' in outcome ? outcome.plan : undefined;
    for (const missing of plan?.notLoaded ?? []) lines.push(`  not on ESP: ${missing.be}: ${missing.why}`);
  }
  if (report.defaultEntry) {
    lines.push(`default: ${report.defaultBe} (${report.defaultEntry})${dryRun ? '' : `, EFI variable ${report.efiDefault}`}`);
  }
  return lines.map(printable);
}
