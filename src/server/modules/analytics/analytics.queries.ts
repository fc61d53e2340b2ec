// What the dashboards read. Period figures sum rollup rows of a region-code range and a day range
// (rows follow places × days × categories × channels × units, never cases); "now" figures count
// the open backlog through the partial indexes of migration 0012.
import { sql, type RawBuilder } from 'kysely';
import type { Kysely } from 'kysely';
import { CASE_COUNTERS } from '../../../core/analytics/case-facts.js';
import { splitByMonths } from '../../../core/analytics/periods.js';
import { GRID_COUNTERS } from '../../../core/analytics/kpis.js';
import { shanghaiDate } from '../../../core/time/china-time.js';
import type { Database } from '../../db/tables.js';

type Q = Kysely<Database>;

/** A region-code range: [lo, hi), hi null when nothing is above (a code of all nines). */
export interface CodeRange {
  lo: string;
  hi: string | null;
}

/** Case rollups grouped by one dimension. */
export type CaseDimension =
  | { by: 'all' }
  | { by: 'day' }
  | { by: 'month' }
  | { by: 'category' }
  | { by: 'channel' }
  | { by: 'unit' }
  | { by: 'child'; length: number };

type CaseRow = { k: string } & Record<(typeof CASE_COUNTERS)[number], number>;
type GridRow = { k: string } & Record<(typeof GRID_COUNTERS)[number], number>;

const inRange = (column: string, r: CodeRange): RawBuilder<boolean> =>
  r.hi === null
    ? sql<boolean>`${sql.ref(column)} >= ${r.lo}`
    : sql<boolean>`${sql.ref(column)} >= ${r.lo} and ${sql.ref(column)} < ${r.hi}`;

function groupKey(d: CaseDimension | { by: 'type' }, time: 'day' | 'month' = 'day'): RawBuilder<string> {
  switch (d.by) {
    case 'all':
      return sql<string>`''`;
    case 'day':
      return sql<string>`day::text`;
    case 'month':
      // the month's first day
      return time === 'month'
        ? sql<string>`month::text`
        : sql<string>`(day - (extract(day from day)::int - 1))::text`;
    case 'category':
      return sql<string>`category_code`;
    case 'channel':
      return sql<string>`channel`;
    case 'unit':
      return sql<string>`unit_id::text`;
    case 'type':
      return sql<string>`type`;
    case 'child':
      return sql<string>`substr(region_code, 1, ${d.length})`;
  }
}

const sums = (names: readonly string[]) =>
  sql.join(names.map((n) => sql`coalesce(sum(${sql.ref(n)}), 0)::int as ${sql.ref(n)}`));

/**
 * Case counters in a region range and period (CST days, both included), grouped by `d`. For a
 * township or above, the whole months inside the period are read from the monthly township rows
 * and only the days at its ends from the daily rows; below a township, or by day, all from the
 * daily rows. Figures of a township or above that need no category, channel or unit (all, by
 * day, by month, by child township) read the per-township totals (0021), whose rows do not grow
 * with the categories, channels, units and villages that had cases.
 */
export async function caseCounts(
  db: Q,
  range: CodeRange,
  period: { from: string; to: string },
  d: CaseDimension,
): Promise<CaseRow[]> {
  const split = splitByMonths(period.from, period.to);
  const township = range.lo.length <= TOWNSHIP_LENGTH;
  const totals =
    township &&
    (d.by === 'all' ||
      d.by === 'day' ||
      d.by === 'month' ||
      (d.by === 'child' && d.length <= TOWNSHIP_LENGTH));
  const monthly =
    split.months !== null && township && d.by !== 'day' && (d.by !== 'child' || d.length <= TOWNSHIP_LENGTH);
  const daily = totals ? 'case_totals' : 'case_rollups';
  if (!monthly) return dailyCounts(db, daily, range, [period], d);
  const [days, months] = await Promise.all([
    dailyCounts(db, daily, range, split.days, d),
    monthlyCounts(db, totals ? 'case_totals_monthly' : 'case_rollups_monthly', range, split.months!, d),
  ]);
  return mergeRows(CASE_COUNTERS, [...days, ...months]);
}

const TOWNSHIP_LENGTH = 9;

