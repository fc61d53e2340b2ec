// The dashboards' API on a hand-made month (test-data.ts): every KPI formula with its numbers
// worked out by hand below, the trend, mix, drill-down and unit ranking, the case list behind each
// figure, who may read what, and refused input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';
import { buildApp } from '../../app.js';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { NOW, seedHandMade, type HandMade } from './test-data.js';

let t: TestApp;
let data: HandMade;
let supervisor: Client; // 陵城区 supervisor
let cityLeader: Client;
let dispatcher: Client; // 神头镇
let otherCounty: Client; // 德城区 dispatcher
const MARCH = 'from=2026-03-01&to=2026-03-31';

beforeAll(async () => {
  t = await createTestApp();
  data = await seedHandMade(t);
  supervisor = await t.login('supervisor.lingcheng');
  cityLeader = await t.login('leader.dezhou');
  dispatcher = await t.login('dispatcher.shentou');
  otherCounty = await t.login('dispatcher.decheng');
}, 300_000);
afterAll(async () => t?.close());

async function get(c: Client, url: string) {
  const res = await c.get(url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** The ids the case list gives for a query (all pages), and its `total`. */
async function listed(c: Client, query: string): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let total = -1;
  do {
    const body = await get(c, `/api/cases?count=true&limit=100&${query}${cursor ? `&cursor=${cursor}` : ''}`);
    ids.push(...body.items.map((i: { id: string }) => i.id));
    total = body.total;
    cursor = body.nextCursor;
  } while (cursor);
  return { ids: ids.sort(), total };
}
const idsOf = (...names: (keyof HandMade['ids'])[]) => names.map((n) => data.ids[n]).sort();

describe('the hand-made month holds what its figures assume', () => {
  it('B was concluded late, G, A and C on time; F is past its deadline at NOW; H has no clock', async () => {
    const conclusions = await t.db.kysely
      .selectFrom('case_conclusions')
      .select(['case_id', 'on_time'])
      .orderBy('seq')
      .execute();
    const onTime = (id: string) => conclusions.filter((c) => c.case_id === id).map((c) => c.on_time);
    expect(onTime(data.ids.G)).toEqual([true]);
    expect(onTime(data.ids.A)).toEqual([true]);
    expect(onTime(data.ids.B)).toEqual([false]);
    expect(onTime(data.ids.C)).toEqual([true, true]);
    const rows = await t.db.kysely.selectFrom('cases').select(['id', 'deadline_at']).execute();
    const deadline = (id: string) => rows.find((r) => r.id === id)!.deadline_at;
    expect(deadline(data.ids.F)!.getTime()).toBeLessThan(new Date(NOW).getTime());
    expect(deadline(data.ids.H)).toBeNull();
  });
});

describe('KPIs (GET /api/analytics/overview)', () => {
  it('陵城区 in March: every count and rate, worked out by hand', async () => {
    const body = await get(supervisor, `/api/analytics/overview?region=371403&${MARCH}`);
    expect(body.region).toMatchObject({ code: '371403', name: '陵城区', level: 'county' });
    expect(body.period).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    // received (排查): A B C D E F H (G was in February, I is in 德城区) = 7
    // concluded now in March: G (03-03) A (03-05) C (03-18, its 03-12 conclusion reopened) B (03-30) = 4
    // resolved: G A C (B's mediation failed) = 3; on time: G A C = 3; followed up: A B; satisfied: A, B (basically)
    expect(body.cases).toEqual({
      received: 7,
      resolved: 3,
      concluded: 4,
      concludedOnTime: 3,
      followedUp: 2,
      satisfied: 2,
      reopened: 1,
      withdrawn: 1,
      declined: 1,
      resolutionRate: 0.4286, // 化解率 3 ÷ 7
      conclusionRate: 0.5714, // 办结率 4 ÷ 7
      onTimeRate: 0.75, // 按期办结率 3 ÷ 4
      satisfactionRate: 1, // 满意率 2 ÷ 2
    });
    // open now: F (in progress) and H (registered); overdue: F
    expect(body.now).toEqual({ open: 2, overdue: 1, at: new Date(NOW).toISOString() });
    // grid reports received in March: fire (on the spot), traffic, environment, other = 4;
    // concluded in March: fire, traffic (both in time) = 2; open now: other (past 3 working days)
    expect(body.grid).toEqual({
      received: 4,
      concluded: 2,
      concludedOnTime: 2,
      conclusionRate: 0.5,
      onTimeRate: 1,
      open: 1,
      overdue: 1,
    });
  });

  it('a township, another month and the city add up differently', async () => {
    const shentou = await get(dispatcher, `/api/analytics/overview?${MARCH}`);
    expect(shentou.region.code).toBe('371403105'); // the dispatcher's own scope by default
    expect(shentou.cases).toMatchObject({ received: 6, concluded: 4, resolved: 3, conclusionRate: 0.6667 });
    expect(shentou.now).toMatchObject({ open: 1, overdue: 1 });
    const feb = await get(supervisor, '/api/analytics/overview?region=371403&from=2026-02-01&to=2026-02-28');
    expect(feb.cases).toMatchObject({ received: 1, concluded: 0, resolutionRate: 0, conclusionRate: 0 });
    expect(feb.cases.onTimeRate).toBeNull(); // nothing concluded: no rate rather than 0 %
    const city = await get(cityLeader, `/api/analytics/overview?${MARCH}`);
    expect(city.cases.received).toBe(8); // I in 德城区 too
    expect(city.now.open).toBe(3);
    // April: only the environment report's late conclusion
    const april = await get(
      supervisor,
      '/api/analytics/overview?region=371403&from=2026-04-01&to=2026-04-30',
    );
    expect(april.grid).toMatchObject({ received: 0, concluded: 1, concludedOnTime: 0, onTimeRate: 0 });
  });
});

describe('trend, mix, drill-down and units', () => {
  it('the trend by week (from Monday, the first week clipped to the period) and by day', async () => {
    const body = await get(supervisor, `/api/analytics/trend?region=371403&${MARCH}&granularity=week`);
    const points = body.points.map(
      (p: { from: string; to: string; cases: { received: number; concluded: number } }) => [
        p.from,
        p.to,
        p.cases.received,
        p.cases.concluded,
      ],
    );
    expect(points).toEqual([
      ['2026-03-01', '2026-03-01', 0, 0],
      ['2026-03-02', '2026-03-08', 3, 2], // A B H; G A
      ['2026-03-09', '2026-03-15', 2, 0], // C D; C's first conclusion was taken back
      ['2026-03-16', '2026-03-22', 1, 1], // E; C
      ['2026-03-23', '2026-03-29', 1, 0], // F
      ['2026-03-30', '2026-03-31', 0, 1], // B
    ]);
    const days = await get(supervisor, `/api/analytics/trend?region=371403&${MARCH}&granularity=day`);
    expect(days.points).toHaveLength(31);
    // A came in at 00:30 on 03-02 (16:30 UTC on 03-01): counted on 03-02
    expect(days.points[0].cases.received).toBe(0);
    expect(days.points[1].cases.received).toBe(1);
    const months = await get(
      supervisor,
      '/api/analytics/trend?region=371403&from=2026-02-15&to=2026-04-30&granularity=month',
    );
    expect(
      months.points.map((p: { from: string; cases: { received: number } }) => [p.from, p.cases.received]),
    ).toEqual([
      ['2026-02-15', 1],
      ['2026-03-01', 7],
      ['2026-04-01', 0],
    ]);
  });

  it('the mix by category and by channel, with the backlog of each', async () => {
    const body = await get(supervisor, `/api/analytics/mix?region=371403&${MARCH}`);
    const cat = Object.fromEntries(
      body.categories.map((c: { code: string; cases: { received: number }; now: { open: number } }) => [
        c.code,
        [c.cases.received, c.now.open],
      ]),
    );
    expect(cat).toEqual({ neighbor: [4, 0], labor: [2, 1], property: [1, 1] });
    const ch = Object.fromEntries(
      body.channels.map((c: { code: string; cases: { received: number } }) => [c.code, c.cases.received]),
    );
    expect(ch).toEqual({ window: 5, hotline: 1, petition: 1 });
  });

  it('drills down county → township → village → grid, with the region itself as its own row', async () => {
    const county = await get(supervisor, `/api/analytics/regions?region=371403&${MARCH}`);
    const row = (items: { code: string }[], code: string) =>
      items.find((i) => i.code === code) as never as {
        name: string;
        own: boolean;
        cases: { received: number; concluded: number; resolutionRate: number | null };
        now: { open: number; overdue: number };
        grid: { received: number; open: number };
      };
    expect(county.items.length).toBeGreaterThan(10); // every township, with or without cases
    expect(row(county.items, '371403105')).toMatchObject({
      name: '神头镇',
      cases: { received: 6, concluded: 4 },
    });
    expect(row(county.items, '371403001').cases.received).toBe(1);
    expect(row(county.items, '371403102').cases).toMatchObject({ received: 0, resolutionRate: null });
    const township = await get(supervisor, `/api/analytics/regions?region=371403105&${MARCH}`);
    expect(row(township.items, '371403105200')).toMatchObject({
      cases: { received: 4, concluded: 3 },
      now: { open: 1, overdue: 1 },
      grid: { received: 4, open: 1 },
    });
    expect(row(township.items, '371403105207').cases).toMatchObject({ received: 2, concluded: 1 });
    const village = await get(supervisor, `/api/analytics/regions?region=371403105200&${MARCH}`);
    // cases were registered at the village itself; the grid reports at its first grid
    expect(row(village.items, '371403105200')).toMatchObject({ own: true, cases: { received: 4 } });
    expect(row(village.items, '371403105200001')).toMatchObject({ own: false, grid: { received: 4 } });
    expect(village.region.path.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['德州市', '陵城区', '神头镇']),
    );
  });

  it('ranks units: received as first-contact unit, concluded as lead', async () => {
    const body = await get(supervisor, `/api/analytics/units?region=371403&${MARCH}`);
    const u = (id: string) => body.items.find((i: { unitId: string }) => i.unitId === id);
    expect(u(data.units.people).cases).toMatchObject({
      concluded: 3, // G A C
      concludedOnTime: 3,
      resolved: 3,
      followedUp: 1,
      satisfied: 1,
      reopened: 1,
    });
    expect(u(data.units.justice).cases).toMatchObject({
      concluded: 1,
      resolved: 0,
      followedUp: 1,
      satisfied: 1,
    });
    expect(u(data.units.justice).now).toEqual({ open: 1, overdue: 1 });
    expect(u(data.units.shentouCenter).cases).toMatchObject({ received: 6, concluded: 0, declined: 1 });
    expect(u(data.units.countyCenter).cases.received).toBe(1);
    expect(body.items[0].unitId).toBe(data.units.people); // most concluded first
  });
});

