// SQL of base information: residents, houses, organizations and key-group flags. Every list is a
// region-prefix range (text_pattern_ops indexes) and a keyset page on the UUIDv7 id, newest first.
import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import { prefixUpperBound } from '../../../core/regions/region-code.js';
import type {
  BaseHousesTable,
  BaseKeyGroupsTable,
  BaseOrganizationsTable,
  BaseResidentsTable,
  Database,
  KeyGroup,
} from '../../db/tables.js';

type Q = Kysely<Database>;

const likePrefix = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
const CHUNK = 1000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function regionOf(db: Q, code: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'level', 'name'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/** Levels of the known codes among `codes`. */
export async function regionLevels(db: Q, codes: readonly string[]) {
  const out = new Map<string, string>();
  for (const part of chunks(codes)) {
    const rows = await db.selectFrom('regions').select(['code', 'level']).where('code', 'in', part).execute();
    for (const r of rows) out.set(r.code, r.level);
  }
  return out;
}

/** The filters every list shares. */
export interface PageFilter {
  /** the caller's scope: rows outside it never come back */
  scope: string;
  /** a narrower region asked for */
  region?: string;
  /** keyset: the id of the last row of the previous page */
  after?: string;
  limit: number;
}

/** What a search string turned into: a blind index, an exact value or a name prefix. */
export type Search =
  | { kind: 'id_number' | 'phone' | 'address'; bidx: string }
  | { kind: 'credit_code'; code: string }
  | { kind: 'name'; prefix: string };

// ---------------------------------------------------------------- residents

const RESIDENT_COLUMNS = [
  'r.county_code',
  'r.id',
  'r.region_code',
  'g.name as region_name',
  'r.name',
  'r.id_number_masked',
  'r.gender',
  'r.birth_date',
  'r.ethnicity',
  'r.domicile_code',
  'r.address_masked',
  'r.phone_masked',
  'r.residence_status',
  'r.house_id',
  'r.house_relation',
  'r.created_at',
  'r.updated_at',
] as const;

export async function listResidents(
  db: Q,
  f: PageFilter & { search?: Search; keyGroup?: KeyGroup; houseId?: string },
) {
  let q = db
    .selectFrom('base_residents as r')
    .innerJoin('regions as g', 'g.code', 'r.region_code')
    .select(RESIDENT_COLUMNS)
    .where('r.region_code', 'like', likePrefix(f.scope));
  if (f.region) q = q.where('r.region_code', 'like', likePrefix(f.region));
  if (f.after) q = q.where('r.id', '<', f.after);
  if (f.houseId) q = q.where('r.house_id', '=', f.houseId);
  const s = f.search;
  if (s?.kind === 'id_number') q = q.where('r.id_number_bidx', '=', s.bidx);
  else if (s?.kind === 'phone') q = q.where('r.phone_bidx', '=', s.bidx);
  else if (s?.kind === 'name') q = q.where('r.name', 'like', likePrefix(s.prefix));
  else if (s) return [];
  if (f.keyGroup) {
    const group = f.keyGroup;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('base_key_groups as k')
          .select('k.id')
          .whereRef('k.resident_id', '=', 'r.id')
          .whereRef('k.county_code', '=', 'r.county_code')
          .where('k.key_group', '=', group)
          .where('k.cleared_at', 'is', null),
      ),
    );
  }
  return q.orderBy('r.id', 'desc').limit(f.limit).execute();
}

