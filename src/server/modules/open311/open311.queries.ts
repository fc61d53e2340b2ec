import type { Insertable, Kysely } from 'kysely';
import type { CaseState, Database, Open311RequestsTable } from '../../db/tables.js';

type Q = Kysely<Database>;

export async function activeCategories(db: Q) {
  return db
    .selectFrom('categories')
    .select(['code', 'name_zh', 'name_en'])
    .where('active', '=', true)
    .orderBy('sort')
    .orderBy('code')
    .execute();
}

export async function findActiveCategory(db: Q, code: string) {
  return db
    .selectFrom('categories')
    .select(['code', 'name_zh', 'name_en'])
    .where('code', '=', code)
    .where('active', '=', true)
    .executeTakeFirst();
}

export async function regionExists(db: Q, code: string): Promise<boolean> {
  const row = await db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst();
  return row !== undefined;
}

export async function regionNames(db: Q, codes: readonly string[]) {
  if (codes.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('regions').select(['code', 'name']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function insertOpen311Request(db: Q, row: Insertable<Open311RequestsTable>) {
  await db.insertInto('open311_requests').values(row).execute();
}

export interface RequestFilter {
  /** region prefix of the API key */
  scope: string;
  caseNos?: string[];
  serviceCodes?: string[];
  states?: CaseState[];
  from?: Date;
  to?: Date;
  limit: number;
}

/** Cases that came in through Open311 within the key's region, newest first; no personal data selected. */
export async function findRequests(db: Q, f: RequestFilter) {
  let q = db
    .selectFrom('open311_requests as o')
    .innerJoin('cases as c', (j) =>
      j.onRef('c.county_code', '=', 'o.county_code').onRef('c.id', '=', 'o.case_id'),
    )
    .innerJoin('categories as cat', 'cat.code', 'c.category_code')
    .leftJoin('units as lead', 'lead.id', 'c.lead_unit_id')
    .innerJoin('units as owner', 'owner.id', 'c.owner_unit_id')
    .select([
      'c.case_no',
      'c.state',
      'c.outcome',
      'c.category_code',
      'cat.name_zh',
      'cat.name_en',
      'c.region_code',
      'c.created_at',
      'c.updated_at',
      'c.deadline_at',
      'lead.name as lead_name',
      'owner.name as owner_name',
    ])
    .where('c.region_code', 'like', `${f.scope}%`);
  if (f.caseNos) q = q.where('c.case_no', 'in', f.caseNos);
  if (f.serviceCodes) q = q.where('c.category_code', 'in', f.serviceCodes);
  if (f.states) q = q.where('c.state', 'in', f.states);
  if (f.from) q = q.where('o.created_at', '>=', f.from);
  if (f.to) q = q.where('o.created_at', '<=', f.to);
  return q.orderBy('o.created_at', 'desc').orderBy('c.case_no', 'desc').limit(f.limit).execute();
}