describe('every figure opens the cases behind it (GET /api/cases)', () => {
  it('lists exactly the cases each figure counts', async () => {
    const r = 'region=371403';
    const march = (p: string) => `${r}&${p}From=2026-03-01&${p}To=2026-03-31`;
    const cases: [string, string[]][] = [
      [march('received'), idsOf('A', 'B', 'C', 'D', 'E', 'F', 'H')],
      [march('concluded'), idsOf('A', 'B', 'C', 'G')],
      [`${march('concluded')}&resolved=true`, idsOf('A', 'C', 'G')],
      [`${march('concluded')}&onTime=true`, idsOf('A', 'C', 'G')],
      [`${march('concluded')}&onTime=false`, idsOf('B')],
      [`${march('concluded')}&followedUp=true`, idsOf('A', 'B')],
      [`${march('concluded')}&satisfied=true`, idsOf('A', 'B')],
      [`${march('event')}&event=reopen`, idsOf('C')],
      [`${march('event')}&event=withdraw`, idsOf('D')],
      [`${march('event')}&event=decline`, idsOf('E')],
      [`${r}&state=registered&state=assigned&state=in_progress`, idsOf('F', 'H')],
      [`${r}&overdue=true`, idsOf('F')],
      [`${march('concluded')}&unit=${data.units.people}&relation=lead`, idsOf('A', 'C', 'G')],
      [
        `${march('received')}&unit=${data.units.shentouCenter}&relation=owner`,
        idsOf('A', 'B', 'C', 'D', 'E', 'F'),
      ],
      [`${march('received')}&category=labor`, idsOf('B', 'F')],
      [`region=371403105207&${march('received').slice(r.length + 1)}`, idsOf('C', 'D')],
    ];
    for (const [query, expected] of cases) {
      const got = await listed(supervisor, query);
      expect(got.ids, query).toEqual(expected);
      expect(got.total, query).toBe(expected.length);
    }
  });

  it('matches the overview figure for figure', async () => {
    const o = (await get(supervisor, `/api/analytics/overview?region=371403&${MARCH}`)).cases;
    const total = async (q: string) => (await listed(supervisor, `region=371403&${q}`)).total;
    const c = 'concludedFrom=2026-03-01&concludedTo=2026-03-31';
    expect(await total('receivedFrom=2026-03-01&receivedTo=2026-03-31')).toBe(o.received);
    expect(await total(c)).toBe(o.concluded);
    expect(await total(`${c}&resolved=true`)).toBe(o.resolved);
    expect(await total(`${c}&onTime=true`)).toBe(o.concludedOnTime);
    expect(await total(`${c}&followedUp=true`)).toBe(o.followedUp);
    expect(await total(`${c}&satisfied=true`)).toBe(o.satisfied);
  });
});

