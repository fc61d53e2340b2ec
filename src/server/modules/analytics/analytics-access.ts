// Who reads which figures: the dashboard roles (policy.ts DASHBOARD_ROLES) for a region at or under
// their scope, over a period of whole CST days. A region outside one's scope is refused (403,
// like the scorecards) before it is looked up, so the answer says nothing of what exists there.
import { cstDayOf } from '../../../core/calendar/work-calendar.js';
import {
  MAX_BUCKETS,
  MAX_PERIOD_DAYS,
  addDays,
  periodProblem,
  type Granularity,
} from '../../../core/analytics/periods.js';
import { LEVEL_CODE_LENGTHS, levelOfCode, prefixUpperBound } from '../../../core/regions/region-code.js';
import { mayReadDashboards } from '../../../core/workflow/policy.js';
import { readDbOf, type AppDeps } from '../../deps.js';
import { HttpError, badRequest, unprocessable } from '../../http/errors.js';
import type { AuthContext } from '../auth/auth.service.js';
import { getRegion, pathOf } from '../regions/regions.service.js';
import type { CodeRange } from './analytics.queries.js';

export interface DashboardRegion {
  code: string;
  name: string;
  level: string;
  range: CodeRange;
  /** the ancestors and the region itself, root first, each marked whether the caller may open it */
  path: { code: string; name: string; level: string; inScope: boolean }[];
}

/** The staff user's region to show (their scope by default); 403 or 422 when it cannot be. */
export async function dashboardRegion(
  deps: AppDeps,
  auth: AuthContext,
  region: string | undefined,
): Promise<DashboardRegion> {
  if (auth.kind !== 'staff' || !mayReadDashboards(auth.user.role)) {
    throw new HttpError(403, 'analytics.forbidden');
  }
  const scope = auth.user.scopeCode;
  const code = region ?? scope;
  if (!code.startsWith(scope)) throw new HttpError(403, 'analytics.region_out_of_scope', { code });
  return regionNode(deps, code, scope);
}

/**
 * A region with its path, each ancestor marked in scope when under `scope` (a scheduled report,
 * run for no one, passes the region itself); 422 when there is no such region.
 */
export async function regionNode(deps: AppDeps, code: string, scope: string): Promise<DashboardRegion> {
  const node = levelOfCode(code) ? await getRegion(readDbOf(deps).kysely, code) : null;
  if (!node) throw unprocessable('analytics.unknown_region', { code });
  const path = await pathOf(readDbOf(deps).kysely, code);
  return {
    code: node.code,
    name: node.name,
    level: node.level,
    range: { lo: code, hi: prefixUpperBound(code) },
    path: path.map((r) => ({
      code: r.code,
      name: r.name,
      level: r.level,
      inScope: r.code.startsWith(scope),
    })),
  };
}

export interface Period {
  from: string;
  to: string;
}

/** Default period: the 30 CST days up to today. */
export const DEFAULT_DAYS = 30;

/**
 * The period asked for (YYYY-MM-DD, both ends included): a missing end is today, a missing start
 * 30 days before the end. 400 with a readable message for impossible days, reversed or overlong
 * periods and too many trend points.
 */
export function periodOf(now: Date, q: { from?: string; to?: string }, granularity?: Granularity): Period {
  const to = q.to ?? cstDayOf(now);
  const from = q.from ?? (periodProblem(to, to) ? to : addDays(to, -(DEFAULT_DAYS - 1)));
  const problem = periodProblem(from, to, granularity);
  if (problem) {
    throw badRequest(problem, {
      value: periodProblem(from, from) ? from : to,
      days: MAX_PERIOD_DAYS,
      limit: MAX_BUCKETS,
    });
  }
  return { from, to };
}

/** The code length of the level under a region (a grid is the last level: its own children). */
export function childLength(code: string): number {
  return LEVEL_CODE_LENGTHS.map(([, n]) => n).find((n) => n > code.length) ?? code.length;
}
