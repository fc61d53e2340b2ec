// Grid reports (上报事件): a dispute becomes a case in the township's inbox (same transaction); the
// other types run reported → assigned → concluded within their time limit, with a light. Then the
// console figures, checked against what was inserted.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../../core/time/china-time.js';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';

let t: TestApp;
let grid: string;
let village: string;
let units: { justice: string; police: string; committee: string; otherJustice: string };

const HOUR = 3600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  t = await createTestApp();
  grid = (
    await t.db.kysely
      .selectFrom('users')
      .select('scope_code')
      .where('username', '=', 'grid.shentou')
      .executeTakeFirstOrThrow()
  ).scope_code;
  village = grid.slice(0, 12);
  units = {
    justice: await t.unitId('371403105-justice'),
    police: await t.unitId('371403105-police'),
    committee: await t.unitId(`${village}-committee`),
    otherJustice: await t.unitId('371402001-justice'),
  };
});
afterAll(async () => t?.close());
beforeEach(async () => {
  // as the owner: the app role may only append to grid_report_events (a report's timeline)
  await t.db.asOwner((owner) => owner.kysely.deleteFrom('grid_report_events').execute());
  for (const table of ['grid_reports', 'grid_work_items', 'grid_plans', 'idempotency_keys'] as const) {
    await t.db.kysely.deleteFrom(table).execute();
  }
});

const as = (username: string) => t.login(username);

function report(overrides: Record<string, unknown> = {}) {
  return {
    clientKey: randomUUID(),
    type: 'fire',
    place: '村东头废品收购站',
    description: '废品站堆放大量纸板，紧邻电线，存在火灾隐患',
    position: { lat: 37.4, lng: 116.6 },
    ...overrides,
  };
}

const dispute = (overrides: Record<string, unknown> = {}) =>
  report({
    type: 'dispute',
    categoryCode: 'neighbor',
    description: '两户因宅基地边界的院墙发生争执',
    parties: [
      { role: 'applicant', name: '王大山', phone: '13912345678' },
      { role: 'respondent', name: '李二河' },
    ],
    ...overrides,
  });

async function create(c: Client, body: Record<string, unknown>) {
  const res = await c.post('/api/grid/reports', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; caseId: string | null; caseNo: string | null; deadline: string | null };
}

