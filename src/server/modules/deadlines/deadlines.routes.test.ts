import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';

let t: TestApp;
let sysadmin: Client;

beforeAll(async () => {
  t = await createTestApp();
  sysadmin = await t.login('sysadmin');
});
afterAll(async () => t?.close());

describe('time-limit rules as system configuration', () => {
  it('lists the defaults and lets the system administrator add a more specific rule that new clocks use', async () => {
    const list = (await sysadmin.get('/api/time-limits')).json();
    expect(
      list.map((r: { stage: string; workingDays: number }) => `${r.stage}:${r.workingDays}`).sort(),
    ).toEqual(['accept:1', 'follow_up:3', 'handle:15', 'handle:30']);
    const added = await sysadmin.post('/api/time-limits', {
      stage: 'accept',
      categoryCode: 'labor',
      workingDays: 2,
    });
    expect(added.statusCode, added.body).toBe(201);
    const audits = await t.db.kysely
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'config.time_limit')
      .execute();
    expect(audits).toHaveLength(1);

    const clerk = await t.login('clerk.shentou');
    const dispatcher = await t.login('dispatcher.shentou');
    const c = (await clerk.post('/api/cases', buildRegistration({ categoryCode: 'labor' }))).json();
    const res = await dispatcher.post(`/api/cases/${c.id}/transitions`, {
      version: 1,
      action: 'assign',
      unitId: await t.unitId('371403-labor-mediation'),
    });
    // T0 is Sunday 15 March 2026: two working days end on Tuesday 17 March, 24:00 CST
    expect(res.json().deadlineAt).toBe(new Date('2026-03-17T16:00:00Z').toISOString());

    const off = await sysadmin.request({
      method: 'PATCH',
      url: `/api/time-limits/${added.json().id}`,
      payload: { active: false },
    });
    expect(off.statusCode).toBe(204);
  });

  it('refuses everyone but the system administrator, and bad input', async () => {
    for (const user of ['dispatcher.shentou', 'supervisor.dezhou', 'secadmin', 'auditor']) {
      const c = await t.login(user);
      expect((await c.get('/api/time-limits')).statusCode).toBe(403);
      expect((await c.post('/api/time-limits', { stage: 'accept', workingDays: 3 })).statusCode).toBe(403);
    }
    expect((await t.anonymous().get('/api/time-limits')).statusCode).toBe(401);
    expect((await sysadmin.post('/api/time-limits', { stage: 'lunch', workingDays: 3 })).statusCode).toBe(
      400,
    );
    expect((await sysadmin.post('/api/time-limits', { stage: 'accept', workingDays: -1 })).statusCode).toBe(
      400,
    );
    expect((await sysadmin.post('/api/time-limits', { stage: 'accept', workingDays: '3' })).statusCode).toBe(
      400,
    );
    expect(
      (await sysadmin.post('/api/time-limits', { stage: 'accept', categoryCode: 'nope', workingDays: 3 }))
        .statusCode,
    ).toBe(422);
    const unknown = '01900000-0000-7000-8000-000000000000';
    expect(
      (
        await sysadmin.request({
          method: 'PATCH',
          url: `/api/time-limits/${unknown}`,
          payload: { active: false },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await sysadmin.request({ method: 'PATCH', url: `/api/time-limits/${unknown}`, payload: {} }))
        .statusCode,
    ).toBe(400);
  });
});