async function dailyCounts(
  db: Q,
  table: 'case_rollups' | 'case_totals',
  range: CodeRange,
  spans: readonly { from: string; to: string }[],
  d: CaseDimension,
): Promise<CaseRow[]> {
  if (spans.length === 0) return [];
  const k = groupKey(d, 'day');
  const inSpans = sql.join(
    spans.map((p) => sql`(day >= ${p.from}::date and day <= ${p.to}::date)`),
    sql` or `,
  );
  const { rows } = await sql<CaseRow>`
    select ${k} as k, ${sums(CASE_COUNTERS)}
    from ${sql.table(table)}
    where ${inRange('region_code', range)} and (${inSpans})
    group by 1
    order by 1`.execute(db);
  return rows;
}

async function monthlyCounts(
  db: Q,
  table: 'case_rollups_monthly' | 'case_totals_monthly',
  range: CodeRange,
  months: { from: string; to: string },
  d: CaseDimension,
): Promise<CaseRow[]> {
  const k = groupKey(d, 'month');
  const { rows } = await sql<CaseRow>`
    select ${k} as k, ${sums(CASE_COUNTERS)}
    from ${sql.table(table)}
    where ${inRange('region_code', range)} and month >= ${months.from}::date and month <= ${months.to}::date
    group by 1
    order by 1`.execute(db);
  return rows;
}

/** Rows of the same key added up, in key order. */
function mergeRows<R extends { k: string }>(names: readonly string[], rows: readonly R[]): R[] {
  const m = new Map<string, R>();
  for (const r of rows) {
    const cur = m.get(r.k) as Record<string, unknown> | undefined;
    if (!cur) m.set(r.k, { ...r });
    else for (const n of names) cur[n] = Number(cur[n]) + Number((r as Record<string, unknown>)[n]);
  }
  return [...m.values()].sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
}

/** Grid report counters in a region range and period, grouped by `d` (whole months as for cases). */
export async function gridCounts(
  db: Q,
  range: CodeRange,
  period: { from: string; to: string },
  d: GridDimension,
): Promise<GridRow[]> {
  const split = splitByMonths(period.from, period.to);
  const monthly =
    split.months !== null &&
    range.lo.length <= TOWNSHIP_LENGTH &&
    d.by !== 'day' &&
    (d.by !== 'child' || d.length <= TOWNSHIP_LENGTH);
  const read = async (table: 'grid_report_rollups' | 'grid_report_rollups_monthly', spans: Span[]) => {
    if (spans.length === 0) return [];
    const time = table === 'grid_report_rollups' ? 'day' : 'month';
    const inSpans = sql.join(
      spans.map((p) => sql`(${sql.ref(time)} >= ${p.from}::date and ${sql.ref(time)} <= ${p.to}::date)`),
      sql` or `,
    );
    const { rows } = await sql<GridRow>`
      select ${groupKey(d, time)} as k, ${sums(GRID_COUNTERS)}
      from ${sql.table(table)}
      where ${inRange('region_code', range)} and (${inSpans})
      group by 1`.execute(db);
    return rows;
  };
  if (!monthly) return mergeRows(GRID_COUNTERS, await read('grid_report_rollups', [period]));
  const [days, months] = await Promise.all([
    read('grid_report_rollups', split.days),
    read('grid_report_rollups_monthly', [split.months!]),
  ]);
  return mergeRows(GRID_COUNTERS, [...days, ...months]);
}

type Span = { from: string; to: string };
type GridDimension =
  { by: 'all' } | { by: 'day' } | { by: 'month' } | { by: 'type' } | { by: 'child'; length: number };

export interface NowRow {
  k: string;
  open: number;
  overdue: number;
}

/**
 * Open and overdue cases now, grouped. By region (all, or child regions down to townships) for a
 * township or above: the open counts kept per township and due day (0021), plus the open cases
 * due earlier today (one day of deadlines of the range, by index). Otherwise a scan of the
 * open-cases partial index over the range. Overdue: past the running clock's deadline, as the
 * case list's `overdue` filter says.
 */
