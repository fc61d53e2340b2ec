// SQL of the weekly meetings (工作例会) and their decisions. The case row and its links are read
// here rather than through the cases module's queries (which modules may not import).
import type { Insertable, Kysely } from 'kysely';
import type { Database, MeetingDecisionsTable, MeetingsTable } from '../../db/tables.js';

type Q = Kysely<Database>;

const likePrefix = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c) + '%';

export async function insertMeeting(db: Q, row: Insertable<MeetingsTable>) {
  await db.insertInto('meetings').values(row).execute();
}

export async function getMeeting(db: Q, id: string) {
  return db
    .selectFrom('meetings as m')
    .innerJoin('regions as r', 'r.code', 'm.region_code')
    .leftJoin('units as u', 'u.id', 'm.unit_id')
    .innerJoin('users as c', 'c.id', 'm.created_by')
    .selectAll('m')
    .select(['r.name as region_name', 'u.name as unit_name', 'c.display_name as creator_name'])
    .where('m.id', '=', id)
    .executeTakeFirst();
}
export type MeetingRow = NonNullable<Awaited<ReturnType<typeof getMeeting>>>;

/** Meetings held under a region, newest week first (one more row than asked: is there more?). */
export async function listMeetings(db: Q, f: { regionPrefix: string; before?: string; limit: number }) {
  let q = db
    .selectFrom('meetings as m')
    .innerJoin('regions as r', 'r.code', 'm.region_code')
    .leftJoin('units as u', 'u.id', 'm.unit_id')
    .innerJoin('users as c', 'c.id', 'm.created_by')
    .selectAll('m')
    .select([
      'r.name as region_name',
      'u.name as unit_name',
      'c.display_name as creator_name',
      (eb) =>
        eb
          .selectFrom('meeting_decisions as d')
          .whereRef('d.meeting_id', '=', 'm.id')
          .select((e) => e.fn.countAll<string>().as('n'))
          .as('decisions'),
    ])
    .where('m.region_code', 'like', likePrefix(f.regionPrefix))
    .orderBy('m.id', 'desc')
    .limit(f.limit + 1);
  if (f.before) q = q.where('m.id', '<', f.before);
  return q.execute();
}

export async function lockCaseRow(db: Q, id: string) {
  return db.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function getCaseRow(db: Q, id: string) {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCaseByNo(db: Q, caseNo: string) {
  return db.selectFrom('cases').select('id').where('case_no', '=', caseNo).executeTakeFirst();
}

export async function getCaseLinks(db: Q, caseId: string) {
  return db.selectFrom('case_units').select(['unit_id', 'relation']).where('case_id', '=', caseId).execute();
}

export async function getUnit(db: Q, id: string) {
  return db.selectFrom('units').select(['id', 'name', 'active']).where('id', '=', id).executeTakeFirst();
}

export async function getUser(db: Q, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'unit_id', 'active', 'scope_code'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertDecision(db: Q, row: Insertable<MeetingDecisionsTable>) {
  await db.insertInto('meeting_decisions').values(row).execute();
}

export async function lockDecision(db: Q, id: string) {
  return db.selectFrom('meeting_decisions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function getDecisionRow(db: Q, id: string) {
  return db.selectFrom('meeting_decisions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function completeDecision(
  db: Q,
  id: string,
  d: { note: string; userId: string; at: Date },
): Promise<void> {
  await db
    .updateTable('meeting_decisions')
    .set({ status: 'done', done_note: d.note, done_by: d.userId, done_at: d.at, updated_at: d.at })
    .where('id', '=', id)
    .execute();
}

function decisionsWithNames(db: Q) {
  return db
    .selectFrom('meeting_decisions as d')
    .innerJoin('meetings as m', 'm.id', 'd.meeting_id')
    .innerJoin('cases as c', 'c.id', 'd.case_id')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .leftJoin('users as a', 'a.id', 'd.assignee_id')
    .leftJoin('users as done', 'done.id', 'd.done_by')
    .selectAll('d')
    .select([
      'm.week_start',
      'm.held_at',
      'm.region_code as meeting_region_code',
      'c.case_no',
      'c.title as case_title',
      'c.region_code as case_region_code',
      'u.name as unit_name',
      'a.display_name as assignee_name',
      'done.display_name as done_by_name',
    ]);
}
export type DecisionRow = Awaited<ReturnType<typeof meetingDecisions>>[number];

export async function meetingDecisions(db: Q, meetingId: string) {
  return decisionsWithNames(db).where('d.meeting_id', '=', meetingId).orderBy('d.id').execute();
}

export async function caseDecisions(db: Q, caseId: string) {
  return decisionsWithNames(db).where('d.case_id', '=', caseId).orderBy('d.id').execute();
}

export async function getDecision(db: Q, id: string) {
  return decisionsWithNames(db).where('d.id', '=', id).executeTakeFirst();
}

/** A unit's decisions (its task list), open ones first by due day, then done ones newest first. */
export async function unitDecisions(db: Q, f: { unitId: string; status?: 'open' | 'done'; limit: number }) {
  let q = decisionsWithNames(db).where('d.unit_id', '=', f.unitId);
  if (f.status) q = q.where('d.status', '=', f.status);
  return q.orderBy('d.status', 'desc').orderBy('d.due_on').orderBy('d.id').limit(f.limit).execute();
}

/** Open decisions of meetings under a region whose due day is before `today`: the overdue ones. */
export async function overdueDecisions(db: Q, regionPrefix: string, today: string, limit: number) {
  return decisionsWithNames(db)
    .where('d.status', '=', 'open')
    .where('d.due_on', '<', today)
    .where('m.region_code', 'like', likePrefix(regionPrefix))
    .orderBy('d.due_on')
    .orderBy('d.id')
    .limit(limit)
    .execute();
}
