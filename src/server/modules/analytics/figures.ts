// The figures as the API shows them: counters in camelCase with the rates of domain.md beside them.
import { CASE_COUNTERS } from '../../../core/analytics/case-facts.js';
import { GRID_COUNTERS, caseRates, gridRates, sumCounts } from '../../../core/analytics/kpis.js';

/** A row of counters (other fields, like its group key, are ignored). */
type Row = object;
const counters = (rows: readonly Row[]) => rows as readonly Partial<Record<string, number | string | null>>[];

/** Case counters and their rates (化解率, 办结率, 按期办结率, 满意率). */
export function caseFigures(rows: readonly Row[]) {
  const c = sumCounts(CASE_COUNTERS, counters(rows));
  return {
    received: c.received,
    resolved: c.resolved,
    concluded: c.concluded,
    concludedOnTime: c.concluded_on_time,
    followedUp: c.followed_up,
    satisfied: c.satisfied,
    reopened: c.reopened,
    withdrawn: c.withdrawn,
    declined: c.declined,
    ...caseRates(c),
  };
}
export type CaseFiguresT = ReturnType<typeof caseFigures>;

/** Grid report counters and their rates (办结率, 按期办结率). */
export function gridFigures(rows: readonly Row[]) {
  const g = sumCounts(GRID_COUNTERS, counters(rows));
  return {
    received: g.received,
    concluded: g.concluded,
    concludedOnTime: g.concluded_on_time,
    ...gridRates(g),
  };
}

/** Open and overdue now. */
export function nowFigures(rows: readonly Row[]) {
  const n = sumCounts(['open', 'overdue'] as const, counters(rows));
  return { open: n.open, overdue: n.overdue };
}

/** Rows grouped by their key `k`. */
export function byKey<T extends { k: string }>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((r) => [r.k, r]));
}
