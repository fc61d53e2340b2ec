// The periodic statistics report (定期统计报表) as data, built once and rendered twice (Excel and
// PDF). Every figure is the dashboards' own (modules/analytics) or the quality call-backs' rates
// (modules/quality-checks): the report never counts anything a second way. Names of places,
// categories and units only; no person appears in it.
import {
  previousReportPeriod,
  yearAgoPeriod,
  type ReportPeriod,
} from '../../../core/analytics/report-periods.js';
import { cstDayOf } from '../../../core/calendar/work-calendar.js';
import { readDbOf, type AppDeps } from '../../deps.js';
import type { Lang } from '../../http/i18n.js';
import type { DashboardRegion } from '../analytics/analytics-access.js';
import { mixFigures, overviewFigures, periodFigures } from '../analytics/analytics.service.js';
import type { CaseFiguresT } from '../analytics/figures.js';
import { childFigures, unitFigures } from '../analytics/rankings.service.js';
import { EXPORT_WORDS } from '../cases/export-csv.js';
import { qualityCheckRates, type QualityRates } from '../quality-checks/quality-checks.service.js';

/** The units a report lists: the busiest, as the dashboard's unit ranking orders them. */
export const TOP_UNITS = 20;

type GridPeriodFigures = Awaited<ReturnType<typeof periodFigures>>['grid'];

/** A row of a breakdown table: a name, the period's case figures, the open backlog now. */
export interface BreakdownRow {
  code: string;
  /** the row's name in each language (a region or unit has one name, a category two) */
  name: { 'zh-CN': string; en: string };
  cases: CaseFiguresT;
  now: { open: number; overdue: number };
}

export interface StatisticsReport {
  region: { code: string; name: string; level: string };
  period: ReportPeriod;
  previous: ReportPeriod;
  yearAgo: ReportPeriod;
  /** whether the period had ended when the report was made (else its figures run to today) */
  complete: boolean;
  generatedAt: Date;
  /** case figures of the period, the one before and the same one a year earlier */
  cases: { current: CaseFiguresT; previous: CaseFiguresT; yearAgo: CaseFiguresT };
  grid: {
    current: GridPeriodFigures;
    previous: GridPeriodFigures;
    yearAgo: GridPeriodFigures;
    now: { open: number; overdue: number };
  };
  /** open and overdue cases and open warnings when the report was made */
  now: { open: number; overdue: number; warnings: number | null };
  children: (BreakdownRow & { own: boolean; grid: GridPeriodFigures & { open: number; overdue: number } })[];
  categories: BreakdownRow[];
  channels: BreakdownRow[];
  units: BreakdownRow[];
  /** the quality call-backs of cases concluded in the period (抽查回访) */
  quality: QualityRates;
}

/** The CST instants [from, to) of a period of whole days. */
function instants(p: { from: string; to: string }): { from: Date; to: Date } {
  const from = new Date(`${p.from}T00:00:00+08:00`);
  return { from, to: new Date(new Date(`${p.to}T00:00:00+08:00`).getTime() + 86_400_000) };
}

const same = (name: string) => ({ 'zh-CN': name, en: name });
const channelName = (lang: Lang, code: string) => EXPORT_WORDS[lang].channel[code] ?? code;

/** Builds the report of a region (already checked against the caller's scope) and period. */
export async function buildStatisticsReport(
  deps: AppDeps,
  region: DashboardRegion,
  period: ReportPeriod,
): Promise<StatisticsReport> {
  const now = deps.clock();
  const previous = previousReportPeriod(period);
  const yearAgo = yearAgoPeriod(period);
  const span = instants(period);
  const [overview, before, lastYear, children, mix, units, quality] = await Promise.all([
    overviewFigures(deps, region, period, now),
    periodFigures(deps, region, previous),
    periodFigures(deps, region, yearAgo),
    childFigures(deps, region, period, now),
    mixFigures(deps, region, period, now),
    unitFigures(deps, region, period, now),
    qualityCheckRates(readDbOf(deps).kysely, region.code, span.from, span.to),
  ]);
  const { open, overdue, ...gridNow } = { ...overview.grid };
  return {
    region: { code: region.code, name: region.name, level: region.level },
    period,
    previous,
    yearAgo,
    complete: period.to < cstDayOf(now),
    generatedAt: now,
    cases: { current: overview.cases, previous: before.cases, yearAgo: lastYear.cases },
    grid: {
      current: gridNow,
      previous: before.grid,
      yearAgo: lastYear.grid,
      now: { open, overdue },
    },
    now: {
      open: overview.now.open,
      overdue: overview.now.overdue,
      warnings: overview.warnings?.total ?? null,
    },
    children: children.map((c) => ({
      code: c.code,
      name: same(c.name),
      own: c.own,
      cases: c.cases,
      now: c.now,
      grid: c.grid,
    })),
    categories: mix.categories.map((c) => ({
      code: c.code,
      name: { 'zh-CN': c.nameZh, en: c.nameEn },
      cases: c.cases,
      now: c.now,
    })),
    channels: mix.channels.map((c) => ({
      code: c.code,
      name: { 'zh-CN': channelName('zh-CN', c.code), en: channelName('en', c.code) },
      cases: c.cases,
      now: c.now,
    })),
    units: units.slice(0, TOP_UNITS).map((u) => ({
      code: u.unitId,
      name: same(u.name),
      cases: u.cases,
      now: u.now,
    })),
    quality,
  };
}
