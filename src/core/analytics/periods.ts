// Periods of the dashboard: whole CST days, both ends included, cut into day, week (Monday
// first) or month buckets. Days are 'YYYY-MM-DD' strings; the arithmetic runs on day numbers.

export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** The longest period any figure covers: three years and a day (a leap year inside). */
export const MAX_PERIOD_DAYS = 3 * 366;
/** The most buckets one trend returns (a year of days; 3 years of weeks or months fit). */
export const MAX_BUCKETS = 366;

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number (days since 1970-01-01) of a valid day, or null. */
export function dayNumber(day: string): number | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const n = t / DAY_MS;
  return formatDayNumber(n) === day ? n : null;
}

export function formatDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The day `n` days after `day` (before, when negative). */
export function addDays(day: string, n: number): string {
  return formatDayNumber(dayNumber(day)! + n);
}

/** Days from `from` to `to`, both included. */
export function daysIn(from: string, to: string): number {
  return dayNumber(to)! - dayNumber(from)! + 1;
}

/** The first day of the bucket holding `day`. */
export function bucketStart(day: string, g: Granularity): string {
  if (g === 'day') return day;
  if (g === 'month') return `${day.slice(0, 7)}-01`;
  const n = dayNumber(day)!;
  // 1970-01-01 was a Thursday: (n + 3) mod 7 is 0 on Mondays
  return formatDayNumber(n - ((((n + 3) % 7) + 7) % 7));
}

export interface Bucket {
  /** first day of the bucket inside the period */
  from: string;
  /** last day of the bucket inside the period */
  to: string;
}

/** The buckets covering [from, to], each clipped to the period (a week may start before it). */
export function bucketsOf(from: string, to: string, g: Granularity): Bucket[] {
  const out: Bucket[] = [];
  const end = dayNumber(to)!;
  let start = dayNumber(from)!;
  while (start <= end) {
    const day = formatDayNumber(start);
    const next =
      g === 'day'
        ? start + 1
        : g === 'week'
          ? dayNumber(bucketStart(day, 'week'))! + 7
          : dayNumber(nextMonth(day))!;
    out.push({ from: day, to: formatDayNumber(Math.min(next - 1, end)) });
    start = next;
  }
  return out;
}

function nextMonth(day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** Why a period cannot be served, as a message key, or null when it can. */
export function periodProblem(from: string, to: string, g?: Granularity): string | null {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (a === null || b === null) return 'analytics.bad_day';
  if (a > b) return 'period.from_after_to';
  if (b - a + 1 > MAX_PERIOD_DAYS) return 'analytics.period_too_long';
  if (g && bucketsOf(from, to, g).length > MAX_BUCKETS) return 'analytics.too_many_buckets';
  return null;
}

/**
 * A period cut into the whole months inside it and the days outside them (at most a head and a
 * tail): sums over whole months can read monthly rows. `months` is null when no month is whole.
 */
export function splitByMonths(
  from: string,
  to: string,
): { months: { from: string; to: string } | null; days: { from: string; to: string }[] } {
  const firstWhole = from.endsWith('-01') ? from : nextMonth(from);
  const afterLast = addDays(to, 1).endsWith('-01') ? addDays(to, 1) : `${to.slice(0, 7)}-01`;
  if (firstWhole >= afterLast) return { months: null, days: [{ from, to }] };
  const days: { from: string; to: string }[] = [];
  if (from < firstWhole) days.push({ from, to: addDays(firstWhole, -1) });
  if (afterLast <= to) days.push({ from: afterLast, to });
  // months named by their first day: the last whole month starts a month before afterLast
  const lastMonth = `${addDays(afterLast, -1).slice(0, 7)}-01`;
  return { months: { from: firstWhole, to: lastMonth }, days };
}
