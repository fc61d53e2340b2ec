import type { Kysely } from 'kysely';
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
