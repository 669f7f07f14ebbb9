// Human output of `pve-bootenv check`: one line per finding, most serious first, with what
// to do after the dash (steps of a multi-line fix indented beneath), then a summary line.
import type { CheckReport, Finding } from '../../core/check/report.js';
import { printable } from './printable.js';
import { describeVerification } from './verification.js';

const FIX_INDENT = '    ';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function renderFinding(finding: Finding): string[] {
  const [first = '', ...rest] = finding.fix.split('\n');
  const head = `${finding.severity.toUpperCase()} ${finding.subject}: ${finding.message}`;
  return [first === '' ? head : `${head} — ${first}`, ...rest.map((line) => `${FIX_INDENT}${line}`)].map(printable);
}

export function renderCheckReport(report: CheckReport): string[] {
  const lines = report.findings.flatMap(renderFinding);
  const { bes, esps, entries } = report.checked;
  const checked = `checked ${plural(bes, 'boot environment', 'boot environments')} on ${plural(esps, 'ESP', 'ESPs')} (${plural(entries, 'entry', 'entries')})`;
  const critical = report.findings.filter((f) => f.severity === 'critical').length;
  const warnings = report.findings.filter((f) => f.severity === 'warning').length;
  const infos = report.findings.filter((f) => f.severity === 'info').length;
  const counts = [critical > 0 ? `${critical} critical` : '', warnings > 0 ? plural(warnings, 'warning', 'warnings') : ''].filter(Boolean);
  const notes = infos > 0 ? ` (${plural(infos, 'note', 'notes')})` : '';
  if (report.lastVerification !== undefined) lines.push(describeVerification(report.lastVerification ?? undefined));
  lines.push(`${checked}: ${counts.length === 0 ? 'all good' : counts.join(', ')}${notes}`);
  return lines;
}
