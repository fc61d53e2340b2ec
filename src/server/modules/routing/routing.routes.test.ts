import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';

let t: TestApp;
let sysadmin: Client;
let dispatcher: Client;

beforeAll(async () => {
  t = await createTestApp();
  sysadmin = await t.login('sysadmin');
  dispatcher = await t.login('dispatcher.shentou');
});
afterAll(async () => t?.close());

const auditCount = async (action: string) =>
  Number(
    (
      await t.db.kysely
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('action', '=', action)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('routing rules are system configuration', () => {
  it('lets the system administrator add a rule that then wins the suggestion, and audits it', async () => {
    const justice = await t.unitId('371403105-justice');
    const before = await dispatcher.get('/api/routing/suggest?category=marriage_family&region=371403105200');
    expect(before.json().suggestion.unitCode).toBe('371403105-people-mediation');

    const added = await sysadmin.post('/api/routing/rules', {
      categoryCode: 'marriage_family',
      regionPrefix: '371403105',
      unitId: justice,
    });
    expect(added.statusCode, added.body).toBe(201);
    const after = await dispatcher.get('/api/routing/suggest?category=marriage_family&region=371403105200');
    expect(after.json().suggestion.unitId).toBe(justice);
    expect(await auditCount('config.routing_rule')).toBe(1);

    const off = await sysadmin.request({
      method: 'PATCH',
      url: `/api/routing/rules/${added.json().id}`,
      payload: { active: false },
    });
    expect(off.statusCode).toBe(204);
    const back = await dispatcher.get('/api/routing/suggest?category=marriage_family&region=371403105200');
    expect(back.json().suggestion.unitCode).toBe('371403105-people-mediation');
    const listed = await sysadmin.get('/api/routing/rules?region=371403105');
    expect(
      listed.json().some((r: { id: string; active: boolean }) => r.id === added.json().id && !r.active),
    ).toBe(true);
  });

  it('refuses everyone but the system administrator', async () => {
    const justice = await t.unitId('371403105-justice');
    for (const user of ['dispatcher.shentou', 'leader.dezhou', 'secadmin', 'auditor']) {
      const c = await t.login(user);
      expect((await c.get('/api/routing/rules')).statusCode).toBe(403);
      expect(
        (await c.post('/api/routing/rules', { categoryCode: null, regionPrefix: '371403', unitId: justice }))
          .statusCode,
      ).toBe(403);
      expect(
        (await c.request({ method: 'PATCH', url: '/api/categories/labor', payload: { nameZh: '劳资纠纷' } }))
          .statusCode,
      ).toBe(403);
    }
    expect((await t.anonymous().get('/api/routing/rules')).statusCode).toBe(401);
  });

  it('rejects bad rules with a readable message and writes nothing', async () => {
    const before = await auditCount('config.routing_rule');
    const unknownUnit = await sysadmin.post('/api/routing/rules', {
      categoryCode: null,
      regionPrefix: '371403',
      unitId: '01900000-0000-7000-8000-000000000000',
    });
    expect(unknownUnit.statusCode).toBe(422);
    const unknownCategory = await sysadmin.post(
      '/api/routing/rules',
      { categoryCode: 'nonsense', regionPrefix: '371403', unitId: await t.unitId('371403-hrss') },
      { 'accept-language': 'en' },
    );
    expect(unknownCategory.statusCode).toBe(422);
    expect(unknownCategory.json().error.message).toContain('nonsense');
    expect((await sysadmin.post('/api/routing/rules', { regionPrefix: 'abc', unitId: 'x' })).statusCode).toBe(
      400,
    );
    expect(
      (
        await sysadmin.request({
          method: 'PATCH',
          url: '/api/routing/rules/01900000-0000-7000-8000-000000000000',
          payload: { active: true },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await sysadmin.request({
          method: 'PATCH',
          url: '/api/routing/rules/01900000-0000-7000-8000-000000000000',
          payload: {},
        })
      ).statusCode,
    ).toBe(400);
    expect(await auditCount('config.routing_rule')).toBe(before);
  });
});

describe('category names are editable, codes are not', () => {
  it('renames a category for the system administrator', async () => {
    const res = await sysadmin.request({
      method: 'PATCH',
      url: '/api/categories/labor',
      payload: { nameZh: '劳动人事争议' },
    });
    expect(res.statusCode).toBe(204);
    const list = await t.anonymous().get('/api/categories');
    expect(list.json().find((c: { code: string }) => c.code === 'labor').nameZh).toBe('劳动人事争议');
    expect(
      (
        await sysadmin.request({
          method: 'PATCH',
          url: '/api/categories/unknown_code',
          payload: { nameZh: 'x' },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await sysadmin.request({ method: 'PATCH', url: '/api/categories/labor', payload: { code: 'x' } }))
        .statusCode,
    ).toBe(400);
  });
});
