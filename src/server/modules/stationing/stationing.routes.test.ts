import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';
import { sweepMissedOnCallCalls } from './stationing.sweep.js';

let t: TestApp;
let sysadmin: Client;
let dispatcher: Client;
let clerk: Client;
let center: string;
let housing: string;
let health: string;
let market: string;
let hrss: string;

beforeAll(async () => {
  t = await createTestApp();
  sysadmin = await t.login('sysadmin');
  dispatcher = await t.login('dispatcher.shentou');
  clerk = await t.login('clerk.shentou');
  center = await t.unitId('371403105-center');
  housing = await t.unitId('371403-housing');
  health = await t.unitId('371403-health');
  market = await t.unitId('371403-market-regulation');
  hrss = await t.unitId('371403-hrss');
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
const put = (c: Client, url: string, payload: unknown, headers: Record<string, string> = {}) =>
  c.request({ method: 'PUT', url, payload: payload as object, headers });
type Board = {
  date: string;
  workingDay: boolean;
  permanent: { name: string }[];
  rotation: { overridden: boolean; units: { unitId: string }[] }[];
  onCall: { unitId: string; phoneMasked: string; responseMinutes: number }[];
};
const board = async (c: Client, date?: string) => {
  const res = await c.get(`/api/centers/${center}/on-duty${date ? `?date=${date}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Board;
};
const onDutyIds = (b: Board) => b.rotation.flatMap((r) => r.units.map((u) => u.unitId));

describe('the duty board and rotation rosters (轮驻)', () => {
  it('shows who is on duty on a given day for a rotation, with overrides, and audits changes', async () => {
    // county bureaus take turns at the township center, one working day each from Monday 16 March
    const created = await dispatcher.post(`/api/centers/${center}/rosters`, {
      name: '县直部门轮驻',
      kind: 'cycle',
      anchorDay: '2026-03-16',
      slots: [[housing], [health], [market]],
    });
    expect(created.statusCode, created.body).toBe(201);

    expect(onDutyIds(await board(clerk, '2026-03-16'))).toEqual([housing]);
    expect(onDutyIds(await board(clerk, '2026-03-18'))).toEqual([market]);
    expect(onDutyIds(await board(clerk, '2026-03-19'))).toEqual([housing]);
    const saturday = await board(clerk, '2026-03-21');
    expect(saturday.workingDay).toBe(false);
    expect(onDutyIds(saturday)).toEqual([]);
    expect(onDutyIds(await board(clerk, '2026-03-23'))).toEqual([market]); // Monday: 6th working day

    // today (the fixed clock: Sunday 15 March, CST) and the permanent departments
    const today = await board(clerk);
    expect(today.date).toBe('2026-03-15');
    expect(today.permanent.map((u) => u.name)).toEqual(expect.arrayContaining(['陵城区公安分局神头派出所']));

    const swap = await put(dispatcher, `/api/rosters/${created.json().id}/overrides/2026-03-17`, {
      unitIds: [market, housing],
    });
    expect(swap.statusCode, swap.body).toBe(204);
    const swapped = await board(clerk, '2026-03-17');
    expect(onDutyIds(swapped).sort()).toEqual([market, housing].sort());
    expect(swapped.rotation[0]!.overridden).toBe(true);
    expect(onDutyIds(await board(clerk, '2026-03-18'))).toEqual([market]);
    expect(await auditCount('config.duty_roster')).toBe(2);
  });

  it('lets only the system administrator and the center’s own dispatcher edit rosters', async () => {
    const body = {
      name: '周排班',
      kind: 'weekly',
      anchorDay: '2026-03-16',
      slots: [[housing], [], [], [], [], [], []],
    };
    expect((await sysadmin.post(`/api/centers/${center}/rosters`, body)).statusCode).toBe(201);
    for (const user of [
      'clerk.shentou',
      'dispatcher.lingcheng',
      'dispatcher.xinhu',
      'leader.shentou',
      'dept.shentou',
    ]) {
      const c = await t.login(user);
      expect((await c.post(`/api/centers/${center}/rosters`, body)).statusCode, user).toBe(403);
    }
    expect((await t.anonymous().post(`/api/centers/${center}/rosters`, body)).statusCode).toBe(401);
    const roster = (await dispatcher.post(`/api/centers/${center}/rosters`, body)).json().id as string;
    for (const user of ['clerk.shentou', 'dispatcher.xinhu', 'auditor']) {
      const c = await t.login(user);
      const res = await put(c, `/api/rosters/${roster}/overrides/2026-03-20`, { unitIds: [] });
      expect(res.statusCode, user).toBe(403);
    }
    const unknown = '01900000-0000-7000-8000-000000000000';
    expect(
      (await put(dispatcher, `/api/rosters/${unknown}/overrides/2026-03-20`, { unitIds: [] })).statusCode,
    ).toBe(404);
  });

  it('shows the board within scope only', async () => {
    for (const user of ['leader.lingcheng', 'supervisor.dezhou', 'dept.shentou']) {
      expect((await (await t.login(user)).get(`/api/centers/${center}/on-duty`)).statusCode, user).toBe(200);
    }
    for (const user of ['clerk.xinhu', 'grid.shentou', 'auditor', 'secadmin']) {
      expect((await (await t.login(user)).get(`/api/centers/${center}/on-duty`)).statusCode, user).toBe(403);
    }
    expect((await t.anonymous().get(`/api/centers/${center}/on-duty`)).statusCode).toBe(401);
    expect((await clerk.get(`/api/centers/${hrss}/on-duty`)).statusCode).toBe(404);
  });

  it('refuses bad rosters and dates with a readable message and writes nothing', async () => {
    await expectRefused(t, (h) => clerk.get(`/api/centers/${center}/on-duty?date=2026-02-30`, h), {
      status: 400,
      code: 'stationing.bad_date',
      en: /YYYY-MM-DD/,
    });
    const url = `/api/centers/${center}/rosters`;
    const good = { name: '轮驻', kind: 'cycle', anchorDay: '2026-03-16', slots: [[housing]] };
    await expectRefused(t, (h) => dispatcher.post(url, { ...good, kind: 'weekly' }, h), {
      status: 400,
      code: 'stationing.roster_weekly_needs_7',
      en: /7 slots/,
    });
    await expectRefused(t, (h) => dispatcher.post(url, { ...good, slots: [[housing], []] }, h), {
      status: 400,
      code: 'stationing.roster_empty_slot',
    });
    await expectRefused(t, (h) => dispatcher.post(url, { ...good, anchorDay: '2026-13-01' }, h), {
      status: 400,
      code: 'stationing.roster_bad_day',
    });
    // a department of another county cannot take turns here
    const other = await t.unitId('371402-housing');
    await expectRefused(t, (h) => dispatcher.post(url, { ...good, slots: [[other]] }, h), {
      status: 422,
      code: 'stationing.unknown_department',
      zh: /不是可进驻本中心的部门/,
    });
    await expectRefused(t, (h) => dispatcher.post(url, { ...good, kind: 'monthly' }, h), { status: 400 });
  });
});

describe('on-call departments (随叫随驻)', () => {
  // moving the clock by hours ends idle sessions: log in again before each test
  beforeEach(async () => {
    sysadmin = await t.login('sysadmin');
    dispatcher = await t.login('dispatcher.shentou');
    clerk = await t.login('clerk.shentou');
  });
  const contactUrl = () => `/api/centers/${center}/on-call/${hrss}`;
  const callsUrl = () => `/api/centers/${center}/on-call-calls`;

  it('records an accountability record when the called department does not answer in time', async () => {
    const set = await put(sysadmin, contactUrl(), {
      contactName: '值班室',
      phone: '13812345678',
      responseMinutes: 30,
    });
    expect(set.statusCode, set.body).toBe(204);
    const b = await board(clerk);
    expect(b.onCall).toEqual([
      expect.objectContaining({ unitId: hrss, phoneMasked: '138****5678', responseMinutes: 30 }),
    ]);
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'config.on_call_contact')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.detail)).not.toContain('13812345678');

    // Sunday 09:30 CST: the 30 working minutes start Monday 00:00
    const call = await clerk.post(callsUrl(), { unitId: hrss, note: '来访群众咨询工伤认定' });
    expect(call.statusCode, call.body).toBe(201);
    expect(call.json().dueAt).toBe('2026-03-15T16:30:00.000Z');
    expect(await sweepMissedOnCallCalls(t.deps)).toEqual({ missed: 0 });

    t.advance(16 * 3600_000); // Monday 01:30 CST
    expect(await sweepMissedOnCallCalls(t.deps)).toEqual({ missed: 1 });
    expect(await sweepMissedOnCallCalls(t.deps)).toEqual({ missed: 0 });
    clerk = await t.login('clerk.shentou');
    const records = await t.db.kysely
      .selectFrom('accountability_records')
      .selectAll()
      .where('kind', '=', 'missed_on_call')
      .execute();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      unit_id: hrss,
      source_type: 'on_call_call',
      source_id: call.json().id,
    });
    const calls = await clerk.get(callsUrl());
    expect(calls.json()[0]).toMatchObject({ id: call.json().id, status: 'missed' });

    // a late answer is still recorded, as late
    const dept = await t.login('dept.lingcheng');
    const ack = await dept.post(`/api/on-call-calls/${call.json().id}/acknowledge`);
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toEqual({ status: 'acknowledged', onTime: false });
  });

  it('lets the department answer in time, and then nothing is recorded', async () => {
    const dept = await t.login('dept.lingcheng');
    const call = await clerk.post(callsUrl(), { unitId: hrss });
    expect(call.statusCode, call.body).toBe(201);
    t.advance(10 * 60_000);
    const ack = await dept.post(`/api/on-call-calls/${call.json().id}/acknowledge`);
    expect(ack.json()).toEqual({ status: 'acknowledged', onTime: true });
    const arrived = await dept.post(`/api/on-call-calls/${call.json().id}/arrive`);
    expect(arrived.json()).toEqual({ status: 'arrived', onTime: true });
    await expectRefused(
      t,
      (h) =>
        dept.request({ method: 'POST', url: `/api/on-call-calls/${call.json().id}/acknowledge`, headers: h }),
      {
        status: 409,
        code: 'stationing.call_closed',
      },
    );
    t.advance(3600_000);
    expect(await sweepMissedOnCallCalls(t.deps)).toEqual({ missed: 0 });
  });

  it('links a call to a case of the center, and the missed call’s record to that case', async () => {
    const registered = await clerk.post('/api/cases', buildRegistration());
    expect(registered.statusCode, registered.body).toBe(201);
    const caseId = registered.json().id as string;
    const call = await clerk.post(callsUrl(), { unitId: hrss, caseId });
    expect(call.statusCode, call.body).toBe(201);
    t.advance(24 * 3600_000);
    expect(await sweepMissedOnCallCalls(t.deps)).toEqual({ missed: 1 });
    const record = await t.db.kysely
      .selectFrom('accountability_records')
      .select(['case_id', 'unit_id'])
      .where('source_id', '=', call.json().id)
      .executeTakeFirstOrThrow();
    expect(record).toEqual({ case_id: caseId, unit_id: hrss });
  });

  it('lets only the center’s window call and only the called department answer', async () => {
    for (const user of ['dept.lingcheng', 'leader.shentou', 'clerk.xinhu', 'sysadmin']) {
      const c = await t.login(user);
      expect((await c.post(callsUrl(), { unitId: hrss })).statusCode, user).toBe(403);
    }
    const call = await dispatcher.post(callsUrl(), { unitId: hrss });
    expect(call.statusCode).toBe(201);
    for (const user of ['dept.shentou', 'clerk.shentou', 'dispatcher.shentou']) {
      const c = await t.login(user);
      expect((await c.post(`/api/on-call-calls/${call.json().id}/acknowledge`)).statusCode, user).toBe(403);
    }
    expect((await t.anonymous().post(callsUrl(), { unitId: hrss })).statusCode).toBe(401);
    for (const user of ['clerk.shentou', 'dispatcher.lingcheng']) {
      const c = await t.login(user);
      expect(
        (await put(c, contactUrl(), { contactName: 'x', phone: '13812345678', responseMinutes: 5 }))
          .statusCode,
      ).toBe(403);
    }
  });

  it('refuses bad contacts and calls with a readable message and writes nothing', async () => {
    await expectRefused(
      t,
      (h) => put(dispatcher, contactUrl(), { contactName: '值班室', phone: '12345', responseMinutes: 30 }, h),
      { status: 400, code: 'stationing.bad_phone', zh: /联系电话不正确/ },
    );
    await expectRefused(
      t,
      (h) =>
        put(dispatcher, contactUrl(), { contactName: '值班室', phone: '13812345678', responseMinutes: 0 }, h),
      { status: 400 },
    );
    await expectRefused(t, (h) => clerk.post(callsUrl(), { unitId: housing }, h), {
      status: 422,
      code: 'stationing.no_on_call_contact',
      en: /no on-call contact/,
    });
    await expectRefused(
      t,
      (h) => clerk.post(callsUrl(), { unitId: hrss, caseId: '01900000-0000-7000-8000-000000000000' }, h),
      { status: 422, code: 'stationing.unknown_case' },
    );
  });
});
