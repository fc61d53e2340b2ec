import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';

type Db = Kysely<Database>;

export async function findCenter(db: Db, id: string) {
  return db
    .selectFrom('units')
    .select(['id', 'name', 'region_code'])
    .where('id', '=', id)
    .where('kind', '=', 'center')
    .executeTakeFirst();
}

/**
 * The active departments that may serve a center: those stationed there, and those of the levels
 * above it on the same line (a county bureau sends staff to a township center in turn).
 */
export async function eligibleDepartments(
  db: Db,
  center: { id: string; region_code: string },
  ids: readonly string[],
) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('units')
    .select(['id', 'name', 'department_type'])
    .where('id', 'in', [...ids])
    .where('kind', '=', 'department')
    .where('active', '=', true)
    .where((eb) =>
      eb.or([
        eb('center_id', '=', center.id),
        eb(sql.lit(center.region_code), 'like', sql<string>`units.region_code || '%'`),
      ]),
    )
    .execute();
}

export async function unitNames(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, { name: string; type: string | null }>();
  const rows = await db
    .selectFrom('units')
    .select(['id', 'name', 'department_type'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, type: r.department_type }]));
}

export async function permanentDepartments(db: Db, centerId: string) {
  return db
    .selectFrom('units')
    .select(['id', 'name', 'department_type'])
    .where('center_id', '=', centerId)
    .where('kind', '=', 'department')
    .where('stationing', '=', 'permanent')
    .where('active', '=', true)
    .orderBy('code')
    .execute();
}

export async function insertRoster(
  db: Db,
  r: {
    id: string;
    center_id: string;
    name: string;
    kind: 'cycle' | 'weekly';
    anchor_day: string;
    slots: string[][];
    now: Date;
  },
) {
  await db
    .insertInto('duty_rosters')
    .values({
      id: r.id,
      center_id: r.center_id,
      name: r.name,
      kind: r.kind,
      anchor_day: r.anchor_day,
      slots: JSON.stringify(r.slots),
      created_at: r.now,
      updated_at: r.now,
    })
    .execute();
}

