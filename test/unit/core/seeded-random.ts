// A seeded PRNG (mulberry32) for hand-rolled property-style tests (fast-check drives the newer ones);
// a fixed seed keeps every run, and every failure, reproducible.
export interface SeededRandom {
  /** 0 <= n < maxExclusive */
  int(maxExclusive: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A string of `min`..`max` characters drawn from `alphabet`. */
  string(alphabet: string, min: number, max: number): string;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  const chars = Array.from;
  return {
    int,
    chance: (probability) => next() < probability,
    pick<T>(items: readonly T[]): T {
      const item = items[int(items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    string(alphabet, min, max) {
      const letters = chars(alphabet);
      let s = '';
      for (let n = min + int(max - min + 1); n > 0; n--) s += letters[int(letters.length)] ?? '';
      return s;
    },
  };
}