export async function findResident(db: Q, id: string) {
  return db
    .selectFrom('base_residents as r')
    .innerJoin('regions as g', 'g.code', 'r.region_code')
    .select(RESIDENT_COLUMNS)
    .select(['r.id_number_enc', 'r.phone_enc', 'r.address_enc', 'r.id_number_bidx'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export async function insertResidents(db: Q, rows: Insertable<BaseResidentsTable>[]) {
  if (rows.length) await db.insertInto('base_residents').values(rows).execute();
}

export async function updateResident(
  db: Q,
  key: { countyCode: string; id: string },
  set: Updateable<BaseResidentsTable>,
) {
  await db
    .updateTable('base_residents')
    .set(set)
    .where('county_code', '=', key.countyCode)
    .where('id', '=', key.id)
    .execute();
}

/** The blind indexes among `bidxs` that a resident anywhere already has. */
export async function takenIdNumbers(db: Q, bidxs: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks(bidxs)) {
    const rows = await db
      .selectFrom('base_residents')
      .select('id_number_bidx')
      .where('id_number_bidx', 'in', part)
      .execute();
    for (const r of rows) out.add(r.id_number_bidx);
  }
  return out;
}

/** Whether another resident than `exceptId` has this ID number. */
export async function idNumberTaken(db: Q, bidx: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom('base_residents').select('id').where('id_number_bidx', '=', bidx);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

// ---------------------------------------------------------------- key groups

/** The active key groups of these residents. */
export async function activeKeyGroups(db: Q, residentIds: readonly string[]) {
  const out = new Map<string, KeyGroup[]>();
  if (residentIds.length === 0) return out;
  const rows = await db
    .selectFrom('base_key_groups')
    .select(['resident_id', 'key_group'])
    .where('resident_id', 'in', residentIds)
    .where('cleared_at', 'is', null)
    .orderBy('key_group')
    .execute();
  for (const r of rows) out.set(r.resident_id, [...(out.get(r.resident_id) ?? []), r.key_group]);
  return out;
}

/** Every flag of one resident, active and cleared, with who set and cleared it. */
export async function keyGroupHistory(db: Q, residentId: string) {
  return db
    .selectFrom('base_key_groups as k')
    .leftJoin('users as s', 's.id', 'k.set_by')
    .leftJoin('users as c', 'c.id', 'k.cleared_by')
    .select([
      'k.id',
      'k.key_group',
      'k.reason',
      'k.set_at',
      's.display_name as set_by_name',
      'k.cleared_at',
      'c.display_name as cleared_by_name',
      'k.clear_reason',
    ])
    .where('k.resident_id', '=', residentId)
    .orderBy('k.set_at', 'desc')
    .execute();
}

export async function insertKeyGroups(db: Q, rows: Insertable<BaseKeyGroupsTable>[]) {
  if (rows.length) await db.insertInto('base_key_groups').values(rows).execute();
}

export async function clearKeyGroups(
  db: Q,
  key: { countyCode: string; residentId: string },
  groups: readonly KeyGroup[],
  set: { cleared_by: string; cleared_at: Date; clear_reason: string },
) {
  if (groups.length === 0) return;
  await db
    .updateTable('base_key_groups')
    .set(set)
    .where('county_code', '=', key.countyCode)
    .where('resident_id', '=', key.residentId)
    .where('key_group', 'in', groups)
    .where('cleared_at', 'is', null)
    .execute();
}

// ---------------------------------------------------------------- houses

const HOUSE_COLUMNS = [
  'h.county_code',
  'h.id',
  'h.region_code',
  'g.name as region_name',
  'h.address_masked',
  'h.use',
  'h.owner_name',
  'h.id_number_masked',
  'h.phone_masked',
  'h.occupants',
  'h.note',
  'h.created_at',
  'h.updated_at',
] as const;

export async function listHouses(db: Q, f: PageFilter & { search?: Search }) {
  let q = db
    .selectFrom('base_houses as h')
    .innerJoin('regions as g', 'g.code', 'h.region_code')
    .select(HOUSE_COLUMNS)
    .select((eb) =>
      eb
        .selectFrom('base_residents as r')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('r.house_id', '=', 'h.id')
        .whereRef('r.county_code', '=', 'h.county_code')
        .as('resident_count'),
    )
    .where('h.region_code', 'like', likePrefix(f.scope));
  if (f.region) q = q.where('h.region_code', 'like', likePrefix(f.region));
  if (f.after) q = q.where('h.id', '<', f.after);
  const s = f.search;
  if (s?.kind === 'id_number') q = q.where('h.id_number_bidx', '=', s.bidx);
  else if (s?.kind === 'phone') q = q.where('h.phone_bidx', '=', s.bidx);
  else if (s?.kind === 'address') q = q.where('h.address_bidx', '=', s.bidx);
  else if (s?.kind === 'name') q = q.where('h.owner_name', 'like', likePrefix(s.prefix));
  else if (s) return [];
  return q.orderBy('h.id', 'desc').limit(f.limit).execute();
}

export async function findHouse(db: Q, id: string) {
  return db
    .selectFrom('base_houses as h')
    .innerJoin('regions as g', 'g.code', 'h.region_code')
    .select(HOUSE_COLUMNS)
    .select(['h.id_number_enc', 'h.phone_enc', 'h.address_enc', 'h.address_bidx'])
    .where('h.id', '=', id)
    .executeTakeFirst();
}

export async function insertHouses(db: Q, rows: Insertable<BaseHousesTable>[]) {
  if (rows.length) await db.insertInto('base_houses').values(rows).execute();
}

export async function updateHouse(
  db: Q,
  key: { countyCode: string; id: string },
  set: Updateable<BaseHousesTable>,
) {
  await db
    .updateTable('base_houses')
    .set(set)
    .where('county_code', '=', key.countyCode)
    .where('id', '=', key.id)
    .execute();
}

/** The address blind indexes among `bidxs` that a house anywhere already has. */
export async function takenAddresses(db: Q, bidxs: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks(bidxs)) {
    const rows = await db
      .selectFrom('base_houses')
      .select('address_bidx')
      .where('address_bidx', 'in', part)
      .execute();
    for (const r of rows) out.add(r.address_bidx);
  }
  return out;
}

export async function addressTaken(db: Q, bidx: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom('base_houses').select('id').where('address_bidx', '=', bidx);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

// ---------------------------------------------------------------- organizations

const ORGANIZATION_COLUMNS = [
  'o.county_code',
  'o.id',
  'o.region_code',
  'g.name as region_name',
  'o.name',
  'o.credit_code',
  'o.kind',
  'o.legal_representative',
  'o.phone_masked',
  'o.address_masked',
  'o.created_at',
  'o.updated_at',
] as const;

export async function listOrganizations(db: Q, f: PageFilter & { search?: Search }) {
  let q = db
    .selectFrom('base_organizations as o')
    .innerJoin('regions as g', 'g.code', 'o.region_code')
    .select(ORGANIZATION_COLUMNS)
    .where('o.region_code', 'like', likePrefix(f.scope));
  if (f.region) q = q.where('o.region_code', 'like', likePrefix(f.region));
  if (f.after) q = q.where('o.id', '<', f.after);
  const s = f.search;
  if (s?.kind === 'credit_code') q = q.where('o.credit_code', '=', s.code);
  else if (s?.kind === 'phone') q = q.where('o.phone_bidx', '=', s.bidx);
  else if (s?.kind === 'name') q = q.where('o.name', 'like', likePrefix(s.prefix));
  else if (s) return [];
  return q.orderBy('o.id', 'desc').limit(f.limit).execute();
}

export async function findOrganization(db: Q, id: string) {
  return db
    .selectFrom('base_organizations as o')
    .innerJoin('regions as g', 'g.code', 'o.region_code')
    .select(ORGANIZATION_COLUMNS)
    .select(['o.phone_enc', 'o.address_enc'])
    .where('o.id', '=', id)
    .executeTakeFirst();
}

export async function insertOrganizations(db: Q, rows: Insertable<BaseOrganizationsTable>[]) {
  if (rows.length) await db.insertInto('base_organizations').values(rows).execute();
}

export async function updateOrganization(
  db: Q,
  key: { countyCode: string; id: string },
  set: Updateable<BaseOrganizationsTable>,
) {
  await db
    .updateTable('base_organizations')
    .set(set)
    .where('county_code', '=', key.countyCode)
    .where('id', '=', key.id)
    .execute();
}

/** The credit codes among `codes` that an organization anywhere already has. */
export async function takenCreditCodes(db: Q, codes: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks(codes)) {
    const rows = await db
      .selectFrom('base_organizations')
      .select('credit_code')
      .where('credit_code', 'in', part)
      .execute();
    for (const r of rows) if (r.credit_code) out.add(r.credit_code);
  }
  return out;
}

export async function creditCodeTaken(db: Q, code: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom('base_organizations').select('id').where('credit_code', '=', code);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

/**
 * Households (houses lived in: residential or mixed use) under `code`, per child region of code
 * length `childLength` — the denominator of the grid workers' visits per household.
 */
export async function householdCountsByChild(db: Q, code: string, childLength: number) {
  const child = sql<string>`substr(region_code, 1, ${sql.lit(Math.trunc(childLength))})`;
  const hi = prefixUpperBound(code);
  let query = db
    .selectFrom('base_houses')
    .select([child.as('child'), sql<string>`count(*)`.as('households')])
    .where('use', 'in', ['residential', 'mixed'])
    .where('region_code', '>=', code);
  if (hi) query = query.where('region_code', '<', hi);
  return query.groupBy(child).execute();
}
