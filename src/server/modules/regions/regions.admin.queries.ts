// SQL of region-tree maintenance by the system administrator: grids under a village, renames.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';

/** The highest grid code under a village, or null when it has none. */
export async function lastGridCode(db: Kysely<Database>, villageCode: string): Promise<string | null> {
  const row = await db
    .selectFrom('regions')
    .select((eb) => eb.fn.max('code').as('code'))
    .where('parent_code', '=', villageCode)
    .where('level', '=', 'grid')
    .executeTakeFirst();
  return (row?.code as string | null | undefined) ?? null;
}

export async function insertGrid(
  db: Kysely<Database>,
  g: { code: string; parentCode: string; name: string; sort: number },
): Promise<void> {
  await db
    .insertInto('regions')
    .values({ code: g.code, parent_code: g.parentCode, level: 'grid', name: g.name, sort: g.sort })
    .execute();
}

export async function renameRegion(db: Kysely<Database>, code: string, name: string): Promise<number> {
  const res = await db.updateTable('regions').set({ name }).where('code', '=', code).executeTakeFirst();
  return Number(res.numUpdatedRows);
}
