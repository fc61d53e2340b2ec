// The wall screen (大屏) in one answer: today's and this month's figures, 30 days of trend, the
// children's ranking for the month, the newest cases and the open high-risk ones, open warnings.
// Everything is bounded: rollup rows, the open backlog, and the cases of the last days.
import { addDays } from '../../../core/analytics/periods.js';
import { cstDayOf } from '../../../core/calendar/work-calendar.js';
import { readDbOf, type AppDeps } from '../../deps.js';
import { NO_CACHE } from './figure-cache.js';
import type { AuthContext } from '../auth/auth.service.js';
import { dashboardRegion } from './analytics-access.js';
import { openHighRisk, recentCases, type FeedRow } from './analytics.queries.js';
import { overviewFigures, trendPoints } from './analytics.service.js';
import { childFigures } from './rankings.service.js';

/** How far back the feed of newest cases looks. */
const FEED_DAYS = 30;
const FEED_SIZE = 12;

/** The smallest UUIDv7 of an instant: ids at or after it were made at or after it. */
export function uuidv7Floor(at: Date): string {
  const hex = Math.max(0, at.getTime()).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

const feedOut = (r: FeedRow) => ({
  id: r.id,
  caseNo: r.case_no,
  title: r.title,
  state: r.state,
  riskLevel: r.risk_level,
  categoryCode: r.category_code,
  regionCode: r.region_code,
  regionName: r.region_name,
  createdAt: r.created_at.toISOString(),
  deadlineAt: r.deadline_at?.toISOString() ?? null,
});

export async function screen(deps: AppDeps, auth: AuthContext, q: { region?: string }, cache = NO_CACHE) {
  const region = await dashboardRegion(deps, auth, q.region);
  const now = deps.clock();
  const today = cstDayOf(now);
  const month = { from: `${today.slice(0, 7)}-01`, to: today };
  return cache.get(`screen:${region.code}:${today}`, async () => {
    const db = readDbOf(deps).kysely;
    const [day, monthFigures, points, children, recent, highRisk] = await Promise.all([
      overviewFigures(deps, region, { from: today, to: today }, now),
      overviewFigures(deps, region, month, now),
      trendPoints(deps, region, { from: addDays(today, -29), to: today }, 'day'),
      childFigures(deps, region, month, now),
      recentCases(db, region.range, uuidv7Floor(new Date(now.getTime() - FEED_DAYS * 86_400_000)), FEED_SIZE),
      openHighRisk(db, region.range, FEED_SIZE),
    ]);
    return {
      region: { code: region.code, name: region.name, level: region.level, path: region.path },
      generatedAt: now.toISOString(),
      maxAgeMs: cache.maxAgeMs,
      today: { period: { from: today, to: today }, ...day },
      month: { period: month, ...monthFigures },
      trend: points,
      children,
      recent: recent.map(feedOut),
      highRisk: highRisk.map(feedOut),
    };
  });
}
