import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';

export async function centerAt(db: Kysely<Database>, regionCode: string) {
  return db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('kind', '=', 'center')
    .where('region_code', '=', regionCode)
    .where('active', '=', true)
    .executeTakeFirst();
}
