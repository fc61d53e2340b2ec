import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';

export async function activeRules(db: Kysely<Database>) {
  return db
    .selectFrom('time_limit_rules')
    .select(['stage', 'category_code', 'level', 'mediation_kind', 'working_days'])
    .where('active', '=', true)
    .execute();
}

export async function mediationKindOf(db: Kysely<Database>, unitId: string) {
  const row = await db
    .selectFrom('units')
    .select('mediation_kind')
    .where('id', '=', unitId)
    .executeTakeFirst();
  return row?.mediation_kind ?? null;
}

export async function listRules(db: Kysely<Database>) {
  return db.selectFrom('time_limit_rules').selectAll().orderBy('stage').orderBy('created_at').execute();
}

export async function insertRule(db: Kysely<Database>, row: Insertable<Database['time_limit_rules']>) {
  await db.insertInto('time_limit_rules').values(row).execute();
}

export async function updateRule(
  db: Kysely<Database>,
  id: string,
  set: { working_days?: number; active?: boolean },
) {
  const res = await db.updateTable('time_limit_rules').set(set).where('id', '=', id).executeTakeFirst();
  return Number(res.numUpdatedRows);
}
