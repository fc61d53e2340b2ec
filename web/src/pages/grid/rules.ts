// The grid pages' small rules, kept pure for their unit tests: rates, totals, the drill-down
// levels, day counts of a worker's activity and who may act on a grid report.
import { levelOfCode, type RegionLevel } from '../../../../src/core/regions/region-code';
import type { Role } from '../../../../src/core/workflow/case-model';
import { isGridAllowed, type GridRelation } from '../../../../src/core/workflow/policy';
import type { ActivityDay, GridReport, StatsRow, WorkKind } from './grid-api';
import { WORK_KINDS } from './grid-api';

/** 0.9983 → "99.8%", nothing to divide → "—". */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${Math.round(rate * 1000) / 10}%`;
}

/** n ÷ d, or null when there is nothing to divide by. */
export function rate(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}

/** All routine work items of a row, of every kind. */
export function workItemsTotal(w: Partial<Record<WorkKind, number>>): number {
  return WORK_KINDS.reduce((sum, k) => sum + (w[k] ?? 0), 0);
}

/** The region level whose rows a drill-down from `code` shows (a grid has none below it). */
export function childLevel(code: string): RegionLevel | null {
  const below: Partial<Record<RegionLevel, RegionLevel>> = {
    province: 'city',
    city: 'county',
    county: 'township',
    township: 'village',
    village: 'grid',
  };
  const level = levelOfCode(code);
  return level ? (below[level] ?? null) : null;
}

/** Whether a stats row can be opened further (grids are the leaves). */
export function canDrill(code: string): boolean {
  return childLevel(code) !== null;
}

/** The codes from the user's scope down to `code` (for the breadcrumb); [] when outside the scope. */
export function drillPath(scope: string, code: string, path: readonly { code: string }[]): string[] {
  if (!code.startsWith(scope)) return [];
  return path.map((r) => r.code).filter((c) => c.length >= scope.length && code.startsWith(c));
}

/** A day's work items of every kind. */
export function dayItems(d: ActivityDay): number {
  return workItemsTotal(d);
}

/** Largest day of a period (the bars' full width); at least 1 so an empty period draws nothing. */
export function busiestDay(days: readonly ActivityDay[]): number {
  return Math.max(1, ...days.map((d) => dayItems(d) + d.reports));
}

/** The CST days an answered period covers ('to' is exclusive: a midnight ends the day before). */
export function periodDays(p: { from: string; to: string }): { from: string; to: string } {
  return { from: cstDay(new Date(p.from)), to: cstDay(new Date(Date.parse(p.to) - 1)) };
}

const CST = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
/** YYYY-MM-DD of an instant in China Standard Time. */
export function cstDay(d: Date): string {
  return CST.format(d);
}

/** Totals of the rows, for a server answer without them (the server's own are preferred). */
export function sumRows(rows: readonly StatsRow[]): Omit<StatsRow, 'regionCode' | 'regionName'> {
  const sum = (f: (r: StatsRow) => number | null | undefined) => rows.reduce((s, r) => s + (f(r) ?? 0), 0);
  const reports = {
    total: sum((r) => r.reports.total),
    concluded: sum((r) => r.reports.concluded),
    concludedInTime: sum((r) => r.reports.concludedInTime),
    open: sum((r) => r.reports.open),
    overdue: sum((r) => r.reports.overdue),
  };
  return {
    workers: sum((r) => r.workers),
    workItems: Object.fromEntries(WORK_KINDS.map((k) => [k, sum((r) => r.workItems[k])])) as Record<
      WorkKind,
      number
    >,
    reports,
    conclusionRate: rate(reports.concluded, reports.total),
    inTimeRate: rate(reports.concludedInTime, reports.concluded),
  };
}

/** The user's relations to a report, as the grid policy table names them. */
export function reportRelations(
  user: { scopeCode: string; unitId: string | null },
  r: Pick<GridReport, 'regionCode' | 'unitId'>,
): GridRelation[] {
  const out: GridRelation[] = [];
  if (r.regionCode.startsWith(user.scopeCode)) out.push('in_scope');
  if (user.unitId && user.unitId === r.unitId) out.push('assigned_unit');
  return out;
}

type Actor = { role: Role; scopeCode: string; unitId: string | null };
type Step = Pick<GridReport, 'type' | 'status' | 'regionCode' | 'unitId'>;

/** The dispatcher assigns (or moves) a report that is not a dispute (a case) and not concluded. */
export function mayAssign(user: Actor, r: Step): boolean {
  if (r.type === 'dispute' || r.status === 'concluded') return false;
  return isGridAllowed(user.role, 'assign_report', reportRelations(user, r));
}

/** The assigned unit concludes it; the dispatcher may also conclude what needs no unit. */
export function mayConclude(user: Actor, r: Step): boolean {
  if (r.type === 'dispute' || r.status === 'concluded') return false;
  if (r.status !== 'assigned' && user.role !== 'dispatcher') return false;
  return isGridAllowed(user.role, 'conclude_report', reportRelations(user, r));
}
