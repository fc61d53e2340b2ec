import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { createTestApp, type TestApp } from '../../../../test/helpers/test-app.js';
import { sweepMissedReportIns } from './report-in.sweep.js';
import { act, advancePast, expectLedgerOk, loginAll, whistledCase, type Actors } from './test-whistle.js';

let t: TestApp;
let a: Actors;

beforeAll(async () => {
  t = await createTestApp();
  a = await loginAll(t);
});
afterAll(async () => t?.close());

type Whistled = Awaited<ReturnType<typeof whistledCase>>;

/** A whistled case where 司法所 reported in, 派出所 missed, and the grid concluded it. */
async function closedWhistle(): Promise<Whistled> {
  a = await loginAll(t);
  const c = await whistledCase(t, a);
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
  return c;
}

const rate = (c: Whistled, unitId: string) => `/api/cases/${c.id}/report-ins/${unitId}/rating`;

describe('GET /api/cases/:id/report-ins', () => {
  it('lists the tasks to whoever may read the case; 404 to others; 400 on a bad id', async () => {
    const c = await whistledCase(t, a);
    for (const reader of [a.grid, a.justice, a.supervisor, a.dispatcher]) {
      const res = await reader.get(`/api/cases/${c.id}/report-ins`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ caseId: c.id, whistleClosed: false });
      expect(
        res
          .json()
          .items.map((x: { unitId: string }) => x.unitId)
          .sort(),
      ).toEqual([c.justice, c.police].sort());
      expect(res.json().items[0]).toMatchObject({ status: 'open', rating: null, rateable: false });
    }
    for (const outsider of [a.otherGrid, a.otherSupervisor]) {
      await expectRefused(t, (h) => outsider.get(`/api/cases/${c.id}/report-ins`, h), { status: 404 });
    }
    await expectRefused(t, (h) => a.sysadmin.get(`/api/cases/${c.id}/report-ins`, h), { status: 404 });
    await expectRefused(t, (h) => t.anonymous().get(`/api/cases/${c.id}/report-ins`, h), { status: 401 });
    await expectRefused(t, (h) => a.grid.get(`/api/cases/not-a-uuid/report-ins`, h), {
      status: 400,
      en: /format/,
    });
  });
});

