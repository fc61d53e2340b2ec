import type { Insertable, Kysely } from 'kysely';
import type { Database, PiiAccessLogTable } from '../../db/tables.js';

export async function insertPiiAccess(db: Kysely<Database>, row: Insertable<PiiAccessLogTable>) {
  await db.insertInto('pii_access_log').values(row).execute();
}