export async function findRoster(db: Db, id: string) {
  return db.selectFrom('duty_rosters').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function activeRosters(db: Db, centerId: string) {
  return db
    .selectFrom('duty_rosters')
    .selectAll()
    .where('center_id', '=', centerId)
    .where('active', '=', true)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function upsertOverride(db: Db, rosterId: string, day: string, unitIds: string[], now: Date) {
  await db
    .insertInto('duty_roster_overrides')
    .values({ roster_id: rosterId, day, unit_ids: JSON.stringify(unitIds), updated_at: now })
    .onConflict((oc) =>
      oc.columns(['roster_id', 'day']).doUpdateSet({ unit_ids: JSON.stringify(unitIds), updated_at: now }),
    )
    .execute();
}

export async function overridesOn(db: Db, rosterIds: readonly string[], day: string) {
  if (rosterIds.length === 0) return [];
  return db
    .selectFrom('duty_roster_overrides')
    .select(['roster_id', 'unit_ids'])
    .where('roster_id', 'in', [...rosterIds])
    .where('day', '=', day)
    .execute();
}

export async function upsertContact(
  db: Db,
  c: {
    center_id: string;
    unit_id: string;
    contact_name: string;
    phone_enc: Buffer;
    phone_masked: string;
    response_minutes: number;
    updated_at: Date;
  },
) {
  const { center_id: _c, unit_id: _u, ...rest } = c;
  await db
    .insertInto('on_call_contacts')
    .values(c)
    .onConflict((oc) => oc.columns(['center_id', 'unit_id']).doUpdateSet(rest))
    .execute();
}

export async function findContact(db: Db, centerId: string, unitId: string) {
  return db
    .selectFrom('on_call_contacts')
    .selectAll()
    .where('center_id', '=', centerId)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
}

export async function listContacts(db: Db, centerId: string) {
  return db
    .selectFrom('on_call_contacts as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .select([
      'c.unit_id',
      'u.name as unit_name',
      'u.department_type',
      'c.contact_name',
      'c.phone_masked',
      'c.response_minutes',
    ])
    .where('c.center_id', '=', centerId)
    .where('u.active', '=', true)
    .orderBy('u.code')
    .execute();
}

export async function caseWithin(db: Db, caseId: string, regionPrefix: string) {
  return db
    .selectFrom('cases')
    .select(['id', 'case_no'])
    .where('id', '=', caseId)
    .where('region_code', 'like', `${regionPrefix}%`)
    .executeTakeFirst();
}

export async function insertCall(
  db: Db,
  c: {
    id: string;
    center_id: string;
    unit_id: string;
    case_id: string | null;
    note: string | null;
    called_by: string;
    called_at: Date;
    due_at: Date;
  },
) {
  await db.insertInto('on_call_calls').values(c).execute();
}

export async function lockCall(db: Db, id: string) {
  return db.selectFrom('on_call_calls').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setCallAnswer(
  db: Db,
  id: string,
  patch: {
    status: 'acknowledged' | 'arrived';
    acknowledged_at: Date;
    acknowledged_by: string;
    arrived_at?: Date;
  },
) {
  await db.updateTable('on_call_calls').set(patch).where('id', '=', id).execute();
}

export async function recentCalls(db: Db, centerId: string, since: Date) {
  return db
    .selectFrom('on_call_calls as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'c.unit_id', 'u.name as unit_name', 'c.case_id', 'c.status', 'c.called_at', 'c.due_at'])
    .where('c.center_id', '=', centerId)
    .where('c.called_at', '>=', since)
    .orderBy('c.called_at', 'desc')
    .limit(100)
    .execute();
}

/** The sweep's work list: open calls past their deadline, by deadline. */
export async function dueOpenCalls(db: Db, now: Date, limit: number) {
  return db
    .selectFrom('on_call_calls')
    .select(['id'])
    .where('status', '=', 'open')
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Marks a call missed only if it is still open (another sweep or a late answer may have won). */
export async function markCallMissed(db: Db, id: string, now: Date) {
  return db
    .updateTable('on_call_calls')
    .set({ status: 'missed', missed_at: now })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .returning(['id', 'center_id', 'unit_id', 'case_id', 'called_at', 'due_at'])
    .executeTakeFirst();
}

/**
 * Every active department that may serve a center (stationed at it, or of a level above on its
 * line), with how it is stationed, nearest level first.
 */
export async function departmentsFor(db: Db, center: { id: string; region_code: string }) {
  return db
    .selectFrom('units')
    .select(['id', 'name', 'department_type', 'stationing', 'region_code', 'center_id'])
    .where('kind', '=', 'department')
    .where('active', '=', true)
    .where((eb) =>
      eb.or([
        eb('center_id', '=', center.id),
        eb(sql.lit(center.region_code), 'like', sql<string>`units.region_code || '%'`),
      ]),
    )
    .orderBy(sql`length(region_code)`, 'desc')
    .orderBy('code')
    .execute();
}

export async function updateRoster(
  db: Db,
  id: string,
  r: {
    name: string;
    kind: 'cycle' | 'weekly';
    anchor_day: string;
    slots: string[][];
    active: boolean;
    now: Date;
  },
) {
  await db
    .updateTable('duty_rosters')
    .set({
      name: r.name,
      kind: r.kind,
      anchor_day: r.anchor_day,
      slots: JSON.stringify(r.slots),
      active: r.active,
      updated_at: r.now,
    })
    .where('id', '=', id)
    .execute();
}

/** A roster's overrides within [from, to] (CST days). */
export async function overridesBetween(db: Db, rosterId: string, from: string, to: string) {
  return db
    .selectFrom('duty_roster_overrides')
    .select(['day', 'unit_ids'])
    .where('roster_id', '=', rosterId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
}