describe('the grid figures and the call-backs beside 办结率', () => {
  it('open the grid reports behind them (GET /api/grid/reports with a period)', async () => {
    const o = (await get(supervisor, `/api/analytics/overview?region=371403&${MARCH}`)).grid;
    const reports = async (q: string, period = MARCH) =>
      (await get(supervisor, `/api/grid/reports?region=371403&limit=100&${period}&${q}`)).items as {
        type: string;
        status: string;
      }[];
    const received = await reports('figure=received');
    expect(received).toHaveLength(o.received);
    expect(received.every((r) => r.type !== 'dispute')).toBe(true);
    const concluded = await reports('figure=concluded');
    expect(concluded).toHaveLength(o.concluded);
    expect(concluded.every((r) => r.status === 'concluded')).toBe(true);
    // by the day reported: only the fire of 03-04 in the first five days; the environment report
    // of 03-10, concluded on 04-20, is in April's concluded figure
    expect(await reports('figure=received', 'from=2026-03-01&to=2026-03-05')).toHaveLength(1);
    expect(await reports('figure=concluded', 'from=2026-04-01&to=2026-04-30')).toHaveLength(1);
    await expectRefused(t, (h) => supervisor.get('/api/grid/reports?from=2026-03-31&to=2026-03-01', h), {
      status: 400,
    });
  });

  it('show the quality call-backs’ rates of the same region and period', async () => {
    const o = await get(supervisor, `/api/analytics/overview?region=371403105&${MARCH}`);
    const rates = await get(supervisor, `/api/quality-checks/rates?region=371403105&${MARCH}`);
    expect(o.quality).toEqual({
      sampled: rates.sampled,
      reached: rates.reached,
      satisfactionRate: rates.satisfactionRate,
      reopenRate: rates.reopenRate,
    });
  });
});