export async function casesNow(
  db: Q,
  range: CodeRange,
  now: Date,
  d:
    { by: 'all' } | { by: 'unit' } | { by: 'category' } | { by: 'channel' } | { by: 'child'; length: number },
): Promise<NowRow[]> {
  if (
    range.lo.length <= TOWNSHIP_LENGTH &&
    (d.by === 'all' || (d.by === 'child' && d.length <= TOWNSHIP_LENGTH))
  )
    return casesNowCounted(db, range, now, d);
  const k =
    d.by === 'all'
      ? sql<string>`''`
      : d.by === 'unit'
        ? sql<string>`coalesce(lead_unit_id::text, '')`
        : d.by === 'category'
          ? sql<string>`category_code`
          : d.by === 'channel'
            ? sql<string>`channel`
            : sql<string>`substr(region_code, 1, ${d.length})`;
  const { rows } = await sql<NowRow>`
    select ${k} as k, count(*)::int as open,
      count(*) filter (where deadline_at < ${now}::timestamptz)::int as overdue
    from cases
    where state in ('registered', 'assigned', 'in_progress') and ${inRange('region_code', range)}
    group by 1`.execute(db);
  return rows;
}

/** casesNow from case_open_counts, for ranges and groups of whole townships. */
async function casesNowCounted(
  db: Q,
  range: CodeRange,
  now: Date,
  d: { by: 'all' } | { by: 'child'; length: number },
): Promise<NowRow[]> {
  const k = d.by === 'all' ? sql<string>`''` : sql<string>`substr(region_code, 1, ${d.length})`;
  const today = shanghaiDate(now);
  const [counted, dueToday] = await Promise.all([
    sql<NowRow>`
      select ${k} as k, coalesce(sum(open), 0)::int as open,
        coalesce(sum(open) filter (where due_day < ${today}::date), 0)::int as overdue
      from case_open_counts
      where ${inRange('region_code', range)}
      group by 1`.execute(db),
    sql<{ k: string; n: number }>`
      select ${k} as k, count(*)::int as n
      from cases
      where state in ('registered', 'assigned', 'in_progress')
        and (deadline_at at time zone 'Asia/Shanghai')::date = ${today}::date
        and ${inRange('region_code', range)} and deadline_at < ${now}::timestamptz
      group by 1`.execute(db),
  ]);
  const late = new Map(dueToday.rows.map((r) => [r.k, r.n]));
  return counted.rows
    .map((r) => ({ k: r.k, open: r.open, overdue: r.overdue + (late.get(r.k) ?? 0) }))
    .filter((r) => r.open > 0);
}

/** Open and overdue grid reports now (disputes are cases), grouped like casesNow. */
export async function gridNow(
  db: Q,
  range: CodeRange,
  now: Date,
  d: { by: 'all' } | { by: 'child'; length: number },
): Promise<NowRow[]> {
  const k = d.by === 'all' ? sql<string>`''` : sql<string>`substr(region_code, 1, ${d.length})`;
  const { rows } = await sql<NowRow>`
    select ${k} as k, count(*)::int as open,
      count(*) filter (where deadline_at < ${now}::timestamptz)::int as overdue
    from grid_reports
    where status <> 'concluded' and type <> 'dispute' and ${inRange('region_code', range)}
    group by 1`.execute(db);
  return rows;
}

export async function unitsByIds(db: Q, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('units')
    .select(['id', 'name', 'kind', 'region_code'])
    .where('id', 'in', ids)
    .execute();
}

export interface FeedRow {
  id: string;
  case_no: string;
  title: string;
  state: string;
  risk_level: string;
  category_code: string;
  region_code: string;
  region_name: string;
  created_at: Date;
  deadline_at: Date | null;
}

const feedColumns = sql`c.id, c.case_no, c.title, c.state, c.risk_level, c.category_code, c.region_code,
  r.name as region_name, c.created_at, c.deadline_at`;

/**
 * The newest cases of a range registered since `sinceId` (a UUIDv7 bound: ids are time-ordered),
 * newest first: a backward walk of the id index over the recent days only.
 */
export async function recentCases(db: Q, range: CodeRange, sinceId: string, limit: number) {
  const { rows } = await sql<FeedRow>`
    select ${feedColumns}
    from cases c join regions r on r.code = c.region_code
    where c.id >= ${sinceId}::uuid and ${inRange('c.region_code', range)}
    order by c.id desc
    limit ${limit}`.execute(db);
  return rows;
}

/** Open red and orange cases of a range (the open-cases index), highest risk and newest first. */
export async function openHighRisk(db: Q, range: CodeRange, limit: number) {
  const { rows } = await sql<FeedRow>`
    select ${feedColumns}
    from cases c join regions r on r.code = c.region_code
    where c.state in ('registered', 'assigned', 'in_progress') and ${inRange('c.region_code', range)}
      and c.risk_level in ('red', 'orange')
    order by (c.risk_level = 'red') desc, c.id desc
    limit ${limit}`.execute(db);
  return rows;
}
