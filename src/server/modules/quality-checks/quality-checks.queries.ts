// SQL of the weekly quality call-backs (抽查回访): the concluded cases of a week, who handled them,
// who may call back instead, the samples and checks, and their rates.
import { sql } from 'kysely';
import type { Insertable, Kysely, SqlBool } from 'kysely';
import { prefixUpperBound, selfAndAncestors } from '../../../core/regions/region-code.js';
import type { Database, QualityChecksTable, QualitySamplesTable } from '../../db/tables.js';

type Q = Kysely<Database>;

function underPrefix(column: string, prefix: string) {
  const upper = prefixUpperBound(prefix);
  return upper
    ? sql<SqlBool>`${sql.ref(column)} >= ${prefix} and ${sql.ref(column)} < ${upper}`
    : sql<SqlBool>`${sql.ref(column)} >= ${prefix}`;
}

/** Cases concluded in [from, to) that are concluded still (or followed up, archived). */
export async function concludedBetween(db: Q, from: Date, to: Date) {
  return db
    .selectFrom('cases')
    .select(['id', 'county_code', 'region_code', 'concluded_at'])
    .where('concluded_at', '>=', from)
    .where('concluded_at', '<', to)
    .where('state', 'in', ['concluded', 'followed_up', 'archived'])
    .orderBy('id')
    .execute();
}

export async function sampleExists(db: Q, countyCode: string, weekStart: string): Promise<boolean> {
  const row = await db
    .selectFrom('quality_samples')
    .select('county_code')
    .where('county_code', '=', countyCode)
    .where('week_start', '=', weekStart)
    .executeTakeFirst();
  return row !== undefined;
}

/** Inserts the week's sample row; false when another run got there first. */
export async function insertSample(db: Q, row: Insertable<QualitySamplesTable>): Promise<boolean> {
  const r = await db
    .insertInto('quality_samples')
    .values(row)
    .onConflict((oc) => oc.columns(['county_code', 'week_start']).doNothing())
    .returning('county_code')
    .executeTakeFirst();
  return r !== undefined;
}

/** The users who acted on a case and the units linked to it: none of them may check it. */
export async function handlersOf(db: Q, caseId: string) {
  const [actors, units] = await Promise.all([
    db
      .selectFrom('case_events')
      .select('actor_id')
      .distinct()
      .where('case_id', '=', caseId)
      .where('actor_id', 'is not', null)
      .execute(),
    db.selectFrom('case_units').select('unit_id').where('case_id', '=', caseId).execute(),
  ]);
  return {
    userIds: actors.map((a) => a.actor_id!),
    unitIds: units.map((u) => u.unit_id),
  };
}

/**
 * Who may call back a case at `regionCode`: active clerks, dispatchers and supervisors of a center
 * whose scope contains the place, outside the units and users given.
 */
export async function checkerCandidates(
  db: Q,
  regionCode: string,
  exclude: { userIds: readonly string[]; unitIds: readonly string[] },
) {
  let q = db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.unit_id'])
    .where('u.active', '=', true)
    .where('u.role', 'in', ['clerk', 'dispatcher', 'supervisor'])
    .where('n.kind', '=', 'center')
    .where('u.scope_code', 'in', selfAndAncestors(regionCode));
  if (exclude.userIds.length) q = q.where('u.id', 'not in', exclude.userIds);
  if (exclude.unitIds.length) q = q.where('u.unit_id', 'not in', exclude.unitIds);
  return q.execute();
}

export async function insertChecks(db: Q, rows: Insertable<QualityChecksTable>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await db
    .insertInto('quality_checks')
    .values(rows)
    .onConflict((oc) => oc.columns(['case_id', 'week_start']).doNothing())
    .returning('id')
    .execute();
  return r.length;
}

export interface CheckFilter {
  /** checks assigned to this user */
  assignedTo?: string;
  /** or: checks of cases under this region */
  regionPrefix?: string;
  status?: 'pending' | 'done' | 'unreachable';
  before?: string;
  limit: number;
}

const checkColumns = [
  'k.id',
  'k.case_id',
  'k.week_start',
  'k.region_code',
  'k.concluded_at',
  'k.assigned_to',
  'k.status',
  'k.satisfaction',
  'k.reopen_needed',
  'k.note',
  'k.recorded_at',
  'k.created_at',
  'c.case_no',
  'c.title',
  'c.category_code',
  'c.outcome',
  'c.satisfaction as case_satisfaction',
  'c.state as case_state',
  'u.display_name as assignee_name',
] as const;

/** A page of checks, newest first (one more than asked). */
export async function listChecks(db: Q, f: CheckFilter) {
  let q = db
    .selectFrom('quality_checks as k')
    .innerJoin('cases as c', 'c.id', 'k.case_id')
    .innerJoin('users as u', 'u.id', 'k.assigned_to')
    .select(checkColumns)
    .orderBy('k.id', 'desc')
    .limit(f.limit + 1);
  if (f.assignedTo) q = q.where('k.assigned_to', '=', f.assignedTo);
  if (f.regionPrefix) q = q.where(underPrefix('k.region_code', f.regionPrefix));
  if (f.status) q = q.where('k.status', '=', f.status);
  if (f.before) q = q.where('k.id', '<', f.before);
  return q.execute();
}

export async function getCheck(db: Q, id: string, lock = false) {
  let q = db
    .selectFrom('quality_checks as k')
    .innerJoin('cases as c', 'c.id', 'k.case_id')
    .innerJoin('users as u', 'u.id', 'k.assigned_to')
    .select([...checkColumns, 'c.handling_level', 'c.county_code'])
    .where('k.id', '=', id);
  if (lock) q = q.forUpdate('k');
  return q.executeTakeFirst();
}

export async function recordResult(
  db: Q,
  id: string,
  set: {
    status: 'done' | 'unreachable';
    satisfaction: 'satisfied' | 'basically_satisfied' | 'unsatisfied' | null;
    reopen_needed: boolean | null;
    note: string | null;
    recorded_at: Date;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('quality_checks')
    .set({ ...set, updated_at: set.recorded_at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Counts of the checks of cases concluded in [from, to) under a region. */
export async function rateCounts(db: Q, regionPrefix: string, from: Date, to: Date) {
  return db
    .selectFrom('quality_checks')
    .select([
      (eb) => eb.fn.countAll<string>().as('sampled'),
      sql<string>`count(*) filter (where status = 'pending')`.as('pending'),
      sql<string>`count(*) filter (where status = 'unreachable')`.as('unreachable'),
      sql<string>`count(*) filter (where status = 'done')`.as('reached'),
      sql<string>`count(*) filter (where satisfaction = 'satisfied')`.as('satisfied'),
      sql<string>`count(*) filter (where satisfaction = 'basically_satisfied')`.as('basically_satisfied'),
      sql<string>`count(*) filter (where satisfaction = 'unsatisfied')`.as('unsatisfied'),
      sql<string>`count(*) filter (where reopen_needed)`.as('reopen_needed'),
    ])
    .where(underPrefix('region_code', regionPrefix))
    .where('concluded_at', '>=', from)
    .where('concluded_at', '<', to)
    .executeTakeFirstOrThrow();
}
