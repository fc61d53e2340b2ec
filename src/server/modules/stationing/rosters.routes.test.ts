// The stationing pages' routes: the departments serving a center and how (常驻 / 轮驻 / 随叫随驻),
// its rosters, a roster's schedule over days (the editor's calendar) and its edit; who may, and
// bad input (4xx in both languages, nothing written).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';

let t: TestApp;
let center: string;
let housing: string;
let health: string;
let market: string;
let rosterId: string;

beforeAll(async () => {
  t = await createTestApp();
  center = await t.unitId('371403105-center');
  housing = await t.unitId('371403-housing');
  health = await t.unitId('371403-health');
  market = await t.unitId('371403-market-regulation');
  const dispatcher = await t.login('dispatcher.shentou');
  const created = await dispatcher.post(`/api/centers/${center}/rosters`, {
    name: '县直部门轮驻',
    kind: 'cycle',
    anchorDay: '2026-03-16',
    slots: [[housing], [health]],
  });
  expect(created.statusCode, created.body).toBe(201);
  rosterId = created.json().id;
});
afterAll(async () => t?.close());

const put = (c: Client, url: string, payload: unknown, headers: Record<string, string> = {}) =>
  c.request({ method: 'PUT', url, payload: payload as object, headers });

describe('the departments serving a center', () => {
  it('lists its own stationed departments and the county bureaus, each with how it is stationed', async () => {
    const procuratorateId = await t.unitId('371403-procuratorate');
    const dispatcher = await t.login('dispatcher.shentou');
    const contact = await put(dispatcher, `/api/centers/${center}/on-call/${procuratorateId}`, {
      contactName: '检察院值班室',
      phone: '13905340105',
      responseMinutes: 120,
    });
    expect(contact.statusCode, contact.body).toBe(204);
    const clerk = await t.login('clerk.shentou');
    const res = await clerk.get(`/api/centers/${center}/departments`);
    expect(res.statusCode, res.body).toBe(200);
    const items: {
      unitId: string;
      name: string;
      stationing: string;
      own: boolean;
      onCall: unknown;
      rosters: string[];
    }[] = res.json().items;
    const policeId = await t.unitId('371403105-police');
    const police = items.find((i) => i.unitId === policeId)!;
    expect(police).toMatchObject({ stationing: 'permanent', own: true });
    expect(items.find((i) => i.unitId === housing)).toMatchObject({
      stationing: 'rotation',
      own: false,
      rosters: expect.arrayContaining(['县直部门轮驻']),
    });
    // the on-call procuratorate with its contact, masked
    const procuratorate = items.find((i) => i.unitId === procuratorateId)!;
    expect(procuratorate.stationing).toBe('on_call');
    expect(procuratorate.onCall).toEqual({
      contactName: '检察院值班室',
      phoneMasked: '139****0105',
      responseMinutes: 120,
    });
    // the township's own first, then the county's
    expect(items[0]!.own).toBe(true);
    // not another county's
    expect(items.some((i) => i.name.startsWith('齐河县'))).toBe(false);
  });
});

describe('the roster editor', () => {
  it('shows who is on duty each day of a range, and an override on its day', async () => {
    const dispatcher = await t.login('dispatcher.shentou');
    const rosters = (await dispatcher.get(`/api/centers/${center}/rosters`)).json().items;
    const mine = rosters.find((r: { id: string }) => r.id === rosterId);
    expect(mine.slots.map((s: { unitId: string }[]) => s.map((u) => u.unitId))).toEqual([
      [housing],
      [health],
    ]);
    expect(mine.slots[0][0].name).toBe('陵城区住房和城乡建设局');

    await put(dispatcher, `/api/rosters/${rosterId}/overrides/2026-03-18`, { unitIds: [market] });
    const res = await dispatcher.get(`/api/rosters/${rosterId}/schedule?from=2026-03-16&days=7`);
    expect(res.statusCode, res.body).toBe(200);
    const days = res
      .json()
      .days.map(
        (d: { date: string; workingDay: boolean; overridden: boolean; units: { unitId: string }[] }) => [
          d.date,
          d.workingDay,
          d.overridden,
          d.units.map((u) => u.unitId),
        ],
      );
    expect(days).toEqual([
      ['2026-03-16', true, false, [housing]],
      ['2026-03-17', true, false, [health]],
      ['2026-03-18', true, true, [market]],
      ['2026-03-19', true, false, [health]],
      ['2026-03-20', true, false, [housing]],
      ['2026-03-21', false, false, []],
      ['2026-03-22', false, false, []],
    ]);
  });

  it('changes the pattern, keeping overrides; an inactive roster leaves the board', async () => {
    const dispatcher = await t.login('dispatcher.shentou');
    const body = {
      name: '县直部门周排班',
      kind: 'weekly',
      anchorDay: '2026-03-16',
      slots: [[housing], [health], [market], [housing], [health], [], []],
      active: true,
    };
    const res = await put(dispatcher, `/api/rosters/${rosterId}`, body);
    expect(res.statusCode, res.body).toBe(204);
    const week = (await dispatcher.get(`/api/rosters/${rosterId}/schedule?from=2026-03-23&days=5`)).json();
    expect(week.name).toBe('县直部门周排班');
    expect(week.days.map((d: { units: { unitId: string }[] }) => d.units.map((u) => u.unitId))).toEqual([
      [housing],
      [health],
      [market],
      [housing],
      [health],
    ]);
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select('detail')
      .where('target_id', '=', rosterId)
      .where('action', '=', 'config.duty_roster')
      .execute();
    expect(audit.some((a) => (a.detail as { op?: string }).op === 'update')).toBe(true);

    expect((await put(dispatcher, `/api/rosters/${rosterId}`, { ...body, active: false })).statusCode).toBe(
      204,
    );
    const board = (await dispatcher.get(`/api/centers/${center}/on-duty?date=2026-03-23`)).json();
    expect(board.rotation.some((r: { rosterId: string }) => r.rosterId === rosterId)).toBe(false);
    expect((await put(dispatcher, `/api/rosters/${rosterId}`, { ...body, active: true })).statusCode).toBe(
      204,
    );
  });
});

