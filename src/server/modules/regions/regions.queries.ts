// SQL of the region tree. Rows go in as batches of 1,000 through unnest() over one array per
// column: 5 parameters per statement instead of 5,000, which PGlite (WASM) takes several times
// faster. Existing codes are never overwritten, so imports are re-runnable.
import { sql, type Kysely } from 'kysely';
import type { Database, Region } from '../../db/tables.js';
import type { RegionRow } from './region-codes.js';

export const BATCH_SIZE = 1000;

/** Inserts rows in order (parents first), skipping codes that exist; returns how many were new. */
export async function insertRegions(db: Kysely<Database>, rows: readonly RegionRow[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += BATCH_SIZE) {
    const batch = rows.slice(i, i + BATCH_SIZE);
    const result = await sql`
      insert into regions (code, parent_code, level, name, sort)
      select * from unnest(
        ${batch.map((r) => r.code)}::text[], ${batch.map((r) => r.parentCode)}::text[],
        ${batch.map((r) => r.level)}::text[], ${batch.map((r) => r.name)}::text[], ${batch.map((r) => r.sort)}::int[])
      on conflict (code) do nothing`.execute(db);
    inserted += Number(result.numAffectedRows ?? 0n);
  }
  return inserted;
}

export async function findRegion(db: Kysely<Database>, code: string): Promise<Region | undefined> {
  return db.selectFrom('regions').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Children of a node in display order; the roots (provinces) when parentCode is null. */
export async function findChildren(db: Kysely<Database>, parentCode: string | null): Promise<Region[]> {
  return db
    .selectFrom('regions')
    .selectAll()
    .where('parent_code', parentCode === null ? 'is' : '=', parentCode)
    .orderBy('sort')
    .orderBy('code')
    .execute();
}

/** The nodes whose codes are given (ancestors are computed from the code, not queried recursively). */
export async function findRegionsByCodes(db: Kysely<Database>, codes: readonly string[]): Promise<Region[]> {
  if (codes.length === 0) return [];
  return db
    .selectFrom('regions')
    .selectAll()
    .where('code', 'in', [...codes])
    .orderBy(sql`length(code)`)
    .execute();
}

/**
 * Nodes whose name contains `text` or whose code starts with it; higher levels first, so
 * 新湖街道 comes before the grids named after its communities.
 */
export async function searchRegionRows(db: Kysely<Database>, text: string, limit: number): Promise<Region[]> {
  const escaped = text.replace(/[\\%_]/g, (c) => '\\' + c);
  return db
    .selectFrom('regions')
    .selectAll()
    .where((eb) => eb.or([eb('name', 'like', `%${escaped}%`), eb('code', 'like', `${escaped}%`)]))
    .orderBy(sql`length(code)`)
    .orderBy('code')
    .limit(limit)
    .execute();
}

/** Number of nodes per level under a prefix (the whole table when prefix is ''). */
export async function countByLevel(db: Kysely<Database>, prefix: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('regions')
    .select(['level', (eb) => eb.fn.countAll<string>().as('n')])
    .where('code', 'like', `${prefix}%`)
    .groupBy('level')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]));
}
