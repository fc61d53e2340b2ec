// Console statistics of grid work, one row per child region (county → township → village → grid):
// each figure is one GROUP BY over an index range of region codes within a period (monthly
// partitions prune the rest), so the cost follows the rows in scope and period, never the table.
import { WORK_KINDS, type WorkKind } from '../../../core/grid/grid-rules.js';
import { LEVEL_CODE_LENGTHS, levelOfCode } from '../../../core/regions/region-code.js';
import type { AppDeps } from '../../deps.js';
import { notFound, unprocessable } from '../../http/errors.js';
import type { AuthContext } from '../auth/auth.service.js';
import { householdsByChildRegion } from '../base-info/base-info.service.js';
import { gridStaff, mayGrid, rangeOf, requireGrid, requireGridRole } from './grid-access.js';
import { periodFromQuery } from './grid-common.js';
import * as q from './grid.queries.js';
import { workItemOut } from './grid-work.service.js';

const DAY = 86_400_000;

/** The code length one level below `code` (a grid is its own child). */
function childLength(code: string): number {
  const i = LEVEL_CODE_LENGTHS.findIndex(([, len]) => len === code.length);
  return (LEVEL_CODE_LENGTHS[i + 1] ?? LEVEL_CODE_LENGTHS[i]!)[1];
}

/** Default period: the last 30 days up to now. */
function defaultPeriod(now: Date) {
  return { from: new Date(now.getTime() - 30 * DAY), to: now };
}

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10000) / 10000 : null);

interface ReportFigures {
  total: number;
  concluded: number;
  concludedInTime: number;
  open: number;
  overdue: number;
}

function statRow(
  regionCode: string,
  regionName: string,
  workers: number,
  work: Record<WorkKind, number>,
  reports: ReportFigures & { timed: number },
) {
  const { timed, ...shown } = reports;
  return {
    regionCode,
    regionName,
    workers,
    workItems: work,
    reports: shown,
    conclusionRate: rate(reports.concluded, reports.total),
    inTimeRate: rate(reports.concludedInTime, timed),
  };
}

async function scopeOf(deps: AppDeps, auth: AuthContext, region: string | undefined) {
  const user = gridStaff(auth);
  requireGridRole(user, 'read_stats');
  const code = region ?? user.scopeCode;
  requireGrid(user, 'read_stats', code);
  if (!levelOfCode(code)) throw unprocessable('grid.unknown_region', { code });
  const node = await q.findRegion(deps.db.kysely, code);
  if (!node) throw unprocessable('grid.unknown_region', { code });
  return node;
}

/** Work items, workers and reports per child region of `region` within the period. */
export async function gridStats(
  deps: AppDeps,
  auth: AuthContext,
  qs: { region?: string; from?: string; to?: string },
) {
  const node = await scopeOf(deps, auth, qs.region);
  const now = deps.clock();
  const period = periodFromQuery(qs.from, qs.to, defaultPeriod(now));
  const db = deps.db.kysely;
  const L = childLength(node.code);
  const range = rangeOf(node.code);
  const [children, work, reports, workers] = await Promise.all([
    L === node.code.length
      ? Promise.resolve([{ code: node.code, name: node.name }])
      : q.childRegions(db, node.code),
    q.workCountsByChild(db, { range, childLength: L, ...period }),
    q.reportCountsByChild(db, { range, childLength: L, ...period, now }),
    q.workerCountsByChild(db, { range, childLength: L }),
  ]);
  const zeroWork = () => Object.fromEntries(WORK_KINDS.map((k) => [k, 0])) as Record<WorkKind, number>;
  const workBy = new Map<string, Record<WorkKind, number>>();
  for (const r of work) {
    const w = workBy.get(r.child) ?? zeroWork();
    w[r.kind] += Number(r.n);
    workBy.set(r.child, w);
  }
  const reportBy = new Map(reports.map((r) => [r.child, r]));
  const workersBy = new Map(workers.map((r) => [r.child, Number(r.workers)]));
  const rows = children.map((c) => {
    const r = reportBy.get(c.code);
    return statRow(c.code, c.name, workersBy.get(c.code) ?? 0, workBy.get(c.code) ?? zeroWork(), {
      total: Number(r?.total ?? 0),
      concluded: Number(r?.concluded ?? 0),
      concludedInTime: Number(r?.concluded_in_time ?? 0),
      open: Number(r?.open ?? 0),
      overdue: Number(r?.overdue ?? 0),
      timed: Number(r?.concluded_timed ?? 0),
    });
  });
  // totals over every row of the node, also rows whose child code is not (or no longer) a region
  const sum = (f: (r: (typeof reports)[number]) => string) => reports.reduce((s, r) => s + Number(f(r)), 0);
  const totalWork = zeroWork();
  for (const w of workBy.values()) for (const k of WORK_KINDS) totalWork[k] += w[k];
  const totals = statRow(
    node.code,
    node.name,
    [...workersBy.values()].reduce((a, b) => a + b, 0),
    totalWork,
    {
      total: sum((r) => r.total),
      concluded: sum((r) => r.concluded),
      concludedInTime: sum((r) => r.concluded_in_time),
      open: sum((r) => r.open),
      overdue: sum((r) => r.overdue),
      timed: sum((r) => r.concluded_timed),
    },
  );
  return {
    region: { code: node.code, name: node.name },
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    rows,
    totals,
  };
}

