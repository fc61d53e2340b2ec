// SQL of the rollup tables: the upserts of the incremental path, and what the rebuild reads and writes.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { CASE_COUNTERS, type Contribution } from '../../../core/analytics/case-facts.js';
import type { GridCounts } from '../../../core/analytics/kpis.js';
import type { Database } from '../../db/tables.js';

type Q = Kysely<Database>;

/**
 * Adds the contributions to their daily rows: one INSERT … ON CONFLICT DO UPDATE (+n) for all keys
 * (the caller merged them per key and sorted them, so two writers lock shared rows in the same
 * order).
 */
export async function addCaseCounts(db: Q, list: readonly Contribution[]): Promise<void> {
  await caseCountsInsert(db, list)?.execute();
}

/** The statement of addCaseCounts, to run with others (db/write-together.ts); null when nothing moves. */
export function caseCountsInsert(db: Q, list: readonly Contribution[]) {
  if (list.length === 0) return null;
  return db
    .insertInto('case_rollups')
    .values(
      list.map((c) => ({
        day: c.key.day,
        region_code: c.key.regionCode,
        category_code: c.key.categoryCode,
        channel: c.key.channel,
        unit_id: c.key.unitId,
        ...Object.fromEntries(CASE_COUNTERS.map((n) => [n, c.counts[n] ?? 0])),
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['region_code', 'day', 'category_code', 'channel', 'unit_id'])
        .doUpdateSet(
          Object.fromEntries(
            CASE_COUNTERS.map((n) => [n, sql`case_rollups.${sql.ref(n)} + excluded.${sql.ref(n)}`]),
          ),
        ),
    );
}

/** The same for the monthly township rows (keys already mapped and merged by monthlyOf). */
export async function addMonthlyCounts(db: Q, list: readonly Contribution[]): Promise<void> {
  await monthlyCountsInsert(db, list)?.execute();
}

/** The statement of addMonthlyCounts, to run with others; null when nothing moves. */
export function monthlyCountsInsert(db: Q, list: readonly Contribution[]) {
  if (list.length === 0) return null;
  return db
    .insertInto('case_rollups_monthly')
    .values(
      list.map((c) => ({
        month: c.key.day,
        region_code: c.key.regionCode,
        category_code: c.key.categoryCode,
        channel: c.key.channel,
        unit_id: c.key.unitId,
        ...Object.fromEntries(CASE_COUNTERS.map((n) => [n, c.counts[n] ?? 0])),
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['region_code', 'month', 'category_code', 'channel', 'unit_id'])
        .doUpdateSet(
          Object.fromEntries(
            CASE_COUNTERS.map((n) => [n, sql`case_rollups_monthly.${sql.ref(n)} + excluded.${sql.ref(n)}`]),
          ),
        ),
    );
}

/** Adds to one grid report rollup row, daily and monthly (its township's month). */
export async function addGridCounts(
  db: Q,
  key: { day: string; regionCode: string; type: string },
  counts: Partial<GridCounts>,
): Promise<void> {
  const values = {
    region_code: key.regionCode,
    type: key.type,
    received: counts.received ?? 0,
    concluded: counts.concluded ?? 0,
    concluded_on_time: counts.concluded_on_time ?? 0,
  };
  const plus = (table: string) => ({
    received: sql<number>`${sql.ref(`${table}.received`)} + excluded.received`,
    concluded: sql<number>`${sql.ref(`${table}.concluded`)} + excluded.concluded`,
    concluded_on_time: sql<number>`${sql.ref(`${table}.concluded_on_time`)} + excluded.concluded_on_time`,
  });
  await db
    .insertInto('grid_report_rollups')
    .values({ day: key.day, ...values })
    .onConflict((oc) => oc.columns(['region_code', 'day', 'type']).doUpdateSet(plus('grid_report_rollups')))
    .execute();
  await db
    .insertInto('grid_report_rollups_monthly')
    .values({ month: `${key.day.slice(0, 7)}-01`, ...values, region_code: key.regionCode.slice(0, 9) })
    .onConflict((oc) =>
      oc.columns(['region_code', 'month', 'type']).doUpdateSet(plus('grid_report_rollups_monthly')),
    )
    .execute();
}

/** on_time of a case's conclusion record: at `seq`, or its latest when no seq is given. */
export async function conclusionOnTime(
  db: Q,
  c: { countyCode: string; caseId: string; seq?: number },
): Promise<boolean | null> {
  let q = db
    .selectFrom('case_conclusions')
    .select('on_time')
    .where('county_code', '=', c.countyCode)
    .where('case_id', '=', c.caseId);
  q = c.seq !== undefined ? q.where('seq', '=', c.seq) : q.orderBy('seq', 'desc').limit(1);
  const row = await q.executeTakeFirst();
  return row?.on_time ?? null;
}

// ---- rebuild ----

/**
 * Blocks every writer of the rollups until the rebuild commits: a change that committed before
 * the lock is in what the rebuild reads; one still running adds its delta after the rebuild.
 */
export async function lockRollups(db: Q): Promise<void> {
  await sql`lock table case_rollups, case_rollups_monthly, case_totals, case_totals_monthly, case_open_counts,
    warning_open_counts,
    grid_report_rollups, grid_report_rollups_monthly, rollup_builds in exclusive mode`.execute(db);
}

/**
 * Empties the rollups. The totals go with them: the triggers that keep them (0021) add what the
 * rollup rows written next contribute, and rollup rows are deleted nowhere else.
 */
export async function clearRollups(db: Q): Promise<void> {
  await db.deleteFrom('case_totals').execute();
  await db.deleteFrom('case_totals_monthly').execute();
  await db.deleteFrom('case_rollups').execute();
  await db.deleteFrom('case_rollups_monthly').execute();
  await db.deleteFrom('grid_report_rollups').execute();
  await db.deleteFrom('grid_report_rollups_monthly').execute();
}

export interface LedgerRow {
  county_code: string;
  case_id: string;
  seq: number;
  at: Date;
  action: string;
  to_state: string;
  payload: Record<string, unknown>;
  on_time: boolean | null;
}

/** One page of the ledger in key order, each conclude with its on-time flag (keyset after `after`). */
export async function ledgerPage(
  db: Q,
  after: { county_code: string; case_id: string; seq: number } | null,
  limit: number,
): Promise<LedgerRow[]> {
  const { rows } = await sql<LedgerRow>`
    select e.county_code, e.case_id, e.seq, e.at, e.action, e.to_state, e.payload, c.on_time
    from case_events e
    left join case_conclusions c
      on c.county_code = e.county_code and c.case_id = e.case_id and c.seq = e.seq
    where ${after ? sql`(e.county_code, e.case_id, e.seq) > (${after.county_code}, ${after.case_id}::uuid, ${after.seq})` : sql`true`}
    order by e.county_code, e.case_id, e.seq
    limit ${limit}`.execute(db);
  return rows;
}

/** Writes summed case rows (the rebuild's). */
export async function insertCaseRows(db: Q, list: readonly Contribution[]): Promise<void> {
  for (let i = 0; i < list.length; i += 1000) {
    await addCaseCounts(db, list.slice(i, i + 1000));
  }
}

/** The monthly township rows as the sums of the daily rows (the rebuild's, after those). */
export async function monthlyFromDaily(db: Q): Promise<void> {
  const cols = sql.join(CASE_COUNTERS.map((n) => sql.ref(n)));
  const sums = sql.join(CASE_COUNTERS.map((n) => sql`sum(${sql.ref(n)})`));
  await sql`
    insert into case_rollups_monthly (month, region_code, category_code, channel, unit_id, ${cols})
    select (day - (extract(day from day)::int - 1)), substr(region_code, 1, 9), category_code, channel,
      unit_id, ${sums}
    from case_rollups
    group by 1, 2, 3, 4, 5`.execute(db);
}

/** Recomputes the grid report rollups from the reports (disputes are cases, counted there). */
export async function rebuildGridRows(db: Q): Promise<number> {
  await sql`
    insert into grid_report_rollups (day, region_code, type, received, concluded, concluded_on_time)
    select day, region_code, type, sum(received), sum(concluded), sum(on_time)
    from (
      select (reported_at at time zone 'Asia/Shanghai')::date as day, region_code, type,
        1 as received, 0 as concluded, 0 as on_time
      from grid_reports where type <> 'dispute'
      union all
      select (concluded_at at time zone 'Asia/Shanghai')::date, region_code, type, 0, 1,
        case when deadline_at is not null and concluded_at <= deadline_at then 1 else 0 end
      from grid_reports where type <> 'dispute' and status = 'concluded' and concluded_at is not null
    ) as x
    group by day, region_code, type`.execute(db);
  await sql`
    insert into grid_report_rollups_monthly (month, region_code, type, received, concluded, concluded_on_time)
    select (day - (extract(day from day)::int - 1)), substr(region_code, 1, 9), type,
      sum(received), sum(concluded), sum(concluded_on_time)
    from grid_report_rollups
    group by 1, 2, 3`.execute(db);
  const row = await db
    .selectFrom('grid_reports')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('type', '<>', 'dispute')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Recounts the open backlog per township and due day from the cases, and the open warnings per
 * township and kind (their triggers keep them otherwise, but a bulk load that skips triggers, as
 * the simulator's may, does not; the rollups' lock holds back every change until this commits).
 */
export async function recountOpenCases(db: Q): Promise<void> {
  await db.deleteFrom('case_open_counts').execute();
  await sql`
    insert into case_open_counts (region_code, due_day, open)
    select left(region_code, 9),
      coalesce((deadline_at at time zone 'Asia/Shanghai')::date, 'infinity'::date), count(*)
    from cases where state in ('registered', 'assigned', 'in_progress')
    group by 1, 2`.execute(db);
  await db.deleteFrom('warning_open_counts').execute();
  await sql`
    insert into warning_open_counts (region_code, kind, open)
    select left(region_code, 9), kind, count(*) from warnings where status <> 'handled' group by 1, 2`.execute(
    db,
  );
}

export async function lastBuild(db: Q) {
  return db.selectFrom('rollup_builds').selectAll().where('id', '=', 1).executeTakeFirst();
}

export async function saveBuild(
  db: Q,
  b: { builtAt: Date; cases: number; events: number; gridReports: number },
): Promise<void> {
  const row = { built_at: b.builtAt, cases: b.cases, events: b.events, grid_reports: b.gridReports };
  await db
    .insertInto('rollup_builds')
    .values({ id: 1, ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}
