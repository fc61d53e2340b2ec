import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.js';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { createTestApp, type TestApp } from '../../../../test/helpers/test-app.js';
import { buildRegistration } from '../../../../test/helpers/test-app.js';
import { sweepMissedReportIns } from '../whistle/report-in.sweep.js';
import { act, advancePast, loginAll, whistledCase, type Actors } from '../whistle/test-whistle.js';
import { recordAccountability } from './accountability.service.js';

let t: TestApp;
let a: Actors;
/** the case of the whistle scenario every test here reads */
let c: Awaited<ReturnType<typeof whistledCase>>;
let mediationUnit: string;
let periodDay: string;

beforeAll(async () => {
  t = await createTestApp();
  a = await loginAll(t);
  periodDay = t.deps.clock().toISOString().slice(0, 10);
  mediationUnit = await t.unitId('371403105-people-mediation');

  // a whistle: 司法所 reports in on time, 派出所 misses; the grid concludes and rates both
  c = await whistledCase(t, a);
  await act(t, a.justice, c.id, { action: 'report_in' });
  const task = await t.db.kysely
    .selectFrom('report_in_tasks')
    .select('due_at')
    .where('case_id', '=', c.id)
    .executeTakeFirstOrThrow();
  advancePast(t, task.due_at);
  await sweepMissedReportIns(t.deps);
  a = await loginAll(t);
  await act(t, a.grid, c.id, { action: 'conclude', outcome: 'mediated_agreement', summary: '达成协议' });
  expect(
    (await a.grid.post(`/api/cases/${c.id}/report-ins/${c.justice}/rating`, { stars: 5 })).statusCode,
  ).toBe(200);
  expect(
    (await a.grid.post(`/api/cases/${c.id}/report-ins/${c.police}/rating`, { stars: 2 })).statusCode,
  ).toBe(200);

  // the people's mediation committee: one case rejected and overruled then concluded in time,
  // one rejection upheld (reassigned to 司法所)
  for (const decision of ['overrule', 'uphold'] as const) {
    const res = await a.clerk.post('/api/cases', buildRegistration());
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    await act(t, a.dispatcher, id, { action: 'assign', unitId: mediationUnit });
    await act(t, a.mediator, id, { action: 'reject', reason: '不属于本委员会受理范围' });
    await act(t, a.dispatcher, id, {
      action: 'rule_rejection',
      decision,
      note: '审定',
      ...(decision === 'uphold' ? { unitId: c.justice } : {}),
    });
    if (decision === 'overrule') {
      await act(t, a.mediator, id, { action: 'conclude', outcome: 'other_resolution', summary: '说明解释' });
    }
  }
});
afterAll(async () => t?.close());

describe('recordAccountability (shared by whistle, grid and mediation)', () => {
  it('writes one record per (kind, source); a repeat returns the first', async () => {
    const sourceId = t.deps.newId();
    const input = {
      unitId: c.police,
      kind: 'grid_report_overdue',
      sourceType: 'grid_report',
      sourceId,
      reason: '网格事件逾期未办结',
      dueAt: t.deps.clock(),
      recordedBy: { userId: null, role: 'system' },
      detail: { report_no: 'G-1' },
    };
    const first = await withTransaction(t.db, (trx) => recordAccountability(trx, t.deps, input));
    const again = await withTransaction(t.db, (trx) => recordAccountability(trx, t.deps, input));
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    const rows = await t.db.kysely
      .selectFrom('accountability_records')
      .selectAll()
      .where('source_id', '=', sourceId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ case_id: null, county_code: '371403', unit_region_code: '371403105' });
    await expect(
      withTransaction(t.db, (trx) => recordAccountability(trx, t.deps, { ...input, kind: 'Bad Kind' })),
    ).rejects.toThrow(/kind/);
    // kept as written: the app role cannot rewrite or delete a record (PostgreSQL grants)
    if (t.db.engine === 'postgres') {
      await expect(
        t.db.kysely
          .updateTable('accountability_records')
          .set({ reason: 'x' })
          .where('id', '=', first.id)
          .execute(),
      ).rejects.toThrow(/permission denied/);
    }
  });
});

