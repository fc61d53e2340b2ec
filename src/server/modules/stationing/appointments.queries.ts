import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';

type Db = Kysely<Database>;

export async function slotTaken(db: Db, unitId: string, day: string, timeSlot: string) {
  const row = await db
    .selectFrom('appointments')
    .select('id')
    .where('unit_id', '=', unitId)
    .where('day', '=', day)
    .where('time_slot', '=', timeSlot)
    .where('status', '=', 'booked')
    .executeTakeFirst();
  return !!row;
}

export async function insertAppointment(
  db: Db,
  a: {
    id: string;
    center_id: string;
    unit_id: string;
    day: string;
    time_slot: string;
    resident_name: string;
    phone_enc: Buffer;
    phone_masked: string;
    phone_bidx: string;
    topic: string | null;
    created_by: string;
    created_at: Date;
  },
) {
  await db.insertInto('appointments').values(a).execute();
}

export async function appointmentsOn(db: Db, centerId: string, day: string) {
  return db
    .selectFrom('appointments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select([
      'a.id',
      'a.unit_id',
      'u.name as unit_name',
      'a.time_slot',
      'a.resident_name',
      'a.phone_masked',
      'a.topic',
      'a.status',
    ])
    .where('a.center_id', '=', centerId)
    .where('a.day', '=', day)
    .orderBy('a.time_slot')
    .orderBy('u.code')
    .execute();
}
