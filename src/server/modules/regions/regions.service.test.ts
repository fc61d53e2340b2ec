import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../test/helpers/test-db.js';
import { readShippedAsset, seedFromAsset, type RegionSeed } from './region-asset.js';
import {
  ancestorsOf,
  fullName,
  getRegion,
  importRegions,
  listChildren,
  loadShippedCity,
  pathOf,
  searchRegions,
} from './regions.service.js';

let db: TestDb;

beforeAll(async () => {
  db = await createTestDb();
  await loadShippedCity(db, '3714');
});

afterAll(async () => {
  await db?.close();
});

/** A two-village city, small enough to import in a test. */
function tinySeed(): RegionSeed {
  const row = (
    code: string,
    parentCode: string | null,
    level: 'province' | 'city' | 'county' | 'township',
    name: string,
  ) => ({ code, parentCode, level, name, sort: 1 });
  return {
    province: row('37', null, 'province', '山东省'),
    // cities of one province sort by code, whichever import brought them (seedFromAsset does the same)
    city: { ...row('3799', '37', 'city', '测试市'), sort: 99 },
    counties: [row('379901', '3799', 'county', '测试区')],
    townships: [row('379901001', '379901', 'township', '测试街道')],
    villages: [
      {
        code: '379901001001',
        parentCode: '379901001',
        level: 'village',
        name: '甲社区',
        committeeName: '甲社区居委会',
        sort: 1,
      },
      {
        code: '379901001002',
        parentCode: '379901001',
        level: 'village',
        name: '乙村',
        committeeName: '乙村村委会',
        sort: 2,
      },
    ],
  };
}

describe('region tree', () => {
  it('loads the shipped Dezhou tree with its generated grids', async () => {
    const again = await loadShippedCity(db, '3714');
    expect(again.inserted).toBe(0); // already there: nothing new, nothing duplicated
    expect(again.counts).toMatchObject({ city: 1, county: 12, township: 135, village: 5307 });
    const seed = seedFromAsset(await readShippedAsset('3714'));
    expect(again.counts.grid).toBeGreaterThan(seed.villages.length);
  });

  it('lists children in order, with the provinces as roots', async () => {
    expect((await listChildren(db, null)).map((r) => r.code)).toEqual(['37']);
    const counties = await listChildren(db, '3714');
    expect(counties).toHaveLength(12);
    expect(counties[0]).toMatchObject({
      code: '371402',
      name: '德城区',
      level: 'county',
      parent_code: '3714',
    });
    const grids = await listChildren(db, '371402001021');
    expect(grids[0]).toMatchObject({ code: '371402001021001', name: '胜利社区第1网格', level: 'grid' });
  });

  it('finds the ancestors of a grid from its code, root first', async () => {
    const chain = await ancestorsOf(db, '371425002004001');
    expect(chain.map((r) => r.name)).toEqual(['山东省', '德州市', '齐河县', '晏北街道', '阳光社区']);
    expect(await ancestorsOf(db, 'not-a-code')).toEqual([]);
    expect(fullName(await pathOf(db, '371403105'))).toBe('德州市陵城区神头镇');
  });

  it('gets one node, or null', async () => {
    expect(await getRegion(db, '371427104')).toMatchObject({ name: '郑保屯镇', level: 'township' });
    expect(await getRegion(db, '371427999')).toBeNull();
  });

  it('searches by name fragment and code prefix, higher levels first', async () => {
    const hits = await searchRegions(db, '新湖', 5);
    expect(hits[0]).toMatchObject({ code: '371402001', name: '新湖街道' });
    expect(hits.length).toBeLessThanOrEqual(5);
    expect((await searchRegions(db, '3714251', 3)).every((r) => r.code.startsWith('3714251'))).toBe(true);
    expect(await searchRegions(db, '   ', 5)).toEqual([]);
    expect(await searchRegions(db, '%', 5)).toEqual([]); // wildcards are literal
  });

  it('imports another city next to Dezhou, sharing the province row', async () => {
    const result = await importRegions(db, tinySeed());
    expect(result.counts).toMatchObject({ city: 1, county: 1, township: 1, village: 2 });
    expect(result.inserted).toBe(3 + 2 + (result.counts.grid ?? 0)); // city, county, township, 2 villages, grids; not the province
    expect((await listChildren(db, '37')).map((r) => r.code)).toEqual(['3714', '3799']);
  });
});
