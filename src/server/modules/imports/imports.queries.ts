import { sql } from 'kysely';
import type { Insertable, Kysely, Updateable } from 'kysely';
import type {
  CaseExternalRefsTable,
  Database,
  ImportJobsTable,
  RegionLevel,
  UnitKind,
  UnitsTable,
  UsersTable,
} from '../../db/tables.js';

type Q = Kysely<Database>;

const CHUNK = 1000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function insertJob(db: Q, row: Insertable<ImportJobsTable>) {
  await db.insertInto('import_jobs').values(row).execute();
}

export async function updateJob(db: Q, id: string, set: Updateable<ImportJobsTable>) {
  await db.updateTable('import_jobs').set(set).where('id', '=', id).execute();
}

export async function findJob(db: Q, id: string) {
  return db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function activeCategories(db: Q) {
  return db
    .selectFrom('categories')
    .select(['code', 'name_zh', 'name_en'])
    .where('active', '=', true)
    .execute();
}

/** Levels of the known codes among `codes`. */
export async function regionLevels(db: Q, codes: readonly string[]): Promise<Map<string, RegionLevel>> {
  const out = new Map<string, RegionLevel>();
  for (const part of chunks(codes)) {
    const rows = await db.selectFrom('regions').select(['code', 'level']).where('code', 'in', part).execute();
    for (const r of rows) out.set(r.code, r.level);
  }
  return out;
}

/** Centers by region code (at most one per region) among `regionCodes`. */
export async function centersAt(db: Q, regionCodes: readonly string[]) {
  const out = new Map<string, { id: string; code: string }>();
  for (const part of chunks(regionCodes)) {
    const rows = await db
      .selectFrom('units')
      .select(['id', 'code', 'region_code'])
      .where('kind', '=', 'center')
      .where('region_code', 'in', part)
      .execute();
    for (const r of rows) out.set(r.region_code, { id: r.id, code: r.code });
  }
  return out;
}

/** Units by code among `codes`. */
export async function unitsByCode(db: Q, codes: readonly string[]) {
  const out = new Map<string, { id: string; kind: UnitKind; region_code: string; active: boolean }>();
  for (const part of chunks(codes)) {
    const rows = await db
      .selectFrom('units')
      .select(['id', 'code', 'kind', 'region_code', 'active'])
      .where('code', 'in', part)
      .execute();
    for (const r of rows)
      out.set(r.code, { id: r.id, kind: r.kind, region_code: r.region_code, active: r.active });
  }
  return out;
}

/** Level and parent of the known codes among `codes`. */
export async function regionFacts(db: Q, codes: readonly string[]) {
  const out = new Map<string, { level: RegionLevel; parentCode: string | null }>();
  for (const part of chunks(codes)) {
    const rows = await db
      .selectFrom('regions')
      .select(['code', 'level', 'parent_code'])
      .where('code', 'in', part)
      .execute();
    for (const r of rows) out.set(r.code, { level: r.level, parentCode: r.parent_code });
  }
  return out;
}

export async function existingUsernames(db: Q, usernames: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks(usernames)) {
    const rows = await db.selectFrom('users').select('username').where('username', 'in', part).execute();
    for (const r of rows) out.add(r.username);
  }
  return out;
}

export async function existingRefs(
  db: Q,
  source: string,
  externalNos: readonly string[],
): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks(externalNos)) {
    const rows = await db
      .selectFrom('case_external_refs')
      .select('external_no')
      .where('source', '=', source)
      .where('external_no', 'in', part)
      .execute();
    for (const r of rows) out.add(r.external_no);
  }
  return out;
}

export async function insertRefs(db: Q, rows: Insertable<CaseExternalRefsTable>[]) {
  for (const part of chunks(rows, 500)) await db.insertInto('case_external_refs').values(part).execute();
}

export async function insertUnits(db: Q, rows: Insertable<UnitsTable>[]) {
  for (const part of chunks(rows, 500)) await db.insertInto('units').values(part).execute();
}

export async function insertUsers(db: Q, rows: Insertable<UsersTable>[]) {
  for (const part of chunks(rows, 500)) await db.insertInto('users').values(part).execute();
}

/** Serializes imports of one source (and of one kind) across processes, for the transaction. */
export async function lockImports(db: Q, name: string) {
  await sql`select pg_advisory_xact_lock(7310006, hashtext(${name}))`.execute(db);
}
