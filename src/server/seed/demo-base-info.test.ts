import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.js';
import { seedDemoBaseInfo } from './demo-base-info.js';

let t: TestApp;
let written = 0;

beforeAll(async () => {
  t = await createTestApp();
  const started = performance.now();
  written = await seedDemoBaseInfo(t.deps);
  console.info(
    `seedDemoBaseInfo on ${t.db.engine}: ${Math.round(performance.now() - started)} ms, ${written} rows`,
  );
});
afterAll(async () => t?.close());

describe('the demo base information', () => {
  it('gives each demo grid worker residents, houses and businesses, and is seeded once', async () => {
    // 4 demo grids × (12 houses + 36 residents + 6 organizations)
    expect(written).toBe(4 * 54);
    expect(await seedDemoBaseInfo(t.deps)).toBe(0);
    const grid = await t.login('grid.shentou');
    const residents = (await grid.get('/api/base/residents?limit=100')).json().items;
    expect(residents).toHaveLength(36);
    expect(
      residents.every(
        (r: { idNumber: string; houseId: string }) => /^\d{3}\*{11}/.test(r.idNumber) && r.houseId,
      ),
    ).toBe(true);
    expect((await grid.get('/api/base/houses')).json().items[0]).toMatchObject({
      residentCount: 3,
      occupants: 3,
    });
    expect((await grid.get('/api/base/organizations')).json().items).toHaveLength(6);
    const dispatcher = await t.login('dispatcher.shentou');
    const flagged = (await dispatcher.get('/api/base/residents?keyGroup=at_risk_youth')).json().items;
    expect(flagged).toHaveLength(1);
  });
});
