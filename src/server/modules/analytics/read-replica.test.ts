// DATABASE_READ_URL: dashboard reads go to the replica, writes to the primary. The "replica" here
// is a second database that lags (it has none of the primary's new cases), so which one answered
// shows in the figures.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { T0, buildRegistration, createTestApp, type TestApp } from '../../../../test/helpers/test-app.js';
import { createTestDb, type TestDb } from '../../../../test/helpers/test-db.js';
import { loadConfig } from '../../config.js';
import { openRuntime } from '../../runtime.js';
import { seedDemoOrganization } from '../../seed/demo-organization.js';

let t: TestApp;
let replica: TestDb;
beforeAll(async () => {
  t = await createTestApp();
  replica = await createTestDb({ organization: true });
  await seedDemoOrganization(replica, { now: T0 }); // PostgreSQL: the caller seeds (a no-op on PGlite's clone)
});
afterAll(async () => {
  await t?.close();
  await replica?.close();
});

describe('dashboard reads on a read replica', () => {
  it('answers dashboard figures from the replica and registers on the primary', async () => {
    const clerk = await t.login('clerk.shentou');
    expect((await clerk.post('/api/cases', buildRegistration())).statusCode).toBe(201);
    const leader = await t.login('dispatcher.shentou');
    const received = async () => {
      const res = await leader.get('/api/analytics/overview?from=2026-03-01&to=2026-03-31');
      expect(res.statusCode, res.body).toBe(200);
      return res.json().cases.received as number;
    };
    expect(await received()).toBe(1);
    t.deps.readDb = replica;
    try {
      expect(await received()).toBe(0); // the replica has not seen the case yet
      // the case itself is read from the primary whatever the replica says
      const list = await leader.get('/api/cases');
      expect(list.json().items).toHaveLength(1);
    } finally {
      delete t.deps.readDb;
    }
  });

  it('refuses DATABASE_READ_URL without PostgreSQL as the primary', async () => {
    const config = loadConfig({
      YIMEN_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'yimen-replica-')),
      DATABASE_READ_URL: 'postgres://postgres@127.0.0.1:5432/test',
    } as NodeJS.ProcessEnv);
    await expect(openRuntime(config, { jobs: false })).rejects.toThrow(
      /DATABASE_READ_URL needs DATABASE_URL/,
    );
  });
});