describe('reporting', () => {
  it('a hazard gets its time limit in working days and a timeline', async () => {
    const worker = await as('grid.shentou');
    const res = await worker.post('/api/grid/reports', report());
    expect(res.statusCode, res.body).toBe(201);
    // T0 is Sunday 15 March 2026: one working day is the end of Monday
    expect(res.json()).toMatchObject({
      type: 'fire',
      status: 'reported',
      regionCode: grid,
      place: '村东头废****',
      deadline: '2026-03-16T16:00:00.000Z',
      light: 'green',
      caseId: null,
      position: { lat: 37.4, lng: 116.6 },
      events: [{ seq: 1, action: 'report', actorName: expect.any(String) }],
    });
    const env = await create(worker, report({ type: 'environment' }));
    expect(env.deadline).toBe('2026-03-18T16:00:00.000Z');
    // resolved on the spot: concluded at once, in time
    const onSite = await worker.post('/api/grid/reports', report({ type: 'traffic', resolvedOnSite: true }));
    expect(onSite.json()).toMatchObject({ status: 'concluded', resolvedOnSite: true, light: 'green' });
  });

  it('a dispute becomes a case at the village, in the township dispatcher’s inbox', async () => {
    const worker = await as('grid.shentou');
    const body = dispute();
    const r = await create(worker, body);
    expect(r.caseId).toEqual(expect.any(String));
    expect(r.caseNo).toMatch(/^371403105-20260315-\d{4}$/);
    expect(r.deadline).toBeNull();

    const dispatcher = await as('dispatcher.shentou');
    const inbox = await dispatcher.get('/api/cases?limit=100');
    expect(inbox.json().items.map((i: { id: string }) => i.id)).toContain(r.caseId);
    const c = (await dispatcher.get(`/api/cases/${r.caseId}`)).json();
    expect(c).toMatchObject({
      channel: 'grid',
      regionCode: grid,
      handlingLevel: 'village',
      ownerUnitId: units.committee,
      categoryCode: 'neighbor',
    });
    expect(c.parties.map((p: { name: string; phone: string | null }) => [p.name, p.phone])).toEqual([
      ['王大山', '139****5678'],
      ['李二河', null],
    ]);
    // the report shows the case's state; retrying the submission creates neither a second report nor case
    const again = await worker.post('/api/grid/reports', body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: r.id, caseId: r.caseId, caseState: c.state });
    expect(await t.db.kysely.selectFrom('grid_reports').selectAll().execute()).toHaveLength(1);
    const cases = await t.db.kysely.selectFrom('cases').select('id').where('id', '=', r.caseId!).execute();
    expect(cases).toHaveLength(1);

    // a security member's dispute comes from a patrol
    const s = await create(await as('security.shentou'), dispute());
    const sc = (await dispatcher.get(`/api/cases/${s.caseId}`)).json();
    expect(sc.channel).toBe('patrol');
  });

  it('refuses bad reports, writing nothing (not even half a case)', async () => {
    const worker = await as('grid.shentou');
    const post = (b: unknown) => (h: Record<string, string>) => worker.post('/api/grid/reports', b, h);
    await expectRefused(
      t,
      post(dispute({ parties: [{ role: 'applicant', name: '王大山', phone: '12345' }] })),
      {
        status: 422,
        code: 'case.bad_phone',
      },
    );
    await expectRefused(t, post(dispute({ parties: [{ role: 'respondent', name: '李二河' }] })), {
      status: 422,
      code: 'case.no_applicant',
    });
    await expectRefused(t, post(dispute({ parties: undefined })), {
      status: 422,
      code: 'grid.dispute_needs_parties',
    });
    await expectRefused(t, post(dispute({ resolvedOnSite: true })), {
      status: 422,
      code: 'grid.dispute_on_site',
    });
    await expectRefused(t, post(dispute({ categoryCode: 'nope' })), {
      status: 422,
      code: 'case.unknown_category',
    });
    await expectRefused(t, post(report({ parties: [{ role: 'applicant', name: '王' }] })), {
      status: 422,
      code: 'grid.dispute_only_fields',
    });
    await expectRefused(t, post(report({ type: 'flood' })), { status: 400, en: /type/ });
    await expectRefused(t, post(report({ description: '' })), { status: 400, en: /description/ });
    await expectRefused(t, post(report({ regionCode: '371402001021001' })), {
      status: 403,
      code: 'grid.out_of_scope',
    });
    await expectRefused(t, post(report({ photoIds: [randomUUID()] })), {
      status: 422,
      code: 'grid.unknown_photo',
    });
    for (const who of ['dispatcher.shentou', 'dept.shentou', 'leader.shentou', 'sysadmin', 'auditor']) {
      expect(
        (await (await as(who)).post('/api/grid/reports', report({ regionCode: grid }))).statusCode,
        who,
      ).toBe(403);
    }
    expect((await (await t.resident('13800000002')).post('/api/grid/reports', report())).statusCode).toBe(
      403,
    );
    expect((await t.anonymous().post('/api/grid/reports', report())).statusCode).toBe(401);
  });
});

