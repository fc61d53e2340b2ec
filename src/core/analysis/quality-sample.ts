// The weekly quality sample (抽查回访): which concluded cases of a county get an independent
// call-back, and who makes it. Deterministic: the seed is the county and the week, so the same
// week always draws the same cases (anyone can re-draw and check), yet nobody can tell in advance
// which cases a week will draw without knowing which cases concluded.
import { stableHash } from './stable-hash.js';

/** Share of the week's concluded cases that are checked, and the least number checked. */
export const SAMPLE_RATE = 0.1;
export const SAMPLE_MIN = 3;

/** How many of `population` concluded cases are drawn: 10 %, rounded up, at least 3 (or all). */
export function sampleSize(population: number, rate = SAMPLE_RATE, min = SAMPLE_MIN): number {
  if (population <= 0) return 0;
  return Math.min(population, Math.max(min, Math.ceil(population * rate)));
}

/** The seed of a county's sample for the week starting on `weekStart` (YYYY-MM-DD, a Monday). */
export function sampleSeed(countyCode: string, weekStart: string): string {
  return `quality:${countyCode}:${weekStart}`;
}

/**
 * The drawn ids: the `sampleSize` ids whose hash under the seed is smallest. Independent of the
 * order the ids come in; a superset of ids draws a superset-or-equal rank order.
 */
export function drawSample(ids: readonly string[], seed: string, size = sampleSize(ids.length)): string[] {
  return [...new Set(ids)]
    .map((id) => ({ id, rank: stableHash(`${seed}:${id}`) }))
    .sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : 1))
    .slice(0, size)
    .map((r) => r.id);
}

/**
 * Who calls back: one of the candidates (never a handler of the case; the caller filters them out),
 * chosen by the seed so that the load spreads evenly and the choice can be re-checked. Null when
 * nobody is left.
 */
export function pickChecker(candidates: readonly string[], seed: string, caseId: string): string | null {
  if (candidates.length === 0) return null;
  const sorted = [...new Set(candidates)].sort();
  return sorted[stableHash(`${seed}:checker:${caseId}`) % sorted.length]!;
}

/** The Monday (CST) of the week an instant falls in, as YYYY-MM-DD. */
export function weekStartOf(at: Date): string {
  const cst = new Date(at.getTime() + 8 * 3600_000);
  const weekday = (cst.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = new Date(Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth(), cst.getUTCDate() - weekday));
  return monday.toISOString().slice(0, 10);
}

/** The instants [from, to) of the CST week starting on `weekStart`. */
export function weekBounds(weekStart: string): { from: Date; to: Date } {
  const from = new Date(`${weekStart}T00:00:00+08:00`);
  return { from, to: new Date(from.getTime() + 7 * 86_400_000) };
}