describe('GET /api/report-ins', () => {
  it('is the task list of the caller’s unit, filtered by status and paged', async () => {
    a = await loginAll(t);
    const c1 = await whistledCase(t, a);
    const c2 = await whistledCase(t, a);
    await act(t, a.justice, c1.id, { action: 'report_in' });
    const open = await a.justice.get('/api/report-ins?status=open');
    expect(open.statusCode, open.body).toBe(200);
    const openIds = open.json().items.map((x: { caseId: string }) => x.caseId);
    expect(openIds).toContain(c2.id);
    expect(openIds).not.toContain(c1.id);
    expect(open.json().items[0]).toMatchObject({
      unitId: c1.justice,
      caseState: 'in_progress',
      status: 'open',
    });
    expect(open.json().items[0].caseNo).toMatch(/^371403105-/);
    const done = (await a.justice.get('/api/report-ins?status=done')).json().items;
    expect(done.map((x: { caseId: string }) => x.caseId)).toContain(c1.id);
    expect(done.find((x: { caseId: string }) => x.caseId === c1.id)).toMatchObject({ onTime: true });

    // keyset paging: every task once
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await a.justice.get(`/api/report-ins?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().items.map((x: { id: string }) => x.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    const all = await t.db.kysely
      .selectFrom('report_in_tasks')
      .select('id')
      .where('unit_id', '=', c1.justice)
      .execute();
    expect(seen.sort()).toEqual(all.map((r) => r.id).sort());
  });

  it('refuses roles that never report in, and bad filters in both languages', async () => {
    for (const c of [a.clerk, a.grid, a.supervisor, a.sysadmin]) {
      await expectRefused(t, (h) => c.get('/api/report-ins', h), { status: 403 });
    }
    await expectRefused(t, (h) => t.anonymous().get('/api/report-ins', h), { status: 401 });
    await expectRefused(t, (h) => a.justice.get('/api/report-ins?status=late', h), { status: 400 });
    await expectRefused(t, (h) => a.justice.get('/api/report-ins?limit=0', h), { status: 400 });
    await expectRefused(t, (h) => a.justice.get('/api/report-ins?cursor=x', h), { status: 400 });
    await expectRefused(t, (h) => a.justice.get('/api/report-ins?other=1', h), { status: 400 });
  });
});

describe('POST /api/cases/:id/report-ins/:unitId/rating', () => {
  it('the escalating level rates each department once the case is concluded; both events are on the ledger', async () => {
    const c = await closedWhistle();
    const listed = (await a.grid.get(`/api/cases/${c.id}/report-ins`)).json();
    expect(listed.whistleClosed).toBe(true);
    expect(listed.items.every((x: { rateable: boolean }) => x.rateable)).toBe(true);
    // others may read, but not rate
    expect(
      (await a.supervisor.get(`/api/cases/${c.id}/report-ins`))
        .json()
        .items.some((x: { rateable: boolean }) => x.rateable),
    ).toBe(false);

    const good = await a.grid.post(rate(c, c.justice), { stars: 5, comment: '及时报到，积极参与调解' });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json().task).toMatchObject({
      unitId: c.justice,
      rating: 5,
      ratingComment: '及时报到，积极参与调解',
    });
    const version = good.json().version;
    const poor = await a.grid.post(rate(c, c.police), { stars: 1, version });
    expect(poor.statusCode, poor.body).toBe(200);
    expect(poor.json()).toMatchObject({ version: version + 1, task: { rating: 1, ratingComment: null } });

    const events = await t.db.kysely
      .selectFrom('case_events')
      .select(['action', 'payload', 'actor_role'])
      .where('case_id', '=', c.id)
      .where('action', '=', 'response_rated')
      .orderBy('seq')
      .execute();
    expect(events).toEqual([
      {
        action: 'response_rated',
        actor_role: 'grid_worker',
        payload: expect.objectContaining({ unit_id: c.justice, stars: 5, comment: '及时报到，积极参与调解' }),
      },
      {
        action: 'response_rated',
        actor_role: 'grid_worker',
        payload: expect.objectContaining({ unit_id: c.police, stars: 1 }),
      },
    ]);
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', c.id)
      .where('action', '=', 'case.response_rated')
      .execute();
    expect(audit).toHaveLength(2);
    await expectLedgerOk(t);

    // once only
    await expectRefused(t, (h) => a.grid.post(rate(c, c.justice), { stars: 3 }, h), {
      status: 409,
      code: 'whistle.already_rated',
      en: /already been rated/,
    });
  });

  it('refuses those who did not blow the whistle (403), the unseen and the unsummoned (404)', async () => {
    const c = await closedWhistle();
    // the township's own dispatcher coordinated the summoned departments: not the escalating level
    await expectRefused(t, (h) => a.dispatcher.post(rate(c, c.justice), { stars: 4 }, h), {
      status: 403,
      code: 'whistle.not_escalating_level',
      en: /level that blew the whistle/,
    });
    // a summoned department cannot rate (itself or another); a supervisor only reads
    for (const who of [a.justice, a.supervisor, a.leader]) {
      await expectRefused(t, (h) => who.post(rate(c, c.police), { stars: 4 }, h), { status: 403 });
    }
    for (const who of [a.otherGrid, a.otherSupervisor, a.sysadmin]) {
      await expectRefused(t, (h) => who.post(rate(c, c.police), { stars: 4 }, h), { status: 404 });
    }
    const mediation = await t.unitId('371403105-people-mediation');
    await expectRefused(t, (h) => a.grid.post(rate(c, mediation), { stars: 4 }, h), {
      status: 404,
      code: 'whistle.no_task',
    });
    await expectRefused(t, (h) => t.anonymous().post(rate(c, c.police), { stars: 4 }, h), { status: 401 });
  });

  it('refuses while the whistle is open, a stale version, and bad bodies, in both languages, writing nothing', async () => {
    a = await loginAll(t);
    const open = await whistledCase(t, a);
    await expectRefused(t, (h) => a.grid.post(rate(open, open.justice), { stars: 4 }, h), {
      status: 409,
      code: 'whistle.not_closed',
      zh: /办结后/,
      en: /concluded/,
    });
    const c = await closedWhistle();
    await expectRefused(t, (h) => a.grid.post(rate(c, c.justice), { stars: 4, version: 1 }, h), {
      status: 409,
      code: 'case.stale_version',
    });
    const bad: [unknown, RegExp][] = [
      [{}, /stars/],
      [{ stars: 0 }, /stars/],
      [{ stars: 6 }, /stars/],
      [{ stars: 2.5 }, /stars/],
      [{ stars: '5' }, /stars/],
      [{ stars: 3, comment: 'x'.repeat(501) }, /comment/],
      [{ stars: 3, extra: true }, /extra/],
    ];
    for (const [body, en] of bad) {
      await expectRefused(t, (h) => a.grid.post(rate(c, c.justice), body, h), { status: 400, en });
    }
    await expectRefused(t, (h) => a.grid.post(`/api/cases/${c.id}/report-ins/nope/rating`, { stars: 3 }, h), {
      status: 400,
    });
  });
});

describe('OpenAPI', () => {
  it('documents the whistle, accountability and calendar routes', async () => {
    const res = await t.anonymous().get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of [
      '/api/cases/{id}/report-ins',
      '/api/report-ins',
      '/api/cases/{id}/report-ins/{unitId}/rating',
      '/api/accountability',
      '/api/scorecards',
      '/api/calendar/years',
      '/api/calendar/years/{year}',
    ]) {
      expect(paths).toContain(p);
    }
  });
});