describe('who may, and bad input', () => {
  it('reads within scope, edits as the center’s dispatcher or the system administrator only', async () => {
    const anon = t.anonymous();
    expect((await anon.get(`/api/centers/${center}/departments`)).statusCode).toBe(401);
    const qihe = await t.login('dispatcher.qihe');
    for (const url of [
      `/api/centers/${center}/departments`,
      `/api/centers/${center}/rosters`,
      `/api/rosters/${rosterId}/schedule?from=2026-03-16`,
    ]) {
      expect((await qihe.get(url)).statusCode, url).toBe(403);
    }
    const body = { name: 'x', kind: 'cycle', anchorDay: '2026-03-16', slots: [[housing]], active: true };
    const clerk = await t.login('clerk.shentou');
    await expectRefused(t, (h) => put(clerk, `/api/rosters/${rosterId}`, body, h), { status: 403 });
    const county = await t.login('dispatcher.lingcheng');
    await expectRefused(t, (h) => put(county, `/api/rosters/${rosterId}`, body, h), { status: 403 });
    await expectRefused(t, (h) => put(qihe, `/api/rosters/${rosterId}`, body, h), { status: 403 });
    await expectRefused(t, (h) => put(clerk, `/api/rosters/0195f000-0000-7000-8000-000000000001`, body, h), {
      status: 404,
    });
    const sysadmin = await t.login('sysadmin');
    expect((await sysadmin.get(`/api/centers/${center}/rosters`)).statusCode).toBe(200);
  });

  it('refuses bad rosters, days and ranges with a readable message and writes nothing', async () => {
    const dispatcher = await t.login('dispatcher.shentou');
    const base = { name: 'x', kind: 'cycle', anchorDay: '2026-03-16', slots: [[housing]], active: true };
    const url = `/api/rosters/${rosterId}`;
    await expectRefused(t, (h) => put(dispatcher, url, { ...base, kind: 'weekly' }, h), {
      status: 400,
      code: 'stationing.roster_weekly_needs_7',
    });
    await expectRefused(t, (h) => put(dispatcher, url, { ...base, slots: [[housing], []] }, h), {
      status: 400,
      code: 'stationing.roster_empty_slot',
    });
    await expectRefused(t, (h) => put(dispatcher, url, { ...base, anchorDay: '2026-02-30' }, h), {
      status: 400,
      code: 'stationing.roster_bad_day',
    });
    const foreign = await t.unitId('371425-housing');
    await expectRefused(t, (h) => put(dispatcher, url, { ...base, slots: [[foreign]] }, h), {
      status: 422,
      code: 'stationing.unknown_department',
    });
    await expectRefused(t, (h) => put(dispatcher, url, { ...base, active: undefined }, h), { status: 400 });
    await expectRefused(t, (h) => dispatcher.get(`/api/rosters/${rosterId}/schedule?from=2026-02-30`, h), {
      status: 400,
      code: 'stationing.bad_date',
    });
    await expectRefused(
      t,
      (h) => dispatcher.get(`/api/rosters/${rosterId}/schedule?from=2026-03-01&days=63`, h),
      {
        status: 400,
      },
    );
    await expectRefused(t, (h) => dispatcher.get(`/api/rosters/${rosterId}/schedule`, h), { status: 400 });
  });
});
