// The stored statistics reports (0017) and the centers the schedule makes them for.
import { sql, type Kysely, type Insertable } from 'kysely';
import type { ReportPeriodKind } from '../../../core/analytics/report-periods.js';
import { prefixUpperBound } from '../../../core/regions/region-code.js';
import type { Database, StatisticsReportsTable } from '../../db/tables.js';

type Q = Kysely<Database>;

const under = (prefix: string) => {
  const hi = prefixUpperBound(prefix);
  return hi === null
    ? sql<boolean>`region_code >= ${prefix}`
    : sql<boolean>`region_code >= ${prefix} and region_code < ${hi}`;
};

/** The regions of the centers under a prefix (city, county and township centers), in code order. */
export async function centerRegions(db: Q, prefix: string): Promise<string[]> {
  const rows = await db
    .selectFrom('units')
    .select('region_code')
    .distinct()
    .where('kind', '=', 'center')
    .where(under(prefix))
    .orderBy('region_code')
    .execute();
  return rows.map((r) => r.region_code);
}

/** The (region, kind, first day) keys among `regions` already stored for these periods. */
export async function storedKeys(
  db: Q,
  regions: readonly string[],
  periods: readonly { kind: ReportPeriodKind; from: string }[],
): Promise<Set<string>> {
  if (regions.length === 0 || periods.length === 0) return new Set();
  const rows = await db
    .selectFrom('statistics_reports')
    .select(['region_code', 'period_kind', 'period_start'])
    .where('region_code', 'in', regions)
    .where((eb) =>
      eb.or(periods.map((p) => eb.and([eb('period_kind', '=', p.kind), eb('period_start', '=', p.from)]))),
    )
    .execute();
  return new Set(rows.map((r) => reportKey(r.region_code, r.period_kind, r.period_start)));
}

export const reportKey = (region: string, kind: string, from: string) => `${region}|${kind}|${from}`;

/** Inserts a report's row unless one exists for its region and period; true when inserted. */
export async function insertReport(db: Q, row: Insertable<StatisticsReportsTable>): Promise<boolean> {
  const r = await db
    .insertInto('statistics_reports')
    .values(row)
    .onConflict((oc) => oc.columns(['region_code', 'period_kind', 'period_start']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Stored reports under a prefix, newest period first (then by region), one page after a cursor. */
export async function listReports(
  db: Q,
  q: { prefix: string; kind?: ReportPeriodKind; limit: number; offset: number },
) {
  let query = db
    .selectFrom('statistics_reports as s')
    .innerJoin('regions as r', 'r.code', 's.region_code')
    .select([
      's.id',
      's.region_code',
      'r.name as region_name',
      'r.level as region_level',
      's.period_kind',
      's.period_start',
      's.period_end',
      's.lang',
      's.generated_at',
      's.xlsx_bytes',
      's.pdf_bytes',
    ])
    .where(under(q.prefix));
  if (q.kind) query = query.where('s.period_kind', '=', q.kind);
  return query
    .orderBy('s.period_start', 'desc')
    .orderBy('s.region_code')
    .orderBy('s.period_kind')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
}

export async function getReport(db: Q, id: string) {
  return db
    .selectFrom('statistics_reports as s')
    .innerJoin('regions as r', 'r.code', 's.region_code')
    .selectAll('s')
    .select('r.name as region_name')
    .where('s.id', '=', id)
    .executeTakeFirst();
}
