// Deterministic randomness for the city simulation (`yimen simulate`): a 32-bit hash, a small
// seeded generator, weighted and stratified picks, and UUIDv7-shaped ids derived from the seed.
// Every value a stage writes is a function of (seed, stage, index), so a chunk can be made again
// on its own: a rerun after an interruption writes exactly the rows the first run would have.

/** murmur3's final mix of a 32-bit value. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a few non-negative integers (each taken modulo 2^32, the high half folded in). */
export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    const lo = p >>> 0;
    const hi = Math.floor(p / 4294967296) >>> 0;
    h = mix32((h ^ lo) + 0x7f4a7c15);
    if (hi) h = mix32((h ^ hi) + 0x2545f491);
  }
  return h;
}

/** A seeded generator (mulberry32) with the picks the simulation needs. */
export interface SimRng {
  /** uniform in [0, 1) */
  next(): number;
  /** an integer in [0, n) */
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  /** a value by weight: [[value, weight], …] */
  weighted<T>(table: readonly (readonly [T, number])[]): T;
  /** true with probability p */
  chance(p: number): boolean;
  /** exponential with the given mean */
  exp(mean: number): number;
  /** log-normal with the given median and spread (sigma of the logarithm) */
  logNormal(median: number, sigma: number): number;
}

/** A generator seeded by a hash of the given integers. */
export function simRng(...seedParts: number[]): SimRng {
  let a = hash32(...seedParts);
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (xs) => xs[int(xs.length)]!,
    weighted: (table) => pickByWeight(table, next()),
    chance: (p) => next() < p,
    exp: (mean) => -Math.log(1 - next()) * mean,
    logNormal: (median, sigma) => {
      // Box–Muller
      const u = 1 - next();
      const v = next();
      return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    },
  };
}

/** The value whose cumulative weight band holds u (0 ≤ u < 1). */
export function pickByWeight<T>(table: readonly (readonly [T, number])[], u: number): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let r = u * total;
  for (const [v, w] of table) if ((r -= w) < 0) return v;
  return table[table.length - 1]![0];
}

const GOLDEN = 0.6180339887498949;

/**
 * The i-th of a low-discrepancy sequence in [0, 1): picking by weight with it gives every value
 * its share of any prefix of indexes within one or two items (exact shares at every scale).
 */
export function stratified(i: number, salt = 0): number {
  const x = (i + 0.5) * GOLDEN + salt * 0.7548776662466927;
  return x - Math.floor(x);
}

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

/**
 * A UUIDv7-shaped id: the instant's milliseconds (time-ordered, like the app's ids), version 7,
 * then 12 bits of the seed's hash, the RFC 4122 variant, the stage (6 bits), the index (32 bits)
 * and 24 more bits of hash. Unique per (stage, index); the same seed gives the same id.
 */
export function simId(ms: number, seed: number, stage: number, index: number): string {
  if (!Number.isInteger(stage) || stage < 0 || stage > 63) throw new RangeError(`stage ${stage}`);
  if (!Number.isInteger(index) || index < 0 || index > 0xffffffff) throw new RangeError(`index ${index}`);
  const t = Math.floor(ms).toString(16).padStart(12, '0').slice(-12);
  const h = hash32(seed, stage, index);
  const randA = (h >>> 20).toString(16).padStart(3, '0');
  const hi = ((0b10 << 30) | (stage << 24) | (index >>> 8)) >>> 0;
  const lo = (((index & 0xff) << 24) | (mix32(h) & 0xffffff)) >>> 0;
  const a = hex8(hi);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${randA}-${a.slice(0, 4)}-${a.slice(4, 8)}${hex8(lo)}`;
}
