// The dashboard's rates (domain.md, "Analysis and early warning"), from summed rollup counters.
import type { CaseCounts } from './case-facts.js';

/** part ÷ whole to four decimals (a fraction, not a percentage); null when nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

/** The rates of a case total. */
export interface CaseRates {
  /** 化解率: resolved ÷ screened (received) */
  resolutionRate: number | null;
  /** 办结率: concluded ÷ received */
  conclusionRate: number | null;
  /** 按期办结率: concluded within the time limit ÷ concluded */
  onTimeRate: number | null;
  /** 满意率: (satisfied + basically satisfied) ÷ followed up */
  satisfactionRate: number | null;
}

export function caseRates(c: CaseCounts): CaseRates {
  return {
    resolutionRate: rate(c.resolved, c.received),
    conclusionRate: rate(c.concluded, c.received),
    onTimeRate: rate(c.concluded_on_time, c.concluded),
    satisfactionRate: rate(c.satisfied, c.followed_up),
  };
}

/** Counters of grid reports (上报事件 other than disputes, which are cases). */
export const GRID_COUNTERS = ['received', 'concluded', 'concluded_on_time'] as const;
export type GridCounter = (typeof GRID_COUNTERS)[number];
export type GridCounts = Record<GridCounter, number>;

/** 办结率 and 按期办结率 of grid reports. */
export function gridRates(g: GridCounts): { conclusionRate: number | null; onTimeRate: number | null } {
  return {
    conclusionRate: rate(g.concluded, g.received),
    onTimeRate: rate(g.concluded_on_time, g.concluded),
  };
}

/** Adds counter records (missing counters count as 0). */
export function sumCounts<K extends string>(
  names: readonly K[],
  rows: readonly Partial<Record<K, number | string | null>>[],
): Record<K, number> {
  const out = Object.fromEntries(names.map((n) => [n, 0])) as Record<K, number>;
  for (const r of rows) for (const n of names) out[n] += Number(r[n] ?? 0);
  return out;
}
