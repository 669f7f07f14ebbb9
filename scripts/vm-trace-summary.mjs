#!/usr/bin/env node
// Sums a VM trace (PVE_BOOTENV_VM_TRACE, test/vm/harness/trace.ts): per test file, the
// seconds spent in boots, restores, poweroffs and guest commands, and the commands that
// took the most in all. Usage: node scripts/vm-trace-summary.mjs <trace.jsonl> [top]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: vm-trace-summary.mjs <trace.jsonl> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));

/** boot, restore and poweroff as they are; a command by its pve-bootenv verb, else its first word. */
function kind(what) {
  if (['boot', 'restore', 'poweroff'].includes(what)) return what;
  const verb = /pve-bootenv\s+([a-z-]+)/.exec(what);
  if (verb) return `pve-bootenv ${verb[1]}`;
  return what.split(/\s+/)[0].replace(/^.*\//, '');
}

const byFile = new Map();
const byKind = new Map();
for (const { file: name, release, what, ms } of lines) {
  const key = `${name} (${release})`;
  const entry = byFile.get(key) ?? new Map();
  const k = kind(what);
  const slot = entry.get(k) ?? { n: 0, ms: 0 };
  slot.n += 1;
  slot.ms += ms;
  entry.set(k, slot);
  byFile.set(key, entry);
  const all = byKind.get(k) ?? { n: 0, ms: 0 };
  all.n += 1;
  all.ms += ms;
  byKind.set(k, all);
}

const seconds = (ms) => (ms / 1000).toFixed(0).padStart(6);
for (const [name, entry] of [...byFile].sort()) {
  const total = [...entry.values()].reduce((sum, slot) => sum + slot.ms, 0);
  const parts = [...entry].sort((a, b) => b[1].ms - a[1].ms).slice(0, 6);
  console.log(`${name.padEnd(32)} ${seconds(total)} s: ${parts.map(([k, s]) => `${k} ${(s.ms / 1000).toFixed(0)}s/${s.n}`).join(', ')}`);
}
console.log('\nin all (seconds, count, mean):');
for (const [k, slot] of [...byKind].sort((a, b) => b[1].ms - a[1].ms).slice(0, top)) {
  console.log(`${seconds(slot.ms)}  ${String(slot.n).padStart(5)}  ${(slot.ms / slot.n / 1000).toFixed(1).padStart(6)}  ${k}`);
}
