import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.js';
import type { SeedContext } from './demo-context.js';
import { seedDemoStationing } from './demo-stationing.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('the demo stationing of 神头镇', () => {
  it('gives the township center a rotation of county bureaus and on-call contacts', async () => {
    const units = new Map(
      (
        await t.db.kysely.selectFrom('units').select(['id', 'code', 'name', 'kind', 'region_code']).execute()
      ).map((u) => [u.code, u]),
    );
    const ctx = { deps: t.deps, db: t.db.kysely, units } as unknown as SeedContext;
    await seedDemoStationing(ctx, t.deps.clock());
    const center = await t.unitId('371403105-center');
    const clerk = await t.login('clerk.shentou');
    // the fixed clock is Sunday 15 March (CST): nobody rotates; Monday the first bureau is on duty
    const monday = (await clerk.get(`/api/centers/${center}/on-duty?date=2026-03-16`)).json();
    expect(monday.rotation[0].units.map((u: { name: string }) => u.name)).toEqual(['陵城区住房和城乡建设局']);
    expect(monday.onCall.map((c: { name: string }) => c.name)).toContain('陵城区人民检察院');
    expect(monday.onCall.every((c: { phoneMasked: string }) => /^\d{3}\*{4}\d{4}$/.test(c.phoneMasked))).toBe(
      true,
    );
  });
});
