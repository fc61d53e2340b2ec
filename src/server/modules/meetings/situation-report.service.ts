// The situation report (情况报告) of a weekly meeting, read live from the modules that own each
// part: the week's figures beside the previous week's (analytics: the dashboards' own sums), the
// warnings first raised in the week, the overdue cases (the case list's overdue filter), the cases
// under supervision not yet answered, the department scorecards of the week, the overdue
// decisions of earlier meetings and this meeting's decisions.
import { addDays } from '../../../core/analytics/periods.js';
import { cstDayOf, endOfCstDay } from '../../../core/calendar/work-calendar.js';
import type { AppDeps } from '../../deps.js';
import { closedPeriodOf } from '../accountability/period.js';
import { unitScorecards } from '../accountability/scorecards.service.js';
import type { AuthContext } from '../auth/auth.service.js';
import { dashboardRegion } from '../analytics/analytics-access.js';
import { overviewFigures } from '../analytics/analytics.service.js';
import { listCases } from '../cases/read-case.js';
import { unansweredOrdersUnder } from '../supervision/supervision.service.js';
import { listWarnings } from '../warnings/warnings.service.js';
import { decisionView } from './decisions.service.js';
import { meetingView, readableMeeting } from './meetings.service.js';
import * as q from './meetings.queries.js';

/** How many rows each list of the report shows (a meeting reads the top; the totals say the rest). */
export const REPORT_LIST_LIMIT = 50;
const DAY_MS = 86_400_000;

export async function situationReport(deps: AppDeps, authIn: AuthContext, meetingId: string) {
  const { auth, row } = await readableMeeting(deps, authIn, meetingId);
  const now = deps.clock();
  const today = cstDayOf(now);
  const week = { from: row.week_start, to: addDays(row.week_start, 6) };
  const previous = { from: addDays(row.week_start, -7), to: addDays(row.week_start, -1) };
  const weekStart = new Date(endOfCstDay(week.from).getTime() - DAY_MS);
  const weekEnd = endOfCstDay(week.to);
  const region = await dashboardRegion(deps, auth, row.region_code);
  const db = deps.db.kysely;
  const [thisWeek, lastWeek, warnings, overdue, supervised, scorecards, overdueDecisions, decisions] =
    await Promise.all([
      overviewFigures(deps, region, week, now),
      overviewFigures(deps, region, previous, now),
      listWarnings(db, {
        regionCode: row.region_code,
        raisedFrom: weekStart,
        raisedTo: weekEnd,
        limit: REPORT_LIST_LIMIT,
      }),
      listCases(
        deps,
        auth,
        { regionCode: row.region_code, overdue: true, limit: REPORT_LIST_LIMIT },
        { count: true },
      ),
      unansweredOrdersUnder(deps, row.region_code, REPORT_LIST_LIMIT),
      unitScorecards(deps, { regionPrefix: row.region_code }, closedPeriodOf(now, week.from, week.to)),
      q.overdueDecisions(db, row.region_code, today, REPORT_LIST_LIMIT),
      q.meetingDecisions(db, row.id),
    ]);
  return {
    meeting: meetingView(row),
    generatedAt: now.toISOString(),
    week,
    previousWeek: previous,
    figures: { week: thisWeek.cases, previousWeek: lastWeek.cases, now: thisWeek.now, grid: thisWeek.grid },
    openWarnings: thisWeek.warnings,
    newWarnings: { items: warnings.items, more: warnings.nextCursor !== null },
    overdueCases: { total: overdue.total ?? overdue.items.length, items: overdue.items },
    supervisedCases: supervised,
    scorecards,
    overdueDecisions: overdueDecisions.map((d) => decisionView(d, now)),
    decisions: decisions.map((d) => decisionView(d, now)),
  };
}
export type SituationReport = Awaited<ReturnType<typeof situationReport>>;
