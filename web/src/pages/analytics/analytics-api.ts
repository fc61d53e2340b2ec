// The dashboards' API as the console reads it (src/server/modules/analytics/analytics.schemas.ts).
export interface CaseFigures {
  received: number;
  resolved: number;
  concluded: number;
  concludedOnTime: number;
  followedUp: number;
  satisfied: number;
  reopened: number;
  withdrawn: number;
  declined: number;
  resolutionRate: number | null;
  conclusionRate: number | null;
  onTimeRate: number | null;
  satisfactionRate: number | null;
}
export interface NowFigures {
  open: number;
  overdue: number;
}
export interface GridFigures extends NowFigures {
  received: number;
  concluded: number;
  concludedOnTime: number;
  conclusionRate: number | null;
  onTimeRate: number | null;
}
export interface Warnings {
  total: number;
  byKind: Record<string, number>;
}
export interface PathNode {
  code: string;
  name: string;
  level: string;
  inScope: boolean;
}
export interface RegionInfo {
  code: string;
  name: string;
  level: string;
  path: PathNode[];
}
export interface PeriodDays {
  from: string;
  to: string;
}
export interface OverviewFigures {
  cases: CaseFigures;
  now: NowFigures & { at: string };
  grid: GridFigures;
  warnings: Warnings | null;
}
/** The quality call-backs (抽查回访) of the cases concluded in the period, shown beside 办结率. */
export interface QualityFigures {
  sampled: number;
  reached: number;
  satisfactionRate: number | null;
  reopenRate: number | null;
}
export interface Overview extends OverviewFigures {
  region: RegionInfo;
  period: PeriodDays;
  quality: QualityFigures;
}
export interface TrendPoint {
  from: string;
  to: string;
  cases: CaseFigures;
  grid: Omit<GridFigures, 'open' | 'overdue'>;
}
export interface Trend {
  region: RegionInfo;
  period: PeriodDays;
  granularity: Granularity;
  points: TrendPoint[];
}
export interface Mix {
  categories: { code: string; nameZh: string; nameEn: string; cases: CaseFigures; now: NowFigures }[];
  channels: { code: string; cases: CaseFigures; now: NowFigures }[];
}
export interface ChildRow {
  code: string;
  name: string;
  level: string;
  own: boolean;
  cases: CaseFigures;
  now: NowFigures;
  grid: GridFigures;
}
export interface Regions {
  region: RegionInfo;
  period: PeriodDays;
  items: ChildRow[];
}
export interface UnitRow {
  unitId: string;
  name: string;
  kind: string;
  regionCode: string;
  cases: CaseFigures;
  now: NowFigures;
}
export interface Units {
  items: UnitRow[];
}
export interface FeedItem {
  id: string;
  caseNo: string;
  title: string;
  state: string;
  riskLevel: string;
  categoryCode: string;
  regionCode: string;
  regionName: string;
  createdAt: string;
  deadlineAt: string | null;
}
export interface Screen {
  region: RegionInfo;
  generatedAt: string;
  /** the server shares these figures this long (ms): a refresh sooner may get the same ones */
  maxAgeMs: number;
  today: OverviewFigures & { period: PeriodDays };
  month: OverviewFigures & { period: PeriodDays };
  trend: TrendPoint[];
  children: ChildRow[];
  recent: FeedItem[];
  highRisk: FeedItem[];
}

export type Granularity = 'day' | 'week' | 'month';

/** The dashboard's state, kept in the URL: region, period, trend granularity. */
export interface DashboardQuery {
  region?: string;
  from: string;
  to: string;
  granularity: Granularity;
}

/** An analytics API URL for the query (granularity only where it means something). */
export function analyticsUrl(
  what: 'overview' | 'trend' | 'mix' | 'regions' | 'units',
  q: DashboardQuery,
): string {
  const sp = new URLSearchParams();
  if (q.region) sp.set('region', q.region);
  sp.set('from', q.from);
  sp.set('to', q.to);
  if (what === 'trend') sp.set('granularity', q.granularity);
  return `/api/analytics/${what}?${sp.toString()}`;
}
