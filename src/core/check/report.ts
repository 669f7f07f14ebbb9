// The result of `pve-bootenv check`: findings, one per thing to do, and an exit code for
// monitoring (Nagios-style): 0 all good, 1 at least one warning, 2 at least one critical.
// Critical means a booted or default boot environment would not boot (or its fallback on
// another ESP is broken); everything else that needs a look is a warning. An info is worth
// knowing and changes nothing of the status (the logs of a failed boot stay in its BE).
import type { Verification } from '../sync/verification.js';

export type Severity = 'ok' | 'warning' | 'critical';

export interface Finding {
  severity: Exclude<Severity, 'ok'> | 'info';
  /** What it is about: "pve-2 on ESP 1234-ABCD", "ESP 1234-ABCD", "layout /var/lib/vz"… */
  subject: string;
  message: string;
  /** What to do: a command, or steps one per line (the first line says what they do). */
  fix: string;
}

export interface CheckReport {
  status: Severity;
  /** The last `sync --verify` (null: none recorded), when the command read its record. */
  lastVerification?: Verification | null;
  exitCode: 0 | 1 | 2;
  /** Critical first, then by subject, message and fix: the same facts give the same order. */
  findings: Finding[];
  checked: {
    bes: number;
    esps: number;
    /** Our entries found on the ESPs that could be read (loader entries, or our GRUB menu's), counted once per ESP. */
    entries: number;
  };
}

export const EXIT_CODES: Readonly<Record<Severity, 0 | 1 | 2>> = { ok: 0, warning: 1, critical: 2 };

const RANK: Readonly<Record<Finding['severity'], number>> = { critical: 0, warning: 1, info: 2 };

/** Code-unit order, not the locale's: the order must not depend on where check runs. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    RANK[a.severity] - RANK[b.severity] ||
    compareStrings(a.subject, b.subject) ||
    compareStrings(a.message, b.message) ||
    compareStrings(a.fix, b.fix)
  );
}

/** Sorts the findings (dropping exact duplicates) and derives the status and exit code. */
export function reportOf(findings: readonly Finding[], checked: CheckReport['checked']): CheckReport {
  const sorted = [...findings].sort(compareFindings);
  const unique = sorted.filter((f, i) => i === 0 || compareFindings(f, sorted[i - 1]!) !== 0);
  const status: Severity = unique.some((f) => f.severity === 'critical')
    ? 'critical'
    : unique.some((f) => f.severity === 'warning')
      ? 'warning'
      : 'ok';
  return { status, exitCode: EXIT_CODES[status], findings: unique, checked };
}