describe('the report loop', () => {
  it('assign → conclude by the unit, in time: green; late: red and overdue', async () => {
    const worker = await as('grid.shentou');
    const fire = await create(worker, report());
    const late = await create(worker, report({ type: 'workplace_safety' }));
    const dispatcher = await as('dispatcher.shentou');
    const assigned = await dispatcher.post(`/api/grid/reports/${fire.id}/assign`, {
      unitId: units.justice,
      note: '请司法所会同消防专干处理',
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({
      status: 'assigned',
      unitId: units.justice,
      unitName: expect.any(String),
    });
    await dispatcher.post(`/api/grid/reports/${late.id}/assign`, { unitId: units.justice });

    // the unit sees what is assigned to it, and only that
    const dept = await as('dept.shentou');
    const listed = await dept.get('/api/grid/reports');
    expect(
      listed
        .json()
        .items.map((i: { id: string }) => i.id)
        .sort(),
    ).toEqual([fire.id, late.id].sort());
    t.advance(5 * HOUR);
    const done = await (
      await as('dept.shentou')
    ).post(`/api/grid/reports/${fire.id}/conclude`, {
      result: '已清理纸板，与电线保持安全距离',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'concluded',
      light: 'green',
      result: '已清理纸板，与电线保持安全距离',
    });
    expect(done.json().events.map((e: { action: string }) => e.action)).toEqual([
      'report',
      'assign',
      'conclude',
    ]);
    expect(done.json().events[1]).toMatchObject({ unitId: units.justice, note: '请司法所会同消防专干处理' });

    // two working days pass: the other is overdue (red), and the worker sees it so
    t.advance(3 * DAY);
    const mine = await (await as('grid.shentou')).get('/api/grid/reports?mine=true');
    const byId = new Map(mine.json().items.map((i: { id: string }) => [i.id, i]));
    expect(byId.get(fire.id)).toMatchObject({ status: 'concluded', light: 'green' });
    expect(byId.get(late.id)).toMatchObject({ status: 'assigned', light: 'red' });
    const overdue = await (await as('dispatcher.shentou')).get('/api/grid/reports?overdue=true');
    expect(overdue.json().items.map((i: { id: string }) => i.id)).toEqual([late.id]);
    const concluded = await (
      await as('dispatcher.shentou')
    ).get('/api/grid/reports?status=concluded&type=fire');
    expect(concluded.json().items.map((i: { id: string }) => i.id)).toEqual([fire.id]);
  });

  it('who may assign and conclude, and what each step refuses', async () => {
    const worker = await as('grid.shentou');
    const fire = await create(worker, report());
    const d = await create(worker, dispute());
    const dispatcher = await as('dispatcher.shentou');
    const assign = (c: Client, id: string, body: unknown) => (h: Record<string, string>) =>
      c.post(`/api/grid/reports/${id}/assign`, body, h);
    const conclude = (c: Client, id: string, body: unknown) => (h: Record<string, string>) =>
      c.post(`/api/grid/reports/${id}/conclude`, body, h);

    // not the unit's yet: invisible to the department; the worker and clerk may not act
    await expectRefused(t, conclude(await as('dept.shentou'), fire.id, { result: '已处理' }), {
      status: 404,
    });
    await expectRefused(t, assign(worker, fire.id, { unitId: units.justice }), { status: 403 });
    await expectRefused(t, assign(await as('clerk.shentou'), fire.id, { unitId: units.justice }), {
      status: 403,
    });
    await expectRefused(t, assign(await as('dispatcher.xinhu'), fire.id, { unitId: units.justice }), {
      status: 404,
    });
    await expectRefused(t, assign(dispatcher, fire.id, { unitId: units.otherJustice }), {
      status: 422,
      code: 'grid.unit_not_for_place',
    });
    await expectRefused(t, assign(dispatcher, fire.id, { unitId: randomUUID() }), {
      status: 422,
      code: 'grid.unknown_unit',
    });
    await expectRefused(t, assign(dispatcher, fire.id, { unitId: 'x' }), { status: 400 });
    await expectRefused(t, assign(dispatcher, d.id, { unitId: units.justice }), {
      status: 422,
      code: 'grid.dispute_is_a_case',
    });
    await expectRefused(t, conclude(dispatcher, fire.id, { result: '' }), { status: 400, en: /result/ });
    for (const who of ['sysadmin', 'auditor']) {
      expect((await (await as(who)).get(`/api/grid/reports/${fire.id}`)).statusCode, who).toBe(403);
    }
    expect((await (await t.resident('13800000003')).get('/api/grid/reports')).statusCode).toBe(403);

    // the village committee, once assigned, concludes; the dispatcher may conclude what needs no unit
    const traffic = await create(worker, report({ type: 'traffic' }));
    expect((await assign(dispatcher, traffic.id, { unitId: units.committee })({})).statusCode).toBe(200);
    const byCommittee = await conclude(worker, traffic.id, { result: '已设置警示牌' })({});
    expect(byCommittee.statusCode, byCommittee.body).toBe(200);
    const direct = await conclude(dispatcher, fire.id, { result: '电话督促业主清理' })({});
    expect(direct.json()).toMatchObject({ status: 'concluded' });
    await expectRefused(t, conclude(dispatcher, fire.id, { result: '再次' }), {
      status: 409,
      code: 'grid.report_concluded',
    });
    await expectRefused(t, assign(dispatcher, fire.id, { unitId: units.justice }), {
      status: 409,
      code: 'grid.report_concluded',
    });
  });

  it('lists within visibility with keyset paging', async () => {
    const worker = await as('grid.shentou');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await create(worker, report())).id);
      t.advance(60_000);
    }
    await create(await as('grid.xinhu'), report());
    const dispatcher = await as('dispatcher.shentou');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await dispatcher.get(`/api/grid/reports?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().items.map((i: { id: string }) => i.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    expect((await (await as('leader.dezhou')).get('/api/grid/reports?limit=100')).json().items).toHaveLength(
      6,
    );
    expect((await (await as('dept.shentou')).get('/api/grid/reports')).json().items).toEqual([]);
    expect((await (await as('dispatcher.xinhu')).get(`/api/grid/reports/${ids[0]}`)).statusCode).toBe(404);
  });
});

describe('console statistics', () => {
  it('figures per child region match the inserted data', async () => {
    const start = t.deps.clock();
    const worker = await as('grid.shentou');
    const security = await as('security.shentou');
    const item = (kind: string, hoursAgo: number) => ({
      clientKey: randomUUID(),
      kind,
      occurredAt: new Date(t.deps.clock().getTime() - hoursAgo * HOUR).toISOString(),
      note: '记录',
    });
    for (const [c, kind, h] of [
      [worker, 'visit', 1],
      [worker, 'visit', 30],
      [worker, 'collection', 2],
      [security, 'patrol', 3],
      [security, 'visit', 24 * 20], // 20 days ago: outside a 7-day period
    ] as const) {
      expect((await c.post('/api/grid/work-items', item(kind, h))).statusCode).toBe(201);
    }
    await (await as('grid.xinhu')).post('/api/grid/work-items', item('visit', 1));
    const fire = await create(worker, report());
    const env = await create(worker, report({ type: 'environment' }));
    await create(worker, dispute());
    const dispatcher = await as('dispatcher.shentou');
    await dispatcher.post(`/api/grid/reports/${fire.id}/assign`, { unitId: units.justice });
    await (await as('dept.shentou')).post(`/api/grid/reports/${fire.id}/conclude`, { result: '已处理' });
    await dispatcher.post(`/api/grid/reports/${env.id}/assign`, { unitId: units.police });
    t.advance(7 * DAY); // env (three working days) is overdue now

    const c = await as('dispatcher.shentou');
    // earlier tests moved the clock: the period is a week before the data to five days after
    const day = (offset: number) => shanghaiDate(new Date(start.getTime() + offset * DAY));
    const from = day(-7);
    const to = day(6);
    const res = await c.get(`/api/grid/stats?from=${from}&to=${to}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.region.code).toBe('371403105');
    const row = body.rows.find((r: { regionCode: string }) => r.regionCode === village);
    expect(row).toMatchObject({
      workers: 2,
      workItems: { visit: 2, patrol: 1, outreach: 0, collection: 1 },
      reports: { total: 3, concluded: 1, concludedInTime: 1, open: 2, overdue: 1 },
      conclusionRate: 0.3333,
      inTimeRate: 1,
    });
    expect(body.totals).toMatchObject({ workItems: { visit: 2, patrol: 1, outreach: 0, collection: 1 } });
    expect(body.totals.reports.total).toBe(3);
    const others = body.rows.filter((r: { regionCode: string }) => r.regionCode !== village);
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((r: { reports: { total: number } }) => r.reports.total === 0)).toBe(true);

    // drill down: the county's row of this township carries the same figures; the grid is its own row
    const county = (await (await as('leader.lingcheng')).get(`/api/grid/stats?from=${from}&to=${to}`)).json();
    expect(county.rows.find((r: { regionCode: string }) => r.regionCode === '371403105')).toMatchObject({
      workItems: row.workItems,
      reports: row.reports,
    });
    const gridRow = (await c.get(`/api/grid/stats?region=${grid}&from=${from}&to=${to}`)).json();
    expect(gridRow.rows).toHaveLength(1);
    expect(gridRow.rows[0]).toMatchObject({ regionCode: grid, workItems: row.workItems });
    // the default period (the last 30 days) includes the item of 20 days ago
    const month = (await c.get(`/api/grid/stats?region=${village}`)).json();
    expect(month.rows[0].workItems.visit).toBe(3);

    const coverage = await c.get(`/api/grid/coverage?region=${village}&from=${from}&to=${to}`);
    expect(coverage.statusCode, coverage.body).toBe(200);
    const gridCov = coverage.json().rows.find((r: { regionCode: string }) => r.regionCode === grid);
    expect(gridCov).toMatchObject({
      grids: 1,
      gridsWithWorker: 1,
      gridsWithoutWorker: 0,
      workers: 2,
      visits: 2,
    });
    expect(coverage.json().totals.grids).toBe(coverage.json().rows.length);
    // households come from base information: two homes and a shop in the grid → 2 visits / 2 homes
    const collector = await as('grid.shentou');
    for (const [address, use] of [
      ['神头镇东街 1 号', 'residential'],
      ['神头镇东街 2 号', 'mixed'],
      ['神头镇东街 3 号', 'commercial'],
    ]) {
      const house = await collector.post('/api/base/houses', { address, use });
      expect(house.statusCode, house.body).toBe(201);
    }
    const withHomes = (await c.get(`/api/grid/coverage?region=${village}&from=${from}&to=${to}`)).json();
    expect(withHomes.rows.find((r: { regionCode: string }) => r.regionCode === grid)).toMatchObject({
      households: 2,
      visitsPerHousehold: 1,
    });
    expect(withHomes.totals.households).toBe(2);

    const workerId = (
      await t.db.kysely
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'grid.shentou')
        .executeTakeFirstOrThrow()
    ).id;
    const activity = await c.get(`/api/grid/workers/${workerId}/activity?from=${from}&to=${to}`);
    expect(activity.statusCode, activity.body).toBe(200);
    expect(activity.json().worker).toMatchObject({ id: workerId, regionCode: grid });
    expect(activity.json().days).toEqual([
      {
        day: shanghaiDate(new Date(start.getTime() - 30 * HOUR)),
        visit: 1,
        patrol: 0,
        outreach: 0,
        collection: 0,
        reports: 0,
      },
      { day: day(0), visit: 1, patrol: 0, outreach: 0, collection: 1, reports: 3 },
    ]);
    expect(activity.json().items).toHaveLength(3);
    expect(activity.json().reports).toHaveLength(3);
    expect((await (await as('grid.shentou')).get(`/api/grid/workers/${workerId}/activity`)).statusCode).toBe(
      200,
    );
    expect(
      (await (await as('security.shentou')).get(`/api/grid/workers/${workerId}/activity`)).statusCode,
    ).toBe(404);
    expect(
      (await (await as('dispatcher.xinhu')).get(`/api/grid/workers/${workerId}/activity`)).statusCode,
    ).toBe(404);
  });

  it('is for region staff within their scope, with a sensible period', async () => {
    const c = await as('dispatcher.shentou');
    for (const url of ['/api/grid/stats', '/api/grid/coverage']) {
      for (const who of [
        'grid.shentou',
        'security.shentou',
        'dept.shentou',
        'mediator.shentou',
        'sysadmin',
        'auditor',
      ]) {
        expect((await (await as(who)).get(url)).statusCode, `${who} ${url}`).toBe(403);
      }
      await expectRefused(t, (h) => c.get(`${url}?region=371402`, h), {
        status: 403,
        code: 'grid.out_of_scope',
      });
      await expectRefused(t, (h) => c.get(`${url}?from=2026-03-10&to=2026-03-01`, h), {
        status: 400,
        code: 'grid.bad_period',
      });
      await expectRefused(t, (h) => c.get(`${url}?from=2024-01-01&to=2026-03-01`, h), {
        status: 400,
        code: 'grid.period_too_long',
      });
      await expectRefused(t, (h) => c.get(`${url}?from=yesterday`, h), { status: 400, en: /from/ });
      expect((await t.anonymous().get(url)).statusCode).toBe(401);
    }
    expect((await (await as('supervisor.dezhou')).get('/api/grid/stats')).json().rows.length).toBeGreaterThan(
      5,
    );
  });
});
