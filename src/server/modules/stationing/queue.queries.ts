import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';

type Db = Kysely<Database>;

/** The next number of a center's day: one upsert, so concurrent takers each get their own. */
export async function nextQueueNumber(db: Db, centerId: string, day: string): Promise<number> {
  const row = await db
    .insertInto('queue_counters')
    .values({ center_id: centerId, day, last_no: 1 })
    .onConflict((oc) =>
      oc.columns(['center_id', 'day']).doUpdateSet({ last_no: sql<number>`queue_counters.last_no + 1` }),
    )
    .returning('last_no')
    .executeTakeFirstOrThrow();
  return row.last_no;
}

export async function insertTicket(
  db: Db,
  t: {
    id: string;
    center_id: string;
    day: string;
    number: number;
    unit_id: string | null;
    taken_at: Date;
    taken_by: string;
  },
) {
  await db.insertInto('queue_tickets').values(t).execute();
}

/** Claims the lowest waiting number of the day (for a department, if given); skips rows another window holds. */
export async function claimNextWaiting(db: Db, centerId: string, day: string, unitId: string | null) {
  let q = db
    .selectFrom('queue_tickets')
    .select(['id', 'number', 'unit_id'])
    .where('center_id', '=', centerId)
    .where('day', '=', day)
    .where('status', '=', 'waiting');
  if (unitId) q = q.where('unit_id', '=', unitId);
  return q.orderBy('number').limit(1).forUpdate().skipLocked().executeTakeFirst();
}

export async function lockTicket(db: Db, id: string) {
  return db.selectFrom('queue_tickets').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setTicket(
  db: Db,
  id: string,
  patch: {
    status: 'called' | 'served' | 'skipped';
    called_at?: Date;
    called_by?: string;
    finished_at?: Date | null;
  },
) {
  await db.updateTable('queue_tickets').set(patch).where('id', '=', id).execute();
}

export async function ticketsOfDay(db: Db, centerId: string, day: string) {
  return db
    .selectFrom('queue_tickets as q')
    .leftJoin('units as u', 'u.id', 'q.unit_id')
    .select(['q.id', 'q.number', 'q.unit_id', 'u.name as unit_name', 'q.status', 'q.taken_at', 'q.called_at'])
    .where('q.center_id', '=', centerId)
    .where('q.day', '=', day)
    .orderBy('q.number')
    .execute();
}