describe('figures shared for YIMEN_DASHBOARD_MAX_AGE_MS (a server with a one-minute age)', () => {
  it('answers everyone in scope the same figures within the age, and still refuses those out of scope', async () => {
    const shared = await buildApp({ ...t.deps, config: { ...t.deps.config, dashboardMaxAgeMs: 60_000 } });
    try {
      const ask = (c: Client, url: string) =>
        shared.inject({ method: 'GET', url, headers: { cookie: c.cookie } });
      const url = '/api/analytics/overview?region=371403&from=2026-04-01&to=2026-04-30';
      const before = await ask(supervisor, url);
      expect(before.statusCode, before.body).toBe(200);
      const received = before.json().cases.received;

      const clerk = await t.login('clerk.shentou');
      expect((await clerk.post('/api/cases', buildRegistration())).statusCode).toBe(201);

      // within the age: the same figures, for the supervisor and for the city's leader asking for 陵城区
      expect((await ask(supervisor, url)).body).toBe(before.body);
      expect((await ask(cityLeader, url)).body).toBe(before.body);
      // a server that shares nothing (the suite's) counts the new case at once
      expect((await get(supervisor, url)).cases.received).toBe(received + 1);
      // figures computed for 陵城区 are no reason to show them to 德城区's dispatcher
      const refused = await ask(otherCounty, url);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('analytics.region_out_of_scope');
      // another period is another key: computed anew, with the new case
      const withTheCase = await ask(
        supervisor,
        '/api/analytics/overview?region=371403&from=2026-04-02&to=2026-04-30',
      );
      expect(withTheCase.json().cases.received).toBeGreaterThanOrEqual(1);
      // the wall screen says how long its figures are shared, for its refresh after a live event
      expect((await ask(supervisor, '/api/analytics/screen?region=371403')).json().maxAgeMs).toBe(60_000);
    } finally {
      await shared.close();
    }
  });
});

