import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { CaseInstructionsTable, Database, SupervisionOrdersTable } from '../../db/tables.js';

type Q = Kysely<Database>;
export type OrderRow = Selectable<SupervisionOrdersTable>;

const OPEN_STATES = ['registered', 'assigned', 'in_progress'] as const;
const likePrefix = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c) + '%';

// The case row and its links are read here rather than through the cases module's queries (which
// modules may not import). Lock order everywhere: the case row first, then its orders.

/** The case row, locked for the rest of the transaction. */
export async function lockCaseRow(db: Q, id: string) {
  return db.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function getCaseRow(db: Q, id: string) {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getCaseLinks(db: Q, caseId: string) {
  return db.selectFrom('case_units').select(['unit_id', 'relation']).where('case_id', '=', caseId).execute();
}

/** The unit links of several cases, by case. */
export async function insertOrder(db: Q, row: Insertable<SupervisionOrdersTable>) {
  await db.insertInto('supervision_orders').values(row).execute();
}

/**
 * Automatic orders, once per case deadline: those another sweep (or process) wrote first are left
 * out (the unique index on (case_id, for_deadline_at) decides). Returns the cases that got one.
 */
export async function insertAutoOrders(
  db: Q,
  rows: Insertable<SupervisionOrdersTable>[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const res = await db
    .insertInto('supervision_orders')
    .values(rows)
    .onConflict((oc) => oc.columns(['case_id', 'for_deadline_at']).doNothing())
    .returning('case_id')
    .execute();
  return new Set(res.map((r) => r.case_id));
}

export async function getOrder(db: Q, id: string) {
  return db.selectFrom('supervision_orders').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockOrder(db: Q, id: string) {
  return db.selectFrom('supervision_orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Answers an order if it is still unanswered; 0 when someone answered it first. */
export async function answerOrder(
  db: Q,
  id: string,
  a: { answer: string; userId: string; unitId: string | null; at: Date },
) {
  const res = await db
    .updateTable('supervision_orders')
    .set({
      status: 'answered',
      answer: a.answer,
      answered_by: a.userId,
      answered_unit_id: a.unitId,
      answered_at: a.at,
      updated_at: a.at,
    })
    .where('id', '=', id)
    .where('status', 'in', ['open', 'escalated'])
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/**
 * Escalates orders still unanswered, overdue and at the level seen (another sweep may have moved
 * them on meanwhile), each to the level given, with a new due time. Returns those escalated.
 */
export async function escalateOrders(
  db: Q,
  steps: readonly { id: string; fromLevel: string; toLevel: string }[],
  a: { dueAt: Date; now: Date },
) {
  if (steps.length === 0) return [];
  const values = sql.join(steps.map((s) => sql`(${s.id}::uuid, ${s.fromLevel}::text, ${s.toLevel}::text)`));
  const { rows } = await sql<{ id: string; case_id: string; escalations: number; level_code: string }>`
    update supervision_orders as o
    set status = 'escalated', level_code = v.to_level, escalations = o.escalations + 1,
        due_at = ${a.dueAt}, escalated_at = ${a.now}, updated_at = ${a.now}
    from (values ${values}) as v (id, from_level, to_level)
    where o.id = v.id and o.status in ('open', 'escalated') and o.level_code = v.from_level
      and o.due_at < ${a.now}
    returning o.id, o.case_id, o.escalations, o.level_code`.execute(db);
  return rows;
}

/** Marks the deadline automatic orders were issued for (the rows are locked by the caller). */
export async function markAutoSupervised(db: Q, caseIds: readonly string[]) {
  if (caseIds.length === 0) return;
  await db
    .updateTable('cases')
    .set((eb) => ({ auto_supervised_deadline: eb.ref('deadline_at') }))
    .where('id', 'in', caseIds)
    .execute();
}

const orderColumns = [
  'o.id',
  'o.case_id',
  'o.kind',
  'o.status',
  'o.instructions',
  'o.issued_by',
  'o.issuer_role',
  'o.level_code',
  'o.issued_level_code',
  'o.escalations',
  'o.addressed_unit_id',
  'o.due_at',
  'o.answer',
  'o.answered_at',
  'o.escalated_at',
  'o.created_at',
  'c.case_no',
  'c.title as case_title',
  'c.region_code',
  'c.lead_unit_id',
  'issuer.display_name as issuer_name',
  'answerer.display_name as answerer_name',
  'addressed.name as addressed_unit_name',
  'level.name as level_name',
] as const;

function ordersWithNames(db: Q) {
  return db
    .selectFrom('supervision_orders as o')
    .innerJoin('cases as c', 'c.id', 'o.case_id')
    .leftJoin('users as issuer', 'issuer.id', 'o.issued_by')
    .leftJoin('users as answerer', 'answerer.id', 'o.answered_by')
    .innerJoin('units as addressed', 'addressed.id', 'o.addressed_unit_id')
    .innerJoin('regions as level', 'level.code', 'o.level_code')
    .select(orderColumns);
}
export type OrderListRow = Awaited<ReturnType<typeof listCaseOrders>>[number];

export async function listCaseOrders(db: Q, caseId: string) {
  return ordersWithNames(db).where('o.case_id', '=', caseId).orderBy('o.id').execute();
}

export async function getOrderWithNames(db: Q, id: string) {
  return ordersWithNames(db).where('o.id', '=', id).executeTakeFirst();
}

/** Who sees which orders in the lists (the caller's role decides; see supervision.service.ts). */
export type OrderScope =
  | { kind: 'issued'; userId: string; levelCode: string }
  | { kind: 'region'; prefix: string }
  | { kind: 'received'; unitId: string };

export async function listOrders(
  db: Q,
  scope: OrderScope,
  f: { status?: 'open' | 'answered' | 'escalated'; unanswered?: boolean; after?: string; limit: number },
) {
  let q = ordersWithNames(db);
  switch (scope.kind) {
    case 'issued':
      q = q.where((eb) =>
        eb.or([eb('o.issued_by', '=', scope.userId), eb('o.level_code', '=', scope.levelCode)]),
      );
      break;
    case 'region':
      q = q.where('c.region_code', 'like', likePrefix(scope.prefix));
      break;
    case 'received':
      q = q.where((eb) =>
        eb.or([eb('o.addressed_unit_id', '=', scope.unitId), eb('c.lead_unit_id', '=', scope.unitId)]),
      );
      break;
  }
  if (f.status) q = q.where('o.status', '=', f.status);
  if (f.unanswered) q = q.where('o.status', '<>', 'answered');
  if (f.after) q = q.where('o.id', '<', f.after);
  return q
    .orderBy('o.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export async function insertInstruction(db: Q, row: Insertable<CaseInstructionsTable>) {
  await db.insertInto('case_instructions').values(row).execute();
}

export async function listInstructions(db: Q, caseId: string) {
  return db
    .selectFrom('case_instructions as i')
    .innerJoin('users as u', 'u.id', 'i.author_id')
    .leftJoin('units as un', 'un.id', 'i.author_unit_id')
    .select([
      'i.id',
      'i.seq',
      'i.text',
      'i.created_at',
      'i.author_id',
      'u.display_name as author_name',
      'un.name as author_unit_name',
    ])
    .where('i.case_id', '=', caseId)
    .orderBy('i.created_at')
    .orderBy('i.id')
    .execute();
}

// ---- the sweeps' SQL -------------------------------------------------------------------------

/**
 * One batch of the lights sweep: clocks past their deadline turn red, green ones past two thirds
 * of their time turn yellow. Rows another transaction holds are skipped (SKIP LOCKED; the next
 * run takes them); the conditions are checked again on the locked row, so concurrent sweeps
 * change each case once. Returns the ids changed.
 */
export async function markLightBatch(
  db: Q,
  to: 'red' | 'yellow',
  now: Date,
  limit: number,
): Promise<string[]> {
  const result =
    to === 'red'
      ? await sql<{ id: string }>`
          update cases set light = 'red'
          where id in (
            select id from cases
            where light in ('green', 'yellow') and deadline_at < ${now}
            order by deadline_at limit ${limit}
            for update skip locked)
            and light in ('green', 'yellow') and deadline_at < ${now}
          returning id`.execute(db)
      : await sql<{ id: string }>`
          update cases set light = 'yellow'
          where id in (
            select id from cases
            where light = 'green' and yellow_at <= ${now}
            order by yellow_at limit ${limit}
            for update skip locked)
            and light = 'green' and yellow_at <= ${now} and deadline_at >= ${now}
          returning id`.execute(db);
  return result.rows.map((r) => r.id);
}

/**
 * Open, running, overdue cases with no automatic order for their current deadline and no order
 * still unanswered, locked (those another transaction holds are skipped), in (deadline, id) order
 * after `after`. The caller inserts the order under the lock; the unique index settles races.
 */
export async function lockAutoSupervisionBatch(
  db: Q,
  now: Date,
  limit: number,
  after: { deadline: Date; id: string } | null,
) {
  let q = db
    .selectFrom('cases')
    .selectAll()
    .where('state', 'in', OPEN_STATES)
    .where('clock_paused', '=', false)
    .where('deadline_at', 'is not', null)
    .where(sql<boolean>`auto_supervised_deadline is distinct from deadline_at`)
    .where('deadline_at', '<', now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('supervision_orders as o')
            .select('o.id')
            .whereRef('o.case_id', '=', 'cases.id')
            .where('o.status', 'in', ['open', 'escalated']),
        ),
      ),
    );
  if (after) q = q.where(sql<boolean>`(deadline_at, id) > (${after.deadline}, ${after.id})`);
  return q.orderBy('deadline_at').orderBy('id').limit(limit).forUpdate().skipLocked().execute();
}

/** Unanswered, overdue orders below the city on open cases, in (due, id) order after `after`. */
export async function escalationCandidates(
  db: Q,
  now: Date,
  limit: number,
  after: { due: Date; id: string } | null,
) {
  let q = db
    .selectFrom('supervision_orders as o')
    .innerJoin('cases as c', 'c.id', 'o.case_id')
    .select(['o.id', 'o.case_id', 'o.level_code', 'o.due_at'])
    .where('o.status', 'in', ['open', 'escalated'])
    .where(sql<boolean>`length(o.level_code) > 4`)
    .where('o.due_at', '<', now)
    .where('c.state', 'in', OPEN_STATES);
  if (after) q = q.where(sql<boolean>`(o.due_at, o.id) > (${after.due}, ${after.id})`);
  return q.orderBy('o.due_at').orderBy('o.id').limit(limit).execute();
}

/** The case rows of these ids, locked; rows another transaction holds are skipped. */
export async function lockCasesSkipLocked(db: Q, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('cases').selectAll().where('id', 'in', ids).forUpdate().skipLocked().execute();
}
