import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';

let t: TestApp;
let clerk: Client;
let center: string;
let justice: string;
let housing: string;
let health: string;

beforeAll(async () => {
  t = await createTestApp();
  clerk = await t.login('clerk.shentou');
  const dispatcher = await t.login('dispatcher.shentou');
  center = await t.unitId('371403105-center');
  justice = await t.unitId('371403105-justice'); // permanent
  housing = await t.unitId('371403-housing');
  health = await t.unitId('371403-health');
  // housing and health alternate working days from Monday 16 March (housing 16th, 18th, 20th …)
  const roster = await dispatcher.post(`/api/centers/${center}/rosters`, {
    name: '轮驻',
    kind: 'cycle',
    anchorDay: '2026-03-16',
    slots: [[housing], [health]],
  });
  expect(roster.statusCode, roster.body).toBe(201);
});
afterAll(async () => t?.close());

const url = () => `/api/centers/${center}/appointments`;
const booking = (over: Record<string, unknown> = {}) => ({
  unitId: housing,
  day: '2026-03-16',
  time: '09:30',
  residentName: '王五',
  phone: '13812345678',
  topic: '房屋漏水维修纠纷咨询',
  ...over,
});

describe('appointments with a stationed department (预约)', () => {
  it('books a department on its duty days only, one resident per slot, shown masked', async () => {
    const booked = await clerk.post(url(), booking());
    expect(booked.statusCode, booked.body).toBe(201);
    // a permanent department on any working day
    expect((await clerk.post(url(), booking({ unitId: justice, day: '2026-03-17' }))).statusCode).toBe(201);
    const list = await clerk.get(`${url()}?date=2026-03-16`);
    expect(list.json()).toEqual([
      expect.objectContaining({
        unitId: housing,
        time: '09:30',
        residentName: '王*',
        phoneMasked: '138****5678',
      }),
    ]);
    expect(list.body).not.toContain('13812345678');
    const stored = await t.db.kysely.selectFrom('appointments').select('phone_enc').executeTakeFirstOrThrow();
    expect(stored.phone_enc.toString('latin1')).not.toContain('13812345678');
  });

  it('lets only the center’s window book, and its scope read', async () => {
    for (const user of ['clerk.xinhu', 'leader.shentou', 'dept.shentou', 'sysadmin']) {
      const c = await t.login(user);
      expect((await c.post(url(), booking({ time: '10:00' }))).statusCode, user).toBe(403);
    }
    expect((await (await t.login('clerk.xinhu')).get(url())).statusCode).toBe(403);
    expect((await (await t.login('leader.shentou')).get(url())).statusCode).toBe(200);
    expect((await t.anonymous().get(url())).statusCode).toBe(401);
  });

  it('refuses a day off duty, a taken slot and bad input with a readable message, writing nothing', async () => {
    // housing is on duty on the 16th and 18th, health on the 17th; nobody permanent on Saturday
    await expectRefused(t, (h) => clerk.post(url(), booking({ day: '2026-03-17' }), h), {
      status: 422,
      code: 'stationing.not_on_duty',
      zh: /不在本中心值班/,
      en: /not on duty/,
    });
    await expectRefused(t, (h) => clerk.post(url(), booking({ unitId: justice, day: '2026-03-21' }), h), {
      status: 422,
      code: 'stationing.not_on_duty',
    });
    await expectRefused(t, (h) => clerk.post(url(), booking(), h), {
      status: 409,
      code: 'stationing.slot_taken',
    });
    await expectRefused(t, (h) => clerk.post(url(), booking({ day: '2026-03-14' }), h), {
      status: 400,
      code: 'stationing.day_past',
    });
    await expectRefused(t, (h) => clerk.post(url(), booking({ phone: '123' }), h), {
      status: 400,
      code: 'stationing.bad_phone',
    });
    await expectRefused(t, (h) => clerk.post(url(), booking({ time: '25:00' }), h), { status: 400 });
    await expectRefused(t, (h) => clerk.post(url(), booking({ day: '2026-04-31' }), h), {
      status: 400,
      code: 'stationing.bad_date',
    });
  });
});