/** Grids under the region per child: how many, how many have a grid worker, visits in the period. */
export async function gridCoverage(
  deps: AppDeps,
  auth: AuthContext,
  qs: { region?: string; from?: string; to?: string },
) {
  const node = await scopeOf(deps, auth, qs.region);
  const period = periodFromQuery(qs.from, qs.to, defaultPeriod(deps.clock()));
  const db = deps.db.kysely;
  const L = childLength(node.code);
  const range = rangeOf(node.code);
  const [children, grids, workers, work, households] = await Promise.all([
    L === node.code.length
      ? Promise.resolve([{ code: node.code, name: node.name }])
      : q.childRegions(db, node.code),
    q.gridCountsByChild(db, { range, childLength: L }),
    q.workerCountsByChild(db, { range, childLength: L }),
    q.workCountsByChild(db, { range, childLength: L, ...period }),
    householdsByChildRegion(db, node.code, L),
  ]);
  const gridsBy = new Map(grids.map((g) => [g.child, Number(g.grids)]));
  const workersBy = new Map(workers.map((w) => [w.child, w]));
  const visitsBy = new Map<string, number>();
  for (const w of work) if (w.kind === 'visit') visitsBy.set(w.child, Number(w.n));
  const row = (
    code: string,
    name: string,
    g: number,
    withWorker: number,
    ws: number,
    visits: number,
    homes: number,
  ) => ({
    regionCode: code,
    regionName: name,
    grids: g,
    gridsWithWorker: withWorker,
    gridsWithoutWorker: Math.max(0, g - withWorker),
    workers: ws,
    visits,
    visitsPerGrid: g > 0 ? Math.round((visits / g) * 100) / 100 : null,
    // households recorded in base information; none recorded → no ratio
    households: homes,
    visitsPerHousehold: homes > 0 ? Math.round((visits / homes) * 100) / 100 : null,
  });
  const rows = children.map((c) => {
    const w = workersBy.get(c.code);
    return row(
      c.code,
      c.name,
      gridsBy.get(c.code) ?? 0,
      Number(w?.grids_with_worker ?? 0),
      Number(w?.workers ?? 0),
      visitsBy.get(c.code) ?? 0,
      households.get(c.code) ?? 0,
    );
  });
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    region: { code: node.code, name: node.name },
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    rows,
    totals: row(
      node.code,
      node.name,
      total([...gridsBy.values()]),
      total(workers.map((w) => Number(w.grids_with_worker))),
      total(workers.map((w) => Number(w.workers))),
      total([...visitsBy.values()]),
      total([...households.values()]),
    ),
  };
}

/** A worker's activity: items and reports per CST day in the period, and their latest ones. */
export async function workerActivity(
  deps: AppDeps,
  auth: AuthContext,
  userId: string,
  qs: { from?: string; to?: string },
) {
  const user = gridStaff(auth);
  const db = deps.db.kysely;
  const worker = await q.findUser(db, userId);
  const isWorker = worker && (worker.role === 'grid_worker' || worker.role === 'security_member');
  // oneself, or a reader of statistics over the worker's grid
  if (!isWorker || (worker.id !== user.id && !mayGrid(user, 'read_stats', worker.scope_code))) {
    throw notFound();
  }
  const period = periodFromQuery(qs.from, qs.to, defaultPeriod(deps.clock()));
  const [daily, dailyReports, items, region] = await Promise.all([
    q.workerDailyCounts(db, { workerId: userId, ...period }),
    q.workerDailyReports(db, { workerId: userId, ...period }),
    q.listWorkItems(db, { region: { exact: worker.scope_code }, workerId: userId, ...period, limit: 20 }),
    q.findRegion(db, worker.scope_code),
  ]);
  const days = new Map<string, Record<WorkKind | 'reports', number>>();
  const dayOf = (d: string) => {
    let v = days.get(d);
    if (!v) days.set(d, (v = { visit: 0, patrol: 0, outreach: 0, collection: 0, reports: 0 }));
    return v;
  };
  for (const r of daily) dayOf(r.day)[r.kind] += Number(r.n);
  for (const r of dailyReports) dayOf(r.day).reports += Number(r.n);
  const reports = await q.listReports(
    db,
    { range: rangeOf(worker.scope_code), unitId: null },
    { reporterId: userId, limit: 20 },
  );
  return {
    worker: {
      id: worker.id,
      name: worker.display_name,
      role: worker.role,
      regionCode: worker.scope_code,
      regionName: region?.name ?? null,
      unitName: worker.unit_name,
    },
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    days: [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, v]) => ({ day, ...v })),
    items: items.slice(0, 20).map(workItemOut),
    reports: reports.slice(0, 20).map((r) => ({
      id: r.id,
      type: r.type,
      status: r.status,
      description: r.description,
      reportedAt: r.reported_at.toISOString(),
      concludedAt: r.concluded_at?.toISOString() ?? null,
      caseNo: r.case_no,
    })),
  };
}
