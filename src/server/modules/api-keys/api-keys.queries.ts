import type { Insertable, Kysely } from 'kysely';
import type { ApiKeysTable, Database } from '../../db/tables.js';

type Q = Kysely<Database>;

export async function insertApiKey(db: Q, row: Insertable<ApiKeysTable>) {
  await db.insertInto('api_keys').values(row).execute();
}

export async function findApiKeyByHash(db: Q, keyHash: string) {
  return db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
}

/** By name, or by id when the text is a UUID. */
export async function findApiKeyByNameOrId(db: Q, nameOrId: string) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(nameOrId);
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where((eb) =>
      isUuid ? eb.or([eb('id', '=', nameOrId), eb('name', '=', nameOrId)]) : eb('name', '=', nameOrId),
    )
    .executeTakeFirst();
}

export async function revokeApiKeyRow(db: Q, id: string, at: Date) {
  const res = await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function listApiKeyRows(db: Q) {
  return db
    .selectFrom('api_keys')
    .innerJoin('regions', 'regions.code', 'api_keys.region_code')
    .select([
      'api_keys.id',
      'api_keys.name',
      'api_keys.region_code',
      'regions.name as region_name',
      'api_keys.prefix',
      'api_keys.created_at',
      'api_keys.revoked_at',
      'api_keys.last_used_at',
    ])
    .orderBy('api_keys.created_at')
    .execute();
}

/** Records use at most once a minute, so reads do not turn into a write each. */
export async function touchApiKey(db: Q, id: string, at: Date) {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(at.getTime() - 60_000))]),
    )
    .execute();
}

export async function regionExists(db: Q, code: string) {
  const row = await db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst();
  return row !== undefined;
}
