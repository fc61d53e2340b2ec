import type { Kysely } from 'kysely';
import type { Database, UnitKind } from '../../db/tables.js';
import { findUnitsUnder, listCategories, renameCategory } from './units.queries.js';

/** Units at a region node (exact) or anywhere under it (prefix), optionally of one kind. */
export async function listUnits(
  db: Kysely<Database>,
  f: { region?: string; under?: string; kind?: UnitKind; text?: string; limit?: number },
) {
  const rows = await findUnitsUnder(db, {
    exactRegion: f.region,
    regionPrefix: f.under,
    kind: f.kind,
    text: f.text,
    limit: f.limit ?? 200,
  });
  return rows.map((u) => ({
    id: u.id,
    code: u.code,
    name: u.name,
    kind: u.kind,
    regionCode: u.region_code,
    centerId: u.center_id,
    departmentType: u.department_type,
    mediationKind: u.mediation_kind,
    stationing: u.stationing,
  }));
}

/** The dispute categories in display order, both languages. */
export async function categories(db: Kysely<Database>) {
  return (await listCategories(db)).map((c) => ({ code: c.code, nameZh: c.name_zh, nameEn: c.name_en }));
}

/**
 * Renames, reorders or retires a category (codes are fixed: cases, rules and rollups refer to
 * them; a retired one is no longer offered for registration).
 */
export async function renameCategoryNames(
  db: Kysely<Database>,
  code: string,
  names: { nameZh?: string; nameEn?: string; sort?: number; active?: boolean },
) {
  return renameCategory(db, code, {
    name_zh: names.nameZh,
    name_en: names.nameEn,
    sort: names.sort,
    active: names.active,
  });
}
