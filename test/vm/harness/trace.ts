// Where a VM test file's time goes: with PVE_BOOTENV_VM_TRACE=<file>, every boot, restore,
// poweroff and guest command appends one JSON line (test file, test, what, milliseconds).
// `node scripts/vm-trace-summary.mjs <file>` sums them per file and per command. Off by
// default; it measures, it asserts nothing.
import { appendFileSync } from 'node:fs';
import { basename } from 'node:path';

const traceFile = process.env['PVE_BOOTENV_VM_TRACE'];

interface JestState {
  testPath?: string;
  currentTestName?: string;
}

function jestState(): JestState {
  const expect = (globalThis as { expect?: { getState?: () => JestState } }).expect;
  return expect?.getState?.() ?? {};
}

/** Times fn and, when tracing is on, records it as `what`. */
export async function traced<T>(what: string, fn: () => Promise<T>): Promise<T> {
  if (!traceFile) return fn();
  const started = Date.now();
  try {
    return await fn();
  } finally {
    const state = jestState();
    const line = {
      file: basename(state.testPath ?? 'unknown', '.test.ts'),
      release: process.env['PVE_BOOTENV_VM_RELEASE'] ?? '',
      test: state.currentTestName ?? '(hook)',
      what,
      ms: Date.now() - started,
    };
    appendFileSync(traceFile, JSON.stringify(line) + '\n');
  }
}
