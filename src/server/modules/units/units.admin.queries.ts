// SQL of unit and category administration (the system administrator's pages). Units are paged
// by (region code, code), a keyset over the region-ordered list a tree browses.
import { sql, type Kysely, type Updateable } from 'kysely';
import type { Database, UnitKind, UnitsTable } from '../../db/tables.js';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

export interface UnitAdminFilter {
  kind?: UnitKind;
  /** units at this node or below it */
  under?: string;
  /** units at exactly this node */
  region?: string;
  active?: boolean;
  /** part of the name, or the start of the code */
  text?: string;
  after?: { regionCode: string; code: string };
  limit: number;
}

function unitRows(db: Kysely<Database>) {
  return db
    .selectFrom('units')
    .leftJoin('units as center', 'center.id', 'units.center_id')
    .leftJoin('regions', 'regions.code', 'units.region_code')
    .select((eb) => [
      'units.id',
      'units.code',
      'units.name',
      'units.kind',
      'units.region_code',
      'regions.name as region_name',
      'units.center_id',
      'center.name as center_name',
      'units.department_type',
      'units.mediation_kind',
      'units.stationing',
      'units.active',
      eb
        .selectFrom('users')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('users.unit_id', '=', 'units.id')
        .where('users.active', '=', true)
        .as('active_users'),
    ]);
}

export type UnitAdminRow = Awaited<ReturnType<typeof findUnitAdmin>> & object;

export async function findUnitsAdmin(db: Kysely<Database>, f: UnitAdminFilter) {
  let q = unitRows(db);
  if (f.kind) q = q.where('units.kind', '=', f.kind);
  if (f.region) q = q.where('units.region_code', '=', f.region);
  else if (f.under) q = q.where('units.region_code', 'like', `${escapeLike(f.under)}%`);
  if (f.active !== undefined) q = q.where('units.active', '=', f.active);
  if (f.text) {
    const text = escapeLike(f.text);
    q = q.where((eb) => eb.or([eb('units.name', 'like', `%${text}%`), eb('units.code', 'like', `${text}%`)]));
  }
  if (f.after) {
    const { regionCode, code } = f.after;
    q = q.where(sql<boolean>`(units.region_code, units.code) > (${regionCode}, ${code})`);
  }
  return q.orderBy('units.region_code').orderBy('units.code').limit(f.limit).execute();
}

export async function findUnitAdmin(db: Kysely<Database>, id: string) {
  return unitRows(db).where('units.id', '=', id).executeTakeFirst();
}

export async function findUnitBasics(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'kind', 'region_code', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findRegionBasics(db: Kysely<Database>, code: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'level', 'name'])
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function unitCodeTaken(db: Kysely<Database>, code: string): Promise<boolean> {
  return (
    (await db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirst()) !== undefined
  );
}

export async function centerAt(db: Kysely<Database>, regionCode: string) {
  return db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('kind', '=', 'center')
    .where('region_code', '=', regionCode)
    .executeTakeFirst();
}

export async function insertUnit(
  db: Kysely<Database>,
  u: {
    id: string;
    code: string;
    name: string;
    kind: UnitKind;
    region_code: string;
    center_id: string | null;
    department_type: string | null;
    mediation_kind: UnitsTable['mediation_kind'];
    stationing: UnitsTable['stationing'];
    created_at: Date;
  },
) {
  await db.insertInto('units').values(u).execute();
}

export async function updateUnit(db: Kysely<Database>, id: string, set: Updateable<UnitsTable>) {
  const res = await db.updateTable('units').set(set).where('id', '=', id).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Active accounts of a unit, and active units stationed at (or working with) it. */
export async function activeDependents(db: Kysely<Database>, id: string) {
  const users = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('unit_id', '=', id)
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  const units = await db
    .selectFrom('units')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('center_id', '=', id)
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  return { users: Number(users.n), units: Number(units.n) };
}

export async function listAllCategories(db: Kysely<Database>) {
  return db.selectFrom('categories').selectAll().orderBy('sort').orderBy('code').execute();
}

export async function categoryExists(db: Kysely<Database>, code: string): Promise<boolean> {
  return (
    (await db.selectFrom('categories').select('code').where('code', '=', code).executeTakeFirst()) !==
    undefined
  );
}

export async function insertCategory(
  db: Kysely<Database>,
  c: { code: string; name_zh: string; name_en: string; sort?: number; active: boolean },
) {
  const sort =
    c.sort ??
    Number(
      (
        await db
          .selectFrom('categories')
          .select((eb) => eb.fn.coalesce(eb.fn.max('sort'), sql<number>`0`).as('m'))
          .executeTakeFirstOrThrow()
      ).m,
    ) + 1;
  await db
    .insertInto('categories')
    .values({ ...c, sort })
    .execute();
  return sort;
}
