import { describe, expect, it } from 'vitest';
import { gridsOf } from './region-codes.js';
import { formatAsset, parseAsset, readShippedAsset, RegionDataError, seedFromAsset } from './region-asset.js';

describe('the shipped Dezhou asset', () => {
  it('holds 1 city, 12 county-level units, 135 township-level units and 5,307 villages', async () => {
    const seed = seedFromAsset(await readShippedAsset('3714'));
    expect(seed.province).toMatchObject({ code: '37', name: '山东省', parentCode: null, level: 'province' });
    expect(seed.city).toMatchObject({ code: '3714', name: '德州市', parentCode: '37', level: 'city' });
    expect(seed.counties).toHaveLength(12);
    expect(seed.townships).toHaveLength(135);
    expect(seed.villages).toHaveLength(5307);
  });

  it('links every node to an existing parent one level up', async () => {
    const seed = seedFromAsset(await readShippedAsset('3714'));
    const known = new Set([
      seed.city.code,
      ...seed.counties.map((c) => c.code),
      ...seed.townships.map((t) => t.code),
    ]);
    for (const row of [...seed.counties, ...seed.townships, ...seed.villages]) {
      expect(known.has(row.parentCode ?? '')).toBe(true);
      expect(row.code.startsWith(row.parentCode ?? '-')).toBe(true);
    }
  });

  it('has the places of the four stories, with place and committee names', async () => {
    const seed = seedFromAsset(await readShippedAsset('3714'));
    const name = (code: string) =>
      [...seed.counties, ...seed.townships, ...seed.villages].find((r) => r.code === code)?.name;
    expect(name('371403')).toBe('陵城区');
    expect(name('371425')).toBe('齐河县');
    expect(name('371403105')).toBe('神头镇');
    expect(name('371427104')).toBe('郑保屯镇');
    expect(name('371402001')).toBe('新湖街道');
    expect(name('371425002')).toBe('晏北街道');
    expect(seed.villages.find((v) => v.code === '371402001021')).toMatchObject({
      name: '胜利社区',
      committeeName: '胜利社区居委会',
    });
    expect(seed.villages.find((v) => v.code === '371425002004')).toMatchObject({
      name: '阳光社区',
      parentCode: '371425002',
    });
  });

  it('generates about 14,000 grids over the city (one grid worker each)', async () => {
    const seed = seedFromAsset(await readShippedAsset('3714'));
    const grids = seed.villages.reduce((n, v) => n + gridsOf(v).length, 0);
    expect(grids).toBeGreaterThan(13_500);
    expect(grids).toBeLessThan(14_500);
  });

  it('formats back to text that parses to the same asset', async () => {
    const asset = await readShippedAsset('3714');
    expect(parseAsset(formatAsset(asset), 'round trip')).toEqual(asset);
  });

  it('refuses an unknown city with a pointer to the import command', async () => {
    await expect(readShippedAsset('9999')).rejects.toThrow(RegionDataError);
    await expect(readShippedAsset('9999')).rejects.toThrow(/yimen regions import --city 9999/);
  });
});
