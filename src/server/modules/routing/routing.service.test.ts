import { v7 as uuidv7 } from 'uuid';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/tables.js';
import { createTestDb, type TestDb } from '../../../../test/helpers/test-db.js';
import { addRoutingRules, defaultRulePriority, suggestUnit } from './routing.service.js';

const now = new Date('2026-03-15T08:00:00+08:00');
let db: TestDb;
const unit: Record<string, string> = {};

afterAll(async () => {
  await db?.close();
});

/** Runs a test's changes in a transaction that is rolled back, so each test sees the same rules. */
async function rolledBack(fn: (trx: Kysely<Database>) => Promise<void>): Promise<void> {
  const rollback = new Error('rollback');
  await expect(
    db.kysely.transaction().execute(async (trx) => {
      await fn(trx);
      throw rollback;
    }),
  ).rejects.toBe(rollback);
}

beforeAll(async () => {
  db = await createTestDb();
  const regions = [
    { code: '37', parent_code: null, level: 'province' as const, name: '山东省' },
    { code: '3714', parent_code: '37', level: 'city' as const, name: '德州市' },
    { code: '371403', parent_code: '3714', level: 'county' as const, name: '陵城区' },
    { code: '371403105', parent_code: '371403', level: 'township' as const, name: '神头镇' },
    { code: '371403106', parent_code: '371403', level: 'township' as const, name: '另一镇' },
  ];
  await db.kysely.insertInto('regions').values(regions).execute();
  await db.kysely
    .insertInto('categories')
    .values([
      { code: 'labor', name_zh: '劳动争议', name_en: 'Labor' },
      { code: 'neighbor', name_zh: '邻里纠纷', name_en: 'Neighbor' },
    ])
    .execute();
  for (const [key, region] of [
    ['county-labor', '371403'],
    ['county-any', '371403'],
    ['township-any', '371403105'],
    ['city-any', '3714'],
  ] as const) {
    unit[key] = uuidv7();
    await db.kysely
      .insertInto('units')
      .values({
        id: unit[key]!,
        code: key,
        name: key,
        kind: 'mediation_org',
        region_code: region,
        center_id: null,
        created_at: now,
      })
      .execute();
  }
  const rule = (categoryCode: string | null, regionPrefix: string, key: string) => ({
    id: uuidv7(),
    categoryCode,
    regionPrefix,
    unitId: unit[key]!,
  });
  await addRoutingRules(
    db.kysely,
    [
      rule(null, '3714', 'city-any'),
      rule(null, '371403', 'county-any'),
      rule('labor', '371403', 'county-labor'),
      rule(null, '371403105', 'township-any'),
    ],
    now,
  );
});

describe('suggested unit', () => {
  it('sends a named category to its specific rule before any catch-all', async () => {
    expect((await suggestUnit(db.kysely, 'labor', '371403105'))?.unitId).toBe(unit['county-labor']);
  });

  it('sends other categories to the longest matching catch-all prefix', async () => {
    expect((await suggestUnit(db.kysely, 'neighbor', '371403105203'))?.unitId).toBe(unit['township-any']);
    expect((await suggestUnit(db.kysely, 'neighbor', '371403106'))?.unitId).toBe(unit['county-any']);
    expect((await suggestUnit(db.kysely, 'neighbor', '3714'))?.unitId).toBe(unit['city-any']);
  });

  it('returns null outside every rule', async () => {
    expect(await suggestUnit(db.kysely, 'neighbor', '3701')).toBeNull();
  });

  it('skips inactive rules and rules whose unit is inactive', async () => {
    await rolledBack(async (trx) => {
      await trx
        .updateTable('routing_rules')
        .set({ active: false })
        .where('unit_id', '=', unit['county-labor']!)
        .execute();
      expect((await suggestUnit(trx, 'labor', '371403105'))?.unitId).toBe(unit['township-any']);
      await trx.updateTable('units').set({ active: false }).where('id', '=', unit['township-any']!).execute();
      expect((await suggestUnit(trx, 'labor', '371403105'))?.unitId).toBe(unit['county-any']);
    });
  });

  it('honours an explicit priority over the default order', async () => {
    await rolledBack(async (trx) => {
      await addRoutingRules(
        trx,
        [{ id: uuidv7(), priority: 1, categoryCode: null, regionPrefix: '3714', unitId: unit['city-any']! }],
        now,
      );
      expect((await suggestUnit(trx, 'labor', '371403105'))?.unitId).toBe(unit['city-any']);
    });
    expect((await suggestUnit(db.kysely, 'labor', '371403105'))?.unitId).toBe(unit['county-labor']);
  });

  it('orders default priorities: category before catch-all, then longer prefix first', () => {
    expect(defaultRulePriority('371403', 'labor')).toBeLessThan(defaultRulePriority('371403105', null));
    expect(defaultRulePriority('371403105', 'labor')).toBeLessThan(defaultRulePriority('371403', 'labor'));
    expect(defaultRulePriority('371403105', null)).toBeLessThan(defaultRulePriority('3714', null));
  });
});