describe('GET /api/accountability', () => {
  it('shows supervisors and leaders the records of units within their scope, filtered and paged', async () => {
    a = await loginAll(t);
    for (const who of [a.supervisor, a.leader, a.countySupervisor]) {
      const res = await who.get('/api/accountability?kind=missed_report_in');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items).toEqual([
        expect.objectContaining({
          unitId: c.police,
          unitName: expect.stringContaining('派出所'),
          caseId: c.id,
          caseNo: c.caseNo,
          kind: 'missed_report_in',
          recordedByRole: 'system',
          detail: expect.objectContaining({ case_no: c.caseNo, to_level: 'township' }),
        }),
      ]);
    }
    expect((await a.otherSupervisor.get('/api/accountability')).json().items).toEqual([]);
    // filters: unit, period (CST days), kind
    const all = (await a.supervisor.get('/api/accountability')).json().items;
    expect(all.length).toBe(2);
    expect((await a.supervisor.get(`/api/accountability?unit=${c.justice}`)).json().items).toEqual([]);
    expect((await a.supervisor.get(`/api/accountability?unit=${c.police}`)).json().items).toHaveLength(2);
    expect(
      (await a.supervisor.get(`/api/accountability?from=${periodDay}&to=${periodDay}`)).json().items,
    ).toHaveLength(0);
    expect((await a.supervisor.get(`/api/accountability?from=${periodDay}`)).json().items).toHaveLength(2);
    expect((await a.supervisor.get(`/api/accountability?to=${periodDay}`)).json().items).toHaveLength(0);
    // keyset paging, newest first
    const first = (await a.supervisor.get('/api/accountability?limit=1')).json();
    expect(first.items).toHaveLength(1);
    const second = (await a.supervisor.get(`/api/accountability?limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect([first.items[0].id, second.items[0].id]).toEqual(all.map((r: { id: string }) => r.id));
  });

  it('refuses everyone else, and bad filters in both languages', async () => {
    for (const who of [a.justice, a.clerk, a.dispatcher, a.grid, a.sysadmin]) {
      await expectRefused(t, (h) => who.get('/api/accountability', h), { status: 403 });
    }
    await expectRefused(t, (h) => t.anonymous().get('/api/accountability', h), { status: 401 });
    const bad = [
      'from=2026-02-30',
      'from=2026-3-1',
      'to=yesterday',
      'kind=Missed',
      'unit=police',
      'limit=101',
      'x=1',
    ];
    for (const qs of bad) {
      await expectRefused(t, (h) => a.supervisor.get(`/api/accountability?${qs}`, h), { status: 400 });
    }
    await expectRefused(t, (h) => a.supervisor.get('/api/accountability?from=2026-04-02&to=2026-04-01', h), {
      status: 400,
      code: 'period.from_after_to',
      en: /start date/,
    });
  });
});

describe('GET /api/scorecards', () => {
  it('scores each department: cases led, on time, bounce-back and overruled, report-ins, ratings', async () => {
    const res = await a.supervisor.get('/api/scorecards');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.region).toBe('371403105');
    const card = (id: string) => body.items.find((x: { unitId: string }) => x.unitId === id);
    expect(card(c.police)).toMatchObject({
      reportIns: { summoned: 1, onTime: 0, late: 0, missed: 1, open: 0, timelinessRate: 0 },
      ratings: { count: 1, average: 2 },
    });
    expect(card(c.justice)).toMatchObject({
      // the upheld rejection reassigned a case to 司法所
      assignmentsReceived: 1,
      reportIns: { summoned: 1, onTime: 1, late: 0, missed: 0, timelinessRate: 1 },
      ratings: { count: 1, average: 5 },
    });
    expect(card(mediationUnit)).toMatchObject({
      casesLed: 1,
      assignmentsReceived: 2,
      rejections: 2,
      bounceBackRate: 1,
      overruled: 1,
      overruledRate: 0.5,
      concluded: 1,
      concludedOnTime: 1,
      onTimeRate: 1,
    });
    // the county supervisor sees the township's departments too; a period before any of it is empty
    const county = (await a.countySupervisor.get('/api/scorecards?region=371403')).json();
    expect(county.items.map((x: { unitId: string }) => x.unitId)).toEqual(
      expect.arrayContaining([c.police, c.justice]),
    );
    const before = (await a.supervisor.get('/api/scorecards?from=2025-01-01&to=2025-12-31')).json();
    expect(before).toMatchObject({ from: '2025-01-01', to: '2025-12-31', items: [] });
  });

  it('shows a unit’s own staff their unit only', async () => {
    const res = await a.justice.get('/api/scorecards?region=3714');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((x: { unitId: string }) => x.unitId)).toEqual([c.justice]);
  });

  it('refuses other roles and regions outside the scope; bad input in both languages', async () => {
    for (const who of [a.clerk, a.dispatcher, a.grid, a.sysadmin]) {
      await expectRefused(t, (h) => who.get('/api/scorecards', h), { status: 403 });
    }
    await expectRefused(t, (h) => t.anonymous().get('/api/scorecards', h), { status: 401 });
    await expectRefused(t, (h) => a.supervisor.get('/api/scorecards?region=371403', h), {
      status: 403,
      code: 'scorecards.region_out_of_scope',
      en: /outside your scope/,
    });
    for (const qs of ['region=abc', 'from=2026-13-01', 'to=2026-02-29', 'extra=1']) {
      await expectRefused(t, (h) => a.supervisor.get(`/api/scorecards?${qs}`, h), { status: 400 });
    }
    await expectRefused(t, (h) => a.supervisor.get('/api/scorecards?from=2026-05-01&to=2026-04-01', h), {
      status: 400,
      code: 'period.from_after_to',
    });
  });
});
