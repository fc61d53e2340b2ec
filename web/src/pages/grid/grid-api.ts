// Shapes of the grid-work API the console reads (.tmp/GRID-API.md section A; the server's TypeBox
// schemas in src/server/modules/grid are the source) and the URLs of its lists.
import { qs } from '../../api/client';

import type { Light } from '../../../../src/core/deadlines/time-limits';
import type { PlanPeriod, ReportStatus, ReportType, WorkKind } from '../../../../src/core/grid/grid-rules';

// the words of grid work are the core's (one list for server, console and phone)
export {
  PLAN_PERIODS,
  REPORT_STATUSES,
  REPORT_TYPES,
  WORK_KINDS,
} from '../../../../src/core/grid/grid-rules';
export type { Light, PlanPeriod, ReportStatus, ReportType, WorkKind };

export interface ReportCounts {
  total: number;
  concluded: number;
  concludedInTime: number;
  open: number;
  overdue: number;
}

export interface StatsRow {
  regionCode: string;
  regionName: string;
  workers: number;
  workItems: Record<WorkKind, number>;
  reports: ReportCounts;
  conclusionRate: number | null;
  inTimeRate: number | null;
  households?: number | null;
  visitedHouseholds?: number | null;
}

/** The period an answer covers, as instants (the server's default: the last 30 days). */
export interface AnsweredPeriod {
  from: string;
  to: string;
}

export interface GridStats {
  region?: { code: string; name: string };
  period?: AnsweredPeriod;
  rows: StatsRow[];
  totals?: StatsRow;
}

/** Coverage per child region: its grids, how many have a grid worker, visits in the period. */
export interface CoverageRow {
  regionCode: string;
  regionName: string;
  grids: number;
  gridsWithWorker: number;
  gridsWithoutWorker: number;
  workers: number;
  visits: number;
  visitsPerGrid: number | null;
  households: number | null;
  visitsPerHousehold: number | null;
}

export interface Coverage {
  region?: { code: string; name: string };
  period?: AnsweredPeriod;
  rows: CoverageRow[];
  totals: CoverageRow;
}

export interface Position {
  lat: number;
  lng: number;
  accuracy?: number | null;
}

export interface WorkItem {
  id: string;
  kind: WorkKind;
  occurredAt: string;
  regionCode: string;
  regionName: string | null;
  workerId: string;
  workerName: string | null;
  place: string | null;
  note: string;
  photoIds: string[];
  patrol: {
    route: string;
    places?: string[];
    findings?: { text: string; action: string }[];
  } | null;
  position: Position | null;
}

export interface GridReport {
  id: string;
  type: ReportType;
  status: ReportStatus;
  description: string;
  regionCode: string;
  regionName: string | null;
  reportedAt: string;
  reporterName: string | null;
  unitId: string | null;
  unitName: string | null;
  deadline: string | null;
  light: Light | null;
  concludedAt: string | null;
  result: string | null;
  caseId: string | null;
  caseNo: string | null;
  caseState: string | null;
}

export interface ReportEvent {
  seq?: number;
  at: string;
  action: string;
  actorName: string | null;
  actorUnitName?: string | null;
  /** the unit a report was assigned to (assign events) */
  unitId?: string | null;
  unitName: string | null;
  note: string | null;
}

export interface GridReportDetail extends GridReport {
  photoIds: string[];
  position: Position | null;
  place?: string | null;
  riskLevel?: string | null;
  /** what the policy lets the caller do to it (the status may still refuse) */
  allowed?: { assign: boolean; conclude: boolean };
  events: ReportEvent[];
}

export interface Plan {
  id: string;
  regionCode: string;
  regionName?: string | null;
  kind: WorkKind;
  title: string;
  every: PlanPeriod;
  count: number;
  createdAt?: string;
  createdByName?: string | null;
}

/** One CST day of a worker: work items per kind and reports. */
export type ActivityDay = { day: string; reports: number } & Record<WorkKind, number>;

export interface WorkerActivity {
  worker: {
    id: string;
    name: string;
    role?: string;
    regionCode: string;
    regionName: string | null;
    unitName?: string | null;
  };
  period?: AnsweredPeriod;
  days: ActivityDay[];
  items: WorkItem[];
  reports: Pick<
    GridReport,
    'id' | 'type' | 'status' | 'description' | 'reportedAt' | 'concludedAt' | 'caseNo'
  >[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const photoUrl = (id: string) => `/api/grid/uploads/${id}`;

export interface Period {
  from?: string;
  to?: string;
}

export const statsUrl = (region: string | undefined, p: Period) =>
  `/api/grid/stats${qs({ region, from: p.from, to: p.to })}`;
export const coverageUrl = (region: string | undefined, p: Period) =>
  `/api/grid/coverage${qs({ region, from: p.from, to: p.to })}`;

export interface ReportFilters {
  type?: ReportType;
  status?: ReportStatus;
  overdue?: boolean;
  region?: string;
  /** a period of CST days (YYYY-MM-DD, both included) of the reported day, or of the concluded day */
  from?: string;
  to?: string;
  /** the reports behind a dashboard figure: disputes left out, the period of receipt or conclusion */
  figure?: 'received' | 'concluded';
}
export const reportsUrl = (f: ReportFilters, cursor: string | null, limit = 30) =>
  `/api/grid/reports${qs({ ...f, overdue: f.overdue ? 'true' : undefined, cursor, limit })}`;

export interface WorkFilters extends Period {
  region?: string;
  worker?: string;
  kind?: WorkKind;
}
export const workItemsUrl = (f: WorkFilters, cursor: string | null, limit = 30) =>
  `/api/grid/work-items${qs({ ...f, cursor, limit })}`;

export const activityUrl = (userId: string, p: Period) =>
  `/api/grid/workers/${userId}/activity${qs({ from: p.from, to: p.to })}`;