describe('who may read which figures', () => {
  it('dashboard roles within their scope; others are refused in both languages', async () => {
    await expectRefused(t, (h) => otherCounty.get(`/api/analytics/overview?region=371403&${MARCH}`, h), {
      status: 403,
      code: 'analytics.region_out_of_scope',
      zh: /371403.*不在您的管辖范围/,
      en: /outside your scope/,
    });
    // a township dispatcher cannot look up to the county either
    await expectRefused(t, (h) => dispatcher.get('/api/analytics/regions?region=371403', h), {
      status: 403,
      code: 'analytics.region_out_of_scope',
    });
    const clerk = await t.login('clerk.shentou');
    const dept = await t.login('dept.shentou');
    for (const c of [clerk, dept]) {
      await expectRefused(t, (h) => c.get('/api/analytics/overview', h), {
        status: 403,
        code: 'analytics.forbidden',
        en: /dispatchers\), leaders and supervisors/,
      });
    }
    const resident = await t.resident('13812345678');
    expect((await resident.get('/api/analytics/screen')).statusCode).toBe(403);
    expect((await t.anonymous().get('/api/analytics/overview')).statusCode).toBe(401);
    // the wall screen answers its own scope to a dispatcher
    const screen = await get(dispatcher, '/api/analytics/screen');
    expect(screen.region.code).toBe('371403105');
    expect(screen.trend).toHaveLength(30);
    for (const c of screen.highRisk) {
      expect(['red', 'orange']).toContain(c.riskLevel);
      expect(['registered', 'assigned', 'in_progress']).toContain(c.state);
      expect(c.regionCode.startsWith('371403105')).toBe(true);
    }
    expect(screen.recent.map((c: { id: string }) => c.id)).not.toContain(data.ids.H); // another township
  });

  it('refuses bad regions, reversed, impossible and overlong periods with readable messages', async () => {
    const refuse = (url: string, status: number, en: RegExp, zh: RegExp) =>
      expectRefused(t, (h) => cityLeader.get(url, h), { status, en, zh });
    await refuse('/api/analytics/overview?region=37x4', 400, /region/, /region/);
    await refuse(
      '/api/analytics/overview?region=371499',
      422,
      /Unknown region code "371499"/,
      /未知的地区代码/,
    );
    await refuse(
      '/api/analytics/overview?from=2026-03-31&to=2026-03-01',
      400,
      /start date must not be after/,
      /开始日期不能晚于结束日期/,
    );
    await refuse(
      '/api/analytics/overview?from=2026-02-30',
      400,
      /"2026-02-30" is not a valid date/,
      /不是有效的日期/,
    );
    await refuse(
      '/api/analytics/mix?from=2020-01-01&to=2026-03-31',
      400,
      /at most 1098 days/,
      /最长 1098 天/,
    );
    await refuse(
      '/api/analytics/trend?from=2025-01-01&to=2026-03-31&granularity=day',
      400,
      /by day covers at most 366 days/,
      /按日统计最多 366 天/,
    );
    await refuse('/api/analytics/trend?granularity=hour', 400, /granularity/, /granularity/);
    await refuse('/api/analytics/units?sort=name', 400, /sort/, /sort/);
    // the case list's figure filters
    await expectRefused(
      t,
      (h) => supervisor.get('/api/cases?receivedFrom=2026-03-31&receivedTo=2026-03-01', h),
      { status: 400, en: /start date must not be after/ },
    );
    await expectRefused(t, (h) => supervisor.get('/api/cases?eventFrom=2026-03-01', h), {
      status: 400,
      en: /event/,
    });
    await expectRefused(t, (h) => supervisor.get('/api/cases?concludedTo=2026-13-01', h), {
      status: 400,
      en: /concludedTo/,
    });
  });
});
