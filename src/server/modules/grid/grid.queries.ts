import type { Insertable, Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database, GridReportStatus, GridReportType, GridWorkKind } from '../../db/tables.js';

type Q = Kysely<Database>;

/** A range of region codes: a node and everything under it (upper bound exclusive; null = none). */
export interface CodeRange {
  lo: string;
  hi: string | null;
}

// ---- shared lookups ----

export async function findRegion(db: Q, code: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'name', 'level'])
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function findUnit(db: Q, id: string) {
  return db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'kind', 'region_code', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findUser(db: Q, id: string) {
  return db
    .selectFrom('users')
    .leftJoin('units', 'units.id', 'users.unit_id')
    .select([
      'users.id',
      'users.display_name',
      'users.role',
      'users.scope_code',
      'users.unit_id',
      'units.name as unit_name',
    ])
    .where('users.id', '=', id)
    .executeTakeFirst();
}

export async function findIdempotencyKey(db: Q, scope: string, key: string) {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function insertIdempotencyKey(
  db: Q,
  row: { scope: string; key: string; request_sm3: string; resource_id: string; created_at: Date },
) {
  await db.insertInto('idempotency_keys').values(row).execute();
}

// ---- uploads ----

export async function insertUpload(db: Q, row: Insertable<Database['grid_uploads']>) {
  await db.insertInto('grid_uploads').values(row).execute();
}

export async function getUpload(db: Q, id: string) {
  return db.selectFrom('grid_uploads').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The uploads of this user among these ids. */
export async function getOwnUploads(db: Q, userId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('grid_uploads')
    .selectAll()
    .where('id', 'in', ids)
    .where('uploaded_by', '=', userId)
    .execute();
}

/** Which of these photo ids the user uploaded (a work item or report may name only their own). */
export async function ownUploads(db: Q, userId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('grid_uploads')
    .select('id')
    .where('id', 'in', ids)
    .where('uploaded_by', '=', userId)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Whether a report assigned to the unit shows this photo (the unit then may see it). */
export async function photoInReportOfUnit(db: Q, photoId: string, unitId: string): Promise<boolean> {
  const row = await db
    .selectFrom('grid_reports')
    .select('id')
    .where('unit_id', '=', unitId)
    .where(sql<boolean>`${photoId}::uuid = any(photo_ids)`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

// ---- work items ----

export async function insertWorkItem(db: Q, row: Insertable<Database['grid_work_items']>) {
  await db.insertInto('grid_work_items').values(row).execute();
}

const WORK_COLUMNS = [
  'w.id',
  'w.kind',
  'w.occurred_at',
  'w.recorded_at',
  'w.region_code',
  'r.name as region_name',
  'w.worker_id',
  'u.display_name as worker_name',
  'w.place_masked as place',
  'w.note',
  'w.photo_ids',
  'w.patrol',
  'w.latitude',
  'w.longitude',
  'w.accuracy_m',
  'w.plan_id',
] as const;

export async function getWorkItem(db: Q, id: string) {
  return db
    .selectFrom('grid_work_items as w')
    .innerJoin('regions as r', 'r.code', 'w.region_code')
    .innerJoin('users as u', 'u.id', 'w.worker_id')
    .select(WORK_COLUMNS)
    .where('w.id', '=', id)
    .executeTakeFirst();
}

export interface WorkItemFilter {
  /** one grid exactly (the hot path), or a range of codes */
  region: { exact: string } | CodeRange;
  workerId?: string;
  kind?: GridWorkKind;
  from?: Date;
  to?: Date;
  /** keyset: the last item of the previous page */
  after?: { at: Date; id: string };
  limit: number;
}

/**
 * One page of work items, newest first: (occurred_at, id) descending. With one grid it is a walk
 * down grid_work_items_region_idx from the cursor in each month's partition.
 */
/**
 * Newest-first without a lower time bound would plan and probe every monthly partition (years of
 * them); instead the months are walked back in widening windows, each pruned to its partitions,
 * until the page is full: the last quarter, the year before it, then whatever is older.
 */
const WINDOW_DAYS = [92, 366] as const;
const DAY_MS = 86_400_000;

export async function listWorkItems(db: Q, f: WorkItemFilter & { now?: Date }) {
  if (f.from || !f.now) return workItemsQuery(db, f).execute();
  // the keyset cursor bounds the newest row; else the future (phones run a few minutes ahead)
  const anchor = f.to ?? (f.after ? new Date(f.after.at.getTime() + 1) : new Date(f.now.getTime() + DAY_MS));
  const out: Awaited<ReturnType<ReturnType<typeof workItemsQuery>['execute']>> = [];
  let hi = anchor;
  for (const days of [...WINDOW_DAYS, null]) {
    const lo = days === null ? undefined : new Date(anchor.getTime() - days * DAY_MS);
    out.push(
      ...(await workItemsQuery(db, { ...f, from: lo, to: hi, limit: f.limit - out.length }).execute()),
    );
    if (out.length > f.limit || !lo) break;
    hi = lo;
  }
  return out;
}

/** The query of listWorkItems, unexecuted (the volume benchmark explains it). */
export function workItemsQuery(db: Q, f: WorkItemFilter) {
  let q = db
    .selectFrom('grid_work_items as w')
    .innerJoin('regions as r', 'r.code', 'w.region_code')
    .innerJoin('users as u', 'u.id', 'w.worker_id')
    .select(WORK_COLUMNS);
  if ('exact' in f.region) {
    q = q.where('w.region_code', '=', f.region.exact);
  } else {
    q = q.where('w.region_code', '>=', f.region.lo);
    if (f.region.hi) q = q.where('w.region_code', '<', f.region.hi);
  }
  if (f.workerId) q = q.where('w.worker_id', '=', f.workerId);
  if (f.kind) q = q.where('w.kind', '=', f.kind);
  if (f.from) q = q.where('w.occurred_at', '>=', f.from);
  if (f.to) q = q.where('w.occurred_at', '<', f.to);
  if (f.after) {
    const { at, id } = f.after;
    q = q.where(sql<boolean>`(w.occurred_at, w.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  return q
    .orderBy('w.occurred_at', 'desc')
    .orderBy('w.id', 'desc')
    .limit(f.limit + 1);
}

/** How many items of a kind the worker logged in a grid within [from, to). */
export async function countWorkDone(
  db: Q,
  a: { workerId: string; regionCode: string; kind: GridWorkKind; from: Date; to: Date },
): Promise<number> {
  const row = await db
    .selectFrom('grid_work_items')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('worker_id', '=', a.workerId)
    .where('region_code', '=', a.regionCode)
    .where('kind', '=', a.kind)
    .where('occurred_at', '>=', a.from)
    .where('occurred_at', '<', a.to)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- reports ----

export async function insertReport(db: Q, row: Insertable<Database['grid_reports']>) {
  await db.insertInto('grid_reports').values(row).execute();
}

export async function insertReportEvent(db: Q, row: Insertable<Database['grid_report_events']>) {
  await db.insertInto('grid_report_events').values(row).execute();
}

export async function lockReport(db: Q, id: string) {
  return db.selectFrom('grid_reports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateReport(
  db: Q,
  id: string,
  set: Partial<{
    status: GridReportStatus;
    unit_id: string;
    assigned_at: Date;
    concluded_at: Date;
    concluded_by: string;
    result: string;
    updated_at: Date;
  }>,
) {
  await db
    .updateTable('grid_reports')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function lastReportSeq(db: Q, reportId: string): Promise<number> {
  const row = await db
    .selectFrom('grid_report_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('report_id', '=', reportId)
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

function reportQuery(db: Q) {
  return db
    .selectFrom('grid_reports as g')
    .innerJoin('regions as r', 'r.code', 'g.region_code')
    .innerJoin('users as u', 'u.id', 'g.reporter_id')
    .leftJoin('units as un', 'un.id', 'g.unit_id')
    .leftJoin('cases as c', 'c.id', 'g.case_id')
    .select([
      'g.id',
      'g.county_code',
      'g.type',
      'g.status',
      'g.description',
      'g.region_code',
      'r.name as region_name',
      'g.reported_at',
      'g.reporter_id',
      'u.display_name as reporter_name',
      'g.unit_id',
      'un.name as unit_name',
      'g.deadline_at',
      'g.concluded_at',
      'g.result',
      'g.case_id',
      'g.case_no',
      'c.state as case_state',
      'g.place_masked as place',
      'g.latitude',
      'g.longitude',
      'g.risk_level',
      'g.photo_ids',
      'g.resolved_on_site',
      'g.version',
    ]);
}

export async function getReport(db: Q, id: string) {
  return reportQuery(db).where('g.id', '=', id).executeTakeFirst();
}

export type ReportRow = NonNullable<Awaited<ReturnType<typeof getReport>>>;

export async function getReportEvents(db: Q, reportId: string) {
  return db
    .selectFrom('grid_report_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .leftJoin('units as au', 'au.id', 'e.actor_unit_id')
    .leftJoin('units as tu', 'tu.id', 'e.unit_id')
    .select([
      'e.seq',
      'e.at',
      'e.action',
      'e.note',
      'e.unit_id',
      'u.display_name as actor_name',
      'au.name as actor_unit_name',
      'tu.name as unit_name',
    ])
    .where('e.report_id', '=', reportId)
    .orderBy('e.seq')
    .execute();
}

/** Who may see which reports, as SQL: a region range and/or the unit they are assigned to. */
export interface ReportVisibility {
  range: CodeRange | null;
  unitId: string | null;
}

export interface ReportFilter {
  reporterId?: string;
  region?: CodeRange;
  type?: GridReportType;
  status?: GridReportStatus;
  overdueAt?: Date;
  /** reported, or concluded, in [from, to) */
  reported?: { from?: Date; to?: Date };
  concluded?: { from?: Date; to?: Date };
  /** leave out disputes (they are cases: the grid figures do not count them) */
  noDisputes?: boolean;
  after?: { at: Date; id: string };
  limit: number;
}

export async function listReports(db: Q, v: ReportVisibility, f: ReportFilter) {
  let q = reportQuery(db).where((eb) => {
    const ors = [];
    if (v.range) {
      const conds = [eb('g.region_code', '>=', v.range.lo)];
      if (v.range.hi) conds.push(eb('g.region_code', '<', v.range.hi));
      ors.push(eb.and(conds));
    }
    if (v.unitId) ors.push(eb('g.unit_id', '=', v.unitId));
    return ors.length ? eb.or(ors) : sql<boolean>`false`;
  });
  if (f.reporterId) q = q.where('g.reporter_id', '=', f.reporterId);
  if (f.region) {
    q = q.where('g.region_code', '>=', f.region.lo);
    if (f.region.hi) q = q.where('g.region_code', '<', f.region.hi);
  }
  if (f.type) q = q.where('g.type', '=', f.type);
  if (f.status) q = q.where('g.status', '=', f.status);
  if (f.overdueAt) q = q.where('g.status', '<>', 'concluded').where('g.deadline_at', '<', f.overdueAt);
  if (f.reported?.from) q = q.where('g.reported_at', '>=', f.reported.from);
  if (f.reported?.to) q = q.where('g.reported_at', '<', f.reported.to);
  if (f.concluded) q = q.where('g.status', '=', 'concluded');
  if (f.concluded?.from) q = q.where('g.concluded_at', '>=', f.concluded.from);
  if (f.concluded?.to) q = q.where('g.concluded_at', '<', f.concluded.to);
  if (f.noDisputes) q = q.where('g.type', '<>', 'dispute');
  if (f.after) {
    const { at, id } = f.after;
    q = q.where(sql<boolean>`(g.reported_at, g.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  return q
    .orderBy('g.reported_at', 'desc')
    .orderBy('g.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

// ---- plans ----

export async function insertPlan(db: Q, row: Insertable<Database['grid_plans']>) {
  await db.insertInto('grid_plans').values(row).execute();
}

export async function getPlan(db: Q, id: string) {
  return db.selectFrom('grid_plans').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deletePlan(db: Q, id: string) {
  await db.deleteFrom('grid_plans').where('id', '=', id).execute();
}

/** Plans within a range of codes, or covering one of the given codes (a grid and its ancestors). */
export async function listPlans(db: Q, where: { range: CodeRange } | { codes: string[] }) {
  let q = db
    .selectFrom('grid_plans as p')
    .innerJoin('regions as r', 'r.code', 'p.region_code')
    .innerJoin('users as u', 'u.id', 'p.created_by')
    .select([
      'p.id',
      'p.region_code',
      'r.name as region_name',
      'p.kind',
      'p.title',
      'p.every',
      'p.count',
      'p.created_at',
      'u.display_name as created_by_name',
    ]);
  if ('codes' in where) {
    if (where.codes.length === 0) return [];
    q = q.where('p.region_code', 'in', where.codes);
  } else {
    q = q.where('p.region_code', '>=', where.range.lo);
    if (where.range.hi) q = q.where('p.region_code', '<', where.range.hi);
  }
  return q.orderBy('p.region_code').orderBy('p.created_at').execute();
}

// ---- statistics: GROUP BY over indexed ranges of region codes and months ----

// the length inlined (a literal, not a parameter), so the GROUP BY expression equals the select's
const childOf = (column: string, length: number) =>
  sql<string>`substr(${sql.ref(column)}, 1, ${sql.lit(Math.trunc(length))})`;

function inRange<T extends string>(column: T, r: CodeRange) {
  return r.hi
    ? sql<boolean>`${sql.ref(column)} >= ${r.lo} and ${sql.ref(column)} < ${r.hi}`
    : sql<boolean>`${sql.ref(column)} >= ${r.lo}`;
}

/** Work items per child region and kind within [from, to). */
export async function workCountsByChild(
  db: Q,
  a: { range: CodeRange; childLength: number; from: Date; to: Date },
) {
  const child = childOf('w.region_code', a.childLength);
  return db
    .selectFrom('grid_work_items as w')
    .select([child.as('child'), 'w.kind', (eb) => eb.fn.countAll<string>().as('n')])
    .where(inRange('w.region_code', a.range))
    .where('w.occurred_at', '>=', a.from)
    .where('w.occurred_at', '<', a.to)
    .groupBy([child, 'w.kind'])
    .execute();
}

const CASE_CLOSED = ['concluded', 'followed_up', 'archived', 'withdrawn', 'declined'];

/**
 * Reports made within [from, to) per child region: a dispute counts as concluded once its case
 * is closed (its own clock is the case's); the others by their status and deadline.
 */
export async function reportCountsByChild(
  db: Q,
  a: { range: CodeRange; childLength: number; from: Date; to: Date; now: Date },
) {
  const child = childOf('g.region_code', a.childLength);
  const closed = sql<boolean>`(case when g.type = 'dispute'
      then c.state in (${sql.join(CASE_CLOSED)}) else g.status = 'concluded' end)`;
  return db
    .selectFrom('grid_reports as g')
    .leftJoin('cases as c', 'c.id', 'g.case_id')
    .select([
      child.as('child'),
      sql<string>`count(*)`.as('total'),
      sql<string>`count(*) filter (where ${closed})`.as('concluded'),
      sql<string>`count(*) filter (where g.deadline_at is not null and g.concluded_at is not null)`.as(
        'concluded_timed',
      ),
      sql<string>`count(*) filter (where g.concluded_at <= g.deadline_at)`.as('concluded_in_time'),
      sql<string>`count(*) filter (where not coalesce(${closed}, false))`.as('open'),
      sql<string>`count(*) filter (where g.status <> 'concluded' and g.deadline_at < ${a.now}::timestamptz)`.as(
        'overdue',
      ),
    ])
    .where(inRange('g.region_code', a.range))
    .where('g.reported_at', '>=', a.from)
    .where('g.reported_at', '<', a.to)
    .groupBy(child)
    .execute();
}

/** Active grid workers and security members per child region (by the grid of their scope). */
export async function workerCountsByChild(db: Q, a: { range: CodeRange; childLength: number }) {
  const child = childOf('scope_code', a.childLength);
  return db
    .selectFrom('users')
    .select([
      child.as('child'),
      sql<string>`count(*)`.as('workers'),
      sql<string>`count(distinct scope_code) filter (where role = 'grid_worker')`.as('grids_with_worker'),
    ])
    .where('role', 'in', ['grid_worker', 'security_member'])
    .where('active', '=', true)
    .where(inRange('scope_code', a.range))
    .groupBy(child)
    .execute();
}

/** Grids per child region. */
export async function gridCountsByChild(db: Q, a: { range: CodeRange; childLength: number }) {
  const child = childOf('code', a.childLength);
  return db
    .selectFrom('regions')
    .select([child.as('child'), sql<string>`count(*)`.as('grids')])
    .where('level', '=', 'grid')
    .where(inRange('code', a.range))
    .groupBy(child)
    .execute();
}

/** The child regions of a node (for a grid: itself), in the tree's order. */
export async function childRegions(db: Q, code: string) {
  const rows = await db
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('parent_code', '=', code)
    .orderBy('sort')
    .orderBy('code')
    .execute();
  return rows;
}

/** A worker's items per CST day and kind within [from, to). */
export async function workerDailyCounts(db: Q, a: { workerId: string; from: Date; to: Date }) {
  const day = sql<string>`to_char(occurred_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;
  return db
    .selectFrom('grid_work_items')
    .select([day.as('day'), 'kind', (eb) => eb.fn.countAll<string>().as('n')])
    .where('worker_id', '=', a.workerId)
    .where('occurred_at', '>=', a.from)
    .where('occurred_at', '<', a.to)
    .groupBy([day, 'kind'])
    .execute();
}

export async function workerDailyReports(db: Q, a: { workerId: string; from: Date; to: Date }) {
  const day = sql<string>`to_char(reported_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;
  return db
    .selectFrom('grid_reports')
    .select([day.as('day'), (eb) => eb.fn.countAll<string>().as('n')])
    .where('reporter_id', '=', a.workerId)
    .where('reported_at', '>=', a.from)
    .where('reported_at', '<', a.to)
    .groupBy(day)
    .execute();
}

export async function ensurePartitions(db: Q, firstMonth: string, months: number): Promise<number> {
  const { rows } = await sql<{ made: number }>`
    select grid_work_items_ensure_partitions(${firstMonth}::date, ${months}) as made`.execute(db);
  return Number(rows[0]?.made ?? 0);
}
