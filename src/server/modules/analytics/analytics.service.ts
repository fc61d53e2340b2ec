// The dashboard's figures for a region and period: KPIs, the trend, the category and channel mix.
// Every period figure is a sum of rollup rows; "now" figures count the open backlog.
import { bucketStart, bucketsOf, type Granularity } from '../../../core/analytics/periods.js';
import { endOfCstDay } from '../../../core/calendar/work-calendar.js';
import { readDbOf, type AppDeps } from '../../deps.js';
import { qualityCheckRates } from '../quality-checks/quality-checks.service.js';
import type { AuthContext } from '../auth/auth.service.js';
import { categories } from '../units/units.service.js';
import { NO_CACHE } from './figure-cache.js';
import { dashboardRegion, periodOf, type DashboardRegion, type Period } from './analytics-access.js';
import { caseCounts, casesNow, gridCounts, gridNow } from './analytics.queries.js';
import { byKey, caseFigures, gridFigures, nowFigures } from './figures.js';
import { openWarningsOf } from './open-warnings.js';

export interface FigureQuery {
  region?: string;
  from?: string;
  to?: string;
}

const regionOut = (r: DashboardRegion) => ({ code: r.code, name: r.name, level: r.level, path: r.path });

/** The KPIs of a region and period, the open backlog now, grid reports, open warnings. */
export async function overview(deps: AppDeps, auth: AuthContext, q: FigureQuery, cache = NO_CACHE) {
  const region = await dashboardRegion(deps, auth, q.region);
  const now = deps.clock();
  const period = periodOf(now, q);
  return cache.get(`overview:${region.code}:${period.from}:${period.to}`, async () => {
    const [figures, quality] = await Promise.all([
      overviewFigures(deps, region, period, now),
      qualityOf(deps, region, period),
    ]);
    return { region: regionOut(region), period, ...figures, quality };
  });
}

/** The call-back rates of the cases concluded in the period (the quality-checks module's own). */
async function qualityOf(deps: AppDeps, region: DashboardRegion, period: Period) {
  const from = new Date(endOfCstDay(period.from).getTime() - 86_400_000);
  const r = await qualityCheckRates(readDbOf(deps).kysely, region.code, from, endOfCstDay(period.to));
  return {
    sampled: r.sampled,
    reached: r.reached,
    satisfactionRate: r.satisfactionRate,
    reopenRate: r.reopenRate,
  };
}

/** The overview's figures (the wall screen reads them for two periods). */
export async function overviewFigures(deps: AppDeps, region: DashboardRegion, period: Period, now: Date) {
  const db = readDbOf(deps).kysely;
  const [figures, open, gridOpen, warnings] = await Promise.all([
    periodFigures(deps, region, period),
    casesNow(db, region.range, now, { by: 'all' }),
    gridNow(db, region.range, now, { by: 'all' }),
    openWarningsOf(deps, region.code),
  ]);
  return {
    cases: figures.cases,
    now: { ...nowFigures(open), at: now.toISOString() },
    grid: { ...figures.grid, ...nowFigures(gridOpen) },
    warnings,
  };
}

/** The case and grid report figures of a period alone (a report compares several periods). */
export async function periodFigures(deps: AppDeps, region: DashboardRegion, period: Period) {
  const db = readDbOf(deps).kysely;
  const [cases, grid] = await Promise.all([
    caseCounts(db, region.range, period, { by: 'all' }),
    gridCounts(db, region.range, period, { by: 'all' }),
  ]);
  return { cases: caseFigures(cases), grid: gridFigures(grid) };
}

/** Case and grid figures per day, week (from Monday) or month of the period. */
export async function trend(
  deps: AppDeps,
  auth: AuthContext,
  q: FigureQuery & { granularity?: Granularity },
  cache = NO_CACHE,
) {
  const region = await dashboardRegion(deps, auth, q.region);
  const granularity = q.granularity ?? 'day';
  const period = periodOf(deps.clock(), q, granularity);
  return cache.get(`trend:${region.code}:${period.from}:${period.to}:${granularity}`, async () => ({
    region: regionOut(region),
    period,
    granularity,
    points: await trendPoints(deps, region, period, granularity),
  }));
}

export async function trendPoints(deps: AppDeps, region: DashboardRegion, period: Period, g: Granularity) {
  const db = readDbOf(deps).kysely;
  const [cases, grid] = await Promise.all([
    // by month, whole months come from the monthly rows (a month's key is its first day)
    caseCounts(db, region.range, period, { by: g === 'month' ? 'month' : 'day' }),
    gridCounts(db, region.range, period, { by: g === 'month' ? 'month' : 'day' }),
  ]);
  // rows are per day: each goes to its bucket, the first one clipped to the period's start
  const group = <T extends { k: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const start = bucketStart(r.k, g);
      const k = start < period.from ? period.from : start;
      m.set(k, [...(m.get(k) ?? []), r]);
    }
    return m;
  };
  const c = group(cases);
  const gr = group(grid);
  return bucketsOf(period.from, period.to, g).map((b) => ({
    from: b.from,
    to: b.to,
    cases: caseFigures(c.get(b.from) ?? []),
    grid: gridFigures(gr.get(b.from) ?? []),
  }));
}

/** The period's figures by category and by channel, with the open backlog of each. */
export async function mix(deps: AppDeps, auth: AuthContext, q: FigureQuery, cache = NO_CACHE) {
  const region = await dashboardRegion(deps, auth, q.region);
  const now = deps.clock();
  const period = periodOf(now, q);
  return cache.get(`mix:${region.code}:${period.from}:${period.to}`, async () => ({
    region: regionOut(region),
    period,
    ...(await mixFigures(deps, region, period, now)),
  }));
}

/** The mix's rows: each category and channel with figures in the period and its backlog now. */
export async function mixFigures(deps: AppDeps, region: DashboardRegion, period: Period, now: Date) {
  const db = readDbOf(deps).kysely;
  const [byCategory, byChannel, openByCategory, openByChannel, names] = await Promise.all([
    caseCounts(db, region.range, period, { by: 'category' }),
    caseCounts(db, region.range, period, { by: 'channel' }),
    casesNow(db, region.range, now, { by: 'category' }),
    casesNow(db, region.range, now, { by: 'channel' }),
    categories(db),
  ]);
  const cat = byKey(byCategory);
  const catNow = byKey(openByCategory);
  const chan = byKey(byChannel);
  const chanNow = byKey(openByChannel);
  const channels = [...new Set([...chan.keys(), ...chanNow.keys()])].sort();
  return {
    categories: names
      .filter((n) => cat.has(n.code) || catNow.has(n.code))
      .map((n) => ({
        code: n.code,
        nameZh: n.nameZh,
        nameEn: n.nameEn,
        cases: caseFigures(cat.has(n.code) ? [cat.get(n.code)!] : []),
        now: nowFigures(catNow.has(n.code) ? [catNow.get(n.code)!] : []),
      })),
    channels: channels.map((code) => ({
      code,
      cases: caseFigures(chan.has(code) ? [chan.get(code)!] : []),
      now: nowFigures(chanNow.has(code) ? [chanNow.get(code)!] : []),
    })),
  };
}
