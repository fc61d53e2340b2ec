// Rankings and drill-down: the children of a region (county → township → village → grid) and the
// units, each with their figures. Cases registered at the region's own node (a township-level
// case when the children are villages) form one more row, marked `own`.
import { readDbOf, type AppDeps } from '../../deps.js';
import type { AuthContext } from '../auth/auth.service.js';
import { listChildren } from '../regions/regions.service.js';
import {
  childLength,
  dashboardRegion,
  periodOf,
  type DashboardRegion,
  type Period,
} from './analytics-access.js';
import { caseCounts, casesNow, gridCounts, gridNow, unitsByIds } from './analytics.queries.js';
import type { FigureQuery } from './analytics.service.js';
import { NO_CACHE } from './figure-cache.js';
import { byKey, caseFigures, gridFigures, nowFigures } from './figures.js';

const one = <T>(m: Map<string, T>, k: string): T[] => (m.has(k) ? [m.get(k)!] : []);

/** Each child region of `region` with its figures for the period and its backlog now. */
export async function regionRanking(deps: AppDeps, auth: AuthContext, q: FigureQuery, cache = NO_CACHE) {
  const region = await dashboardRegion(deps, auth, q.region);
  const now = deps.clock();
  const period = periodOf(now, q);
  return cache.get(`regions:${region.code}:${period.from}:${period.to}`, async () => ({
    region: { code: region.code, name: region.name, level: region.level, path: region.path },
    period,
    items: await childFigures(deps, region, period, now),
  }));
}

/** The rows of the region ranking (the wall screen's too). */
export async function childFigures(deps: AppDeps, region: DashboardRegion, period: Period, now: Date) {
  const db = readDbOf(deps).kysely;
  const length = childLength(region.code);
  const child = { by: 'child' as const, length };
  const [children, cases, open, grid, gridOpen] = await Promise.all([
    length > region.code.length ? listChildren(db, region.code) : Promise.resolve([]),
    caseCounts(db, region.range, period, child),
    casesNow(db, region.range, now, child),
    gridCounts(db, region.range, period, child),
    gridNow(db, region.range, now, child),
  ]);
  const [c, o, g, go] = [byKey(cases), byKey(open), byKey(grid), byKey(gridOpen)];
  const row = (code: string, name: string, level: string, own: boolean) => ({
    code,
    name,
    level,
    own,
    cases: caseFigures(one(c, code)),
    now: nowFigures(one(o, code)),
    grid: { ...gridFigures(one(g, code)), ...nowFigures(one(go, code)) },
  });
  const items = children.map((r) => row(r.code, r.name, r.level, false));
  // figures of the node itself (its code is shorter than a child's, so substr keeps it whole)
  if ([c, o, g, go].some((m) => m.has(region.code))) {
    items.push(row(region.code, region.name, region.level, true));
  }
  return items;
}

/**
 * The units with figures in the region and period: cases received as first-contact unit (首问),
 * concluded as lead (with on time, resolved, followed up, satisfied), and open and overdue now as
 * lead. Sorted by concluded, then received.
 */
export async function unitRanking(deps: AppDeps, auth: AuthContext, q: FigureQuery, cache = NO_CACHE) {
  const region = await dashboardRegion(deps, auth, q.region);
  const now = deps.clock();
  const period = periodOf(now, q);
  return cache.get(`units:${region.code}:${period.from}:${period.to}`, async () => ({
    region: { code: region.code, name: region.name, level: region.level, path: region.path },
    period,
    items: await unitFigures(deps, region, period, now),
  }));
}

/** The rows of the unit ranking, in its order. */
export async function unitFigures(deps: AppDeps, region: DashboardRegion, period: Period, now: Date) {
  const db = readDbOf(deps).kysely;
  const [cases, open] = await Promise.all([
    caseCounts(db, region.range, period, { by: 'unit' }),
    casesNow(db, region.range, now, { by: 'unit' }),
  ]);
  const c = byKey(cases);
  const o = byKey(open.filter((r) => r.k !== ''));
  const ids = [...new Set([...c.keys(), ...o.keys()])];
  const units = await unitsByIds(db, ids);
  return units
    .map((u) => ({
      unitId: u.id,
      name: u.name,
      kind: u.kind,
      regionCode: u.region_code,
      cases: caseFigures(one(c, u.id)),
      now: nowFigures(one(o, u.id)),
    }))
    .sort(
      (a, b) =>
        b.cases.concluded - a.cases.concluded ||
        b.cases.received - a.cases.received ||
        a.name.localeCompare(b.name, 'zh-CN'),
    );
}
