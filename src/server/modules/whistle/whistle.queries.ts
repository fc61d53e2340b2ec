import { sql } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import type { CaseConclusionsTable, Database, ReportInTasksTable } from '../../db/tables.js';

type Q = Kysely<Database>;
export type TaskStatus = 'open' | 'done' | 'missed' | 'cancelled';

// The case row and its links, read here rather than through the cases module's queries (which
// modules may not import); records on the case go through cases/case-records.ts.

/** The case row, locked for the rest of the transaction (same order as transitions: case, then task). */
export async function lockCaseRow(db: Q, id: string) {
  return db.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function getCaseRow(db: Q, id: string) {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getCaseLinks(db: Q, caseId: string) {
  return db.selectFrom('case_units').select(['unit_id', 'relation']).where('case_id', '=', caseId).execute();
}

export async function insertTasks(db: Q, rows: Insertable<ReportInTasksTable>[]) {
  if (rows.length) await db.insertInto('report_in_tasks').values(rows).execute();
}

/**
 * A unit reported in: its latest task on the case that has no report yet becomes done, on time
 * when the deadline has not passed. A missed task keeps missed_at (the record stands).
 */
export async function markReported(
  db: Q,
  a: { caseId: string; unitId: string; userId: string | null; at: Date },
) {
  const latest = db
    .selectFrom('report_in_tasks')
    .select('id')
    .where('case_id', '=', a.caseId)
    .where('unit_id', '=', a.unitId)
    .where('reported_at', 'is', null)
    .orderBy('escalation_seq', 'desc')
    .limit(1);
  const res = await db
    .updateTable('report_in_tasks')
    .set({
      status: 'done',
      reported_at: a.at,
      reported_by: a.userId,
      on_time: sql<boolean>`due_at >= ${a.at}`,
    })
    .where('id', '=', latest)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** The case closed: open tasks not yet due are no longer needed; overdue ones stay for the sweep. */
export async function cancelNotYetDue(db: Q, caseId: string, at: Date) {
  await db
    .updateTable('report_in_tasks')
    .set({ status: 'cancelled', cancelled_at: at })
    .where('case_id', '=', caseId)
    .where('status', '=', 'open')
    .where('due_at', '>=', at)
    .execute();
}

export async function insertConclusion(db: Q, row: Insertable<CaseConclusionsTable>) {
  await db
    .insertInto('case_conclusions')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Open tasks past their deadline, by deadline; keyset on (due_at, id). */
export async function dueOpenTasks(
  db: Q,
  now: Date,
  after: { dueAt: Date; id: string } | null,
  limit: number,
) {
  let q = db
    .selectFrom('report_in_tasks')
    .select(['id', 'case_id', 'due_at'])
    .where('status', '=', 'open')
    .where('due_at', '<', now)
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit);
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('due_at', '>', after.dueAt),
        eb.and([eb('due_at', '=', after.dueAt), eb('id', '>', after.id)]),
      ]),
    );
  }
  return q.execute();
}

/** Open → missed, only if still open and overdue: two sweeps racing change it once. */
export async function markMissed(db: Q, id: string, now: Date) {
  return db
    .updateTable('report_in_tasks')
    .set({ status: 'missed', missed_at: now })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('due_at', '<', now)
    .returningAll()
    .executeTakeFirst();
}

const taskColumns = [
  't.id',
  't.case_id',
  't.unit_id',
  'u.name as unit_name',
  't.escalation_seq',
  't.escalated_by_unit_id',
  't.from_level',
  't.to_level',
  't.summoned_at',
  't.due_at',
  't.status',
  't.reported_at',
  't.on_time',
  't.missed_at',
  't.cancelled_at',
  't.rating',
  't.rating_comment',
  't.rated_at',
] as const;

export async function tasksOfCase(db: Q, caseId: string) {
  return db
    .selectFrom('report_in_tasks as t')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .select(taskColumns)
    .where('t.case_id', '=', caseId)
    .orderBy('t.escalation_seq')
    .orderBy('u.name')
    .execute();
}

export async function taskOfUnit(db: Q, caseId: string, unitId: string) {
  return db
    .selectFrom('report_in_tasks as t')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .select(taskColumns)
    .where('t.case_id', '=', caseId)
    .where('t.unit_id', '=', unitId)
    .orderBy('t.escalation_seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A unit's tasks, newest first (UUIDv7), with the case's number, title and state. */
export async function tasksOfUnit(
  db: Q,
  f: { unitId: string; status?: TaskStatus; after?: string; limit: number },
) {
  let q = db
    .selectFrom('report_in_tasks as t')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .innerJoin('cases as c', 'c.id', 't.case_id')
    .select([...taskColumns, 'c.case_no', 'c.title', 'c.state as case_state'])
    .where('t.unit_id', '=', f.unitId)
    .orderBy('t.id', 'desc')
    .limit(f.limit + 1);
  if (f.status) q = q.where('t.status', '=', f.status);
  if (f.after) q = q.where('t.id', '<', f.after);
  return q.execute();
}

/** Records the rating once: a second rating of the same task changes nothing. */
export async function rateTask(
  db: Q,
  id: string,
  r: { rating: number; comment: string | null; at: Date; userId: string | null },
) {
  const res = await db
    .updateTable('report_in_tasks')
    .set({ rating: r.rating, rating_comment: r.comment, rated_at: r.at, rated_by: r.userId })
    .where('id', '=', id)
    .where('rated_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
