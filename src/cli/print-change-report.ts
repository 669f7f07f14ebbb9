// The common end of the commands that change boot environments: the report as JSON or in
// words on stdout, then what the ESP sync could not do as warnings on stderr.
import type { Io } from './command.js';
import { renderChangeReport } from './render/change-report.js';
import { printable } from './render/printable.js';
import type { ChangeReport } from '../engine/change-report.js';

export function printChangeReport(io: Io, report: ChangeReport, done: string, json: boolean | undefined): void {
  if (json) io.out(JSON.stringify(report, null, 2));
  else for (const line of renderChangeReport(report, done)) io.out(line);
  for (const problem of report.sync?.problems ?? []) io.err(`pve-bootenv: warning: ${printable(problem)}`);
}
