// The periods of the periodic statistics report (定期统计报表): CST calendar weeks (Monday to
// Sunday), months, quarters and years, as whole days 'YYYY-MM-DD' with both ends included, and
// the two periods a report compares with: the one before and the same one a year earlier.
import { addDays, bucketStart, dayNumber } from './periods.js';

export const REPORT_PERIOD_KINDS = ['week', 'month', 'quarter', 'year'] as const;
export type ReportPeriodKind = (typeof REPORT_PERIOD_KINDS)[number];

/** A calendar period: its kind, first and last day (CST). */
export interface ReportPeriod {
  kind: ReportPeriodKind;
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The first day of the month `months` months after the month of `day` (before, when negative). */
function monthStart(day: string, months: number): string {
  const index = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 + months;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-01`;
}

/** How many months a period of the kind spans (weeks are counted in days). */
const MONTHS: Record<Exclude<ReportPeriodKind, 'week'>, number> = { month: 1, quarter: 3, year: 12 };

/** The period of the kind holding `day` (a valid day). */
export function reportPeriodOf(kind: ReportPeriodKind, day: string): ReportPeriod {
  if (kind === 'week') {
    const from = bucketStart(day, 'week');
    return { kind, from, to: addDays(from, 6) };
  }
  const month = Number(day.slice(5, 7));
  const first = kind === 'month' ? month : kind === 'quarter' ? Math.floor((month - 1) / 3) * 3 + 1 : 1;
  const from = `${day.slice(0, 4)}-${pad(first)}-01`;
  return { kind, from, to: addDays(monthStart(from, MONTHS[kind]), -1) };
}

/** The period right after `p`. */
export function nextReportPeriod(p: ReportPeriod): ReportPeriod {
  return reportPeriodOf(p.kind, addDays(p.to, 1));
}

/** The period right before `p`. */
export function previousReportPeriod(p: ReportPeriod): ReportPeriod {
  return reportPeriodOf(p.kind, addDays(p.from, -1));
}

/**
 * The same period a year earlier (同期): the same month, quarter or year of the previous year; for
 * a week, the week 52 weeks earlier, so that both run Monday to Sunday and hold the same weekdays.
 */
export function yearAgoPeriod(p: ReportPeriod): ReportPeriod {
  if (p.kind === 'week') return reportPeriodOf('week', addDays(p.from, -364));
  return reportPeriodOf(p.kind, `${Number(p.from.slice(0, 4)) - 1}${p.from.slice(4)}`);
}

/** The latest period of the kind that ended before `today` (what a schedule reports on). */
export function lastCompletePeriod(kind: ReportPeriodKind, today: string): ReportPeriod {
  return previousReportPeriod(reportPeriodOf(kind, today));
}

/**
 * The period's number within its year, for its name: the ISO week (the year is the one its
 * Thursday falls in), the month (1–12), the quarter (1–4); a year is its own number (1).
 */
export function periodNumber(p: ReportPeriod): { year: number; n: number } {
  if (p.kind === 'week') {
    const thursday = addDays(p.from, 3);
    const year = Number(thursday.slice(0, 4));
    return { year, n: Math.floor((dayNumber(thursday)! - dayNumber(`${year}-01-01`)!) / 7) + 1 };
  }
  const year = Number(p.from.slice(0, 4));
  const month = Number(p.from.slice(5, 7));
  return { year, n: p.kind === 'month' ? month : p.kind === 'quarter' ? (month + 2) / 3 : 1 };
}
