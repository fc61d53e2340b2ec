import type { Kysely } from 'kysely';
import type { Database, UnitKind } from '../../db/tables.js';

export async function findUnitsUnder(
  db: Kysely<Database>,
  f: { regionPrefix?: string; exactRegion?: string; kind?: UnitKind; text?: string; limit: number },
) {
  let q = db
    .selectFrom('units')
    .select([
      'id',
      'code',
      'name',
      'kind',
      'region_code',
      'center_id',
      'department_type',
      'mediation_kind',
      'stationing',
      'active',
    ])
    .where('active', '=', true);
  if (f.exactRegion) q = q.where('region_code', '=', f.exactRegion);
  else if (f.regionPrefix) q = q.where('region_code', 'like', f.regionPrefix + '%');
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.text) q = q.where('name', 'like', '%' + f.text.replace(/[\\%_]/g, (c) => '\\' + c) + '%');
  return q.orderBy('region_code').orderBy('code').limit(f.limit).execute();
}

export async function listCategories(db: Kysely<Database>) {
  return db.selectFrom('categories').selectAll().where('active', '=', true).orderBy('sort').execute();
}

export async function renameCategory(
  db: Kysely<Database>,
  code: string,
  names: { name_zh?: string; name_en?: string; sort?: number; active?: boolean },
) {
  const res = await db.updateTable('categories').set(names).where('code', '=', code).executeTakeFirst();
  return Number(res.numUpdatedRows);
}
