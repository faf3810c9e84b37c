/**
 * Seeded randomness for the demo generator. Math.random is never used: the same seed must give
 * byte-identical files, and each desa gets its own stream so desa can be generated independently.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  chance(p: number): boolean;
  /** Standard normal. */
  normal(): number;
  pick<T>(items: readonly T[]): T;
  /** Picks a value with probability proportional to its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T;
}

/** A stream keyed by any parts, e.g. `createRng(seed, 'desa', '52.03.01.2001')`. */
export function createRng(...parts: (string | number)[]): Rng {
  const hash = xmur3(parts.join('\u001f'));
  const next = sfc32(hash(), hash(), hash(), hash());
  // sfc32 needs a few rounds before similar seeds diverge.
  for (let i = 0; i < 15; i++) next();
  const rng: Rng = {
    next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    normal: () => {
      // Box–Muller; 1 - u keeps the logarithm finite.
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (choices) => {
      let total = 0;
      for (const [, w] of choices) total += w;
      let r = next() * total;
      for (const [value, w] of choices) {
        r -= w;
        if (r < 0) return value;
      }
      return choices[choices.length - 1][0];
    },
  };
  return rng;
}

/**
 * Splits an integer total over items in proportion to `expected` (which must sum to `total`), each
 * count within one of its expectation and never above `capacity`. Systematic rounding with a random
 * offset is unbiased, unlike largest-remainder, which favours the same items every time.
 */
export function allocate(total: number, expected: readonly number[], rng: Rng, capacity?: readonly number[]): number[] {
  const offset = rng.next();
  const counts: number[] = [];
  let cumulative = 0;
  let allocated = 0;
  for (let i = 0; i < expected.length; i++) {
    cumulative += expected[i];
    const want = i === expected.length - 1 ? total - allocated : Math.floor(cumulative + offset) - allocated;
    const count = Math.max(0, Math.min(want, capacity ? capacity[i] : want));
    counts.push(count);
    allocated += count;
  }
  return counts;
}

/** Picks items in a weighted random order (Efraimidis–Spirakis): heavier items tend to come first. */
export function weightedOrder<T>(items: readonly T[], weight: (item: T) => number, rng: Rng): T[] {
  const keyed = items.map((item) => ({ item, key: -Math.log(1 - rng.next()) / weight(item) }));
  keyed.sort((a, b) => a.key - b.key);
  return keyed.map((k) => k.item);
}

function xmur3(text: string): () => number {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
}

function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** Standard normal quantile, by bisection on the Abramowitz–Stegun 7.1.26 CDF (error < 1e-6: plenty for calibration). */
export function normalQuantile(p: number): number {
  let lo = -8;
  let hi = 8;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const erf =
    1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp((-x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
