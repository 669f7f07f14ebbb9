// The order in which boot environments claim ESP space: the one that boots by default,
// the one running now, the one chosen for the next boot, then the rest newest first.
import type { LoadReason } from './model.js';

export interface BeRole {
  name: string;
  created: number;
  isDefault: boolean;
  isBooted: boolean;
  isNextBoot: boolean;
}

export function loadReason(be: BeRole): LoadReason {
  if (be.isDefault) return 'default';
  if (be.isBooted) return 'booted';
  if (be.isNextBoot) return 'next-boot';
  return 'newest';
}

const RANK: Record<LoadReason, number> = { default: 0, booted: 1, 'next-boot': 2, newest: 3 };

/** A sorted copy; ties (same role and time) by name, so the order never depends on input order. */
export function inLoadOrder<T extends BeRole>(bes: readonly T[]): T[] {
  return [...bes].sort(
    (a, b) => RANK[loadReason(a)] - RANK[loadReason(b)] || b.created - a.created || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}
