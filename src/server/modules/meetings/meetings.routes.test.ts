// Weekly meetings (工作例会): holding one, its situation report read from the dashboards' figures,
// warnings, supervision and scorecards (and as PDF), decisions recorded on the case's ledger and
// done by the responsible unit, overdue ones on the next meeting's report; who may (403/404), and
// bad input refused in both languages with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { pdfPages } from '../../../../test/helpers/pdf-text.js';
import { createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';
import { handleCaseEvent } from '../notifications/case-events.js';
import { ledgerActions, openCase, setClock } from '../supervision/test-supervision.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

// T0 is Sunday 15 March 2026 (09:30 CST): the week of Monday 9 March is the one just ending
const meetingBody = {
  weekStart: '2026-03-09',
  heldAt: '2026-03-16T01:00:00.000Z',
  place: '神头镇综治中心二楼会议室',
  attendees: [{ name: '镇司法所所长' }],
};

const userId = async (username: string) =>
  (
    await t.db.kysely
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow()
  ).id;

async function holdMeeting(by: Client, body: Record<string, unknown> = {}) {
  const res = await by.post('/api/meetings', { ...meetingBody, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; weekStart: string };
}

describe('meetings and their situation report', () => {
  it('lets the township dispatcher hold a meeting, listed and readable by the levels above', async () => {
    const dispatcher = await t.login('dispatcher.shentou');
    const m = await holdMeeting(dispatcher, {
      attendees: [{ userId: await userId('dept.shentou') }, { name: '村法律顾问' }],
      notes: '研判本周矛盾纠纷',
    });
    expect(m).toMatchObject({
      regionCode: '371403105',
      weekStart: '2026-03-09',
      place: meetingBody.place,
      attendees: [{ name: expect.any(String), userId: await userId('dept.shentou') }, { name: '村法律顾问' }],
      notes: '研判本周矛盾纠纷',
    });
    for (const who of ['dispatcher.shentou', 'leader.lingcheng', 'supervisor.shentou']) {
      const list = (await (await t.login(who)).get('/api/meetings')).json();
      expect(
        list.items.map((i: { id: string }) => i.id),
        who,
      ).toContain(m.id);
    }
    // another county's center sees nothing of it
    const other = await t.login('dispatcher.decheng');
    expect((await other.get('/api/meetings')).json().items.map((i: { id: string }) => i.id)).not.toContain(
      m.id,
    );
    expect((await other.get(`/api/meetings/${m.id}`)).statusCode).toBe(404);
  });

  it('reports the week’s figures as the dashboard does, with overdue and supervised cases', async () => {
    const c = await openCase(t, { accept: true });
    const supervisor = await t.login('supervisor.shentou');
    const order = await supervisor.post(`/api/cases/${c.id}/supervision-orders`, {
      instructions: '请于两个工作日内报告调解进展。',
      dueWorkingDays: 2,
    });
    expect(order.statusCode, order.body).toBe(201);
    const dispatcher = await t.login('dispatcher.shentou');
    const m = await holdMeeting(dispatcher);
    const res = await dispatcher.get(`/api/meetings/${m.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.week).toEqual({ from: '2026-03-09', to: '2026-03-15' });
    expect(r.previousWeek).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    const overview = async (from: string, to: string) =>
      (await dispatcher.get(`/api/analytics/overview?region=371403105&from=${from}&to=${to}`)).json();
    expect(r.figures.week).toEqual((await overview('2026-03-09', '2026-03-15')).cases);
    expect(r.figures.previousWeek).toEqual((await overview('2026-03-02', '2026-03-08')).cases);
    expect(r.figures.week.received).toBeGreaterThanOrEqual(1);
    expect(r.supervisedCases.items.map((o: { caseId: string }) => o.caseId)).toContain(c.id);
    expect(Array.isArray(r.scorecards)).toBe(true);
    expect(r.decisions).toEqual([]);
  });

  it('lists the overdue cases of the area', async () => {
    const c = await openCase(t, { accept: true });
    setClock(t, '2026-04-20T02:00:00Z'); // well past the handling time limit
    const dispatcher = await t.login('dispatcher.shentou');
    const m = await holdMeeting(dispatcher, { weekStart: '2026-04-13', heldAt: '2026-04-20T01:00:00Z' });
    const r = (await dispatcher.get(`/api/meetings/${m.id}`)).json();
    expect(r.overdueCases.items.map((i: { id: string }) => i.id)).toContain(c.id);
    expect(r.overdueCases.total).toBeGreaterThanOrEqual(1);
  });

  it('downloads the report as a PDF in Chinese', async () => {
    const c = await openCase(t, { accept: true });
    const dispatcher = await t.login('dispatcher.shentou');
    const m = await holdMeeting(dispatcher, { weekStart: '2026-04-13', heldAt: '2026-04-20T01:00:00Z' });
    const today = new Date(t.deps.clock().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const d = await dispatcher.post(`/api/meetings/${m.id}/decisions`, {
      caseNo: c.caseNo,
      unitId: await t.unitId('371403105-justice'),
      dueOn: today,
      text: '司法所三日内上门回访双方当事人',
    });
    expect(d.statusCode, d.body).toBe(201);
    const res = await (await t.login('leader.lingcheng')).get(`/api/meetings/${m.id}/report.pdf`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('meeting-2026-04-13.pdf');
    const text = pdfPages(res.rawPayload).join('').replace(/\s+/g, '');
    for (const s of [
      '工作例会情况报告',
      '本周主要数据',
      '办结率',
      '超期案件',
      '督办案件',
      '部门考评',
      '本次例会决定',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).toContain(c.caseNo);
    expect(text).toContain('司法所三日内上门回访双方当事人');
  });
});

describe('decisions as tasks on cases', () => {
  it('records a decision on the ledger and in the unit’s list; the unit marks it done', async () => {
    const c = await openCase(t, { accept: true });
    const dispatcher = await t.login('dispatcher.shentou');
    const m = await holdMeeting(dispatcher, { weekStart: '2026-04-13', heldAt: '2026-04-20T01:00:00Z' });
    const justice = await t.unitId('371403105-justice');
    const dept = await userId('dept.shentou');
    const res = await dispatcher.post(`/api/meetings/${m.id}/decisions`, {
      caseNo: c.caseNo,
      unitId: justice,
      assigneeId: dept,
      dueOn: '2026-04-24',
      text: '组织双方再次调解，周五前报告结果',
    });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json();
    expect(d).toMatchObject({
      meetingId: m.id,
      caseId: c.id,
      caseNo: c.caseNo,
      unitId: justice,
      assigneeId: dept,
      assigneeName: expect.any(String),
      dueOn: '2026-04-24',
      status: 'open',
      overdue: false,
    });
    const events = await ledgerActions(t, c.id);
    expect(events.at(-1)).toMatchObject({
      seq: d.seq,
      action: 'meeting_decision',
      actor_role: 'dispatcher',
      payload: { decision_id: d.id, meeting_id: m.id, unit_id: justice, due_on: '2026-04-24' },
    });
    // the responsible unit's bell rings (the case-event worker, run here by hand)
    expect(
      await handleCaseEvent(t.deps, { caseId: c.id, seq: d.seq, action: 'meeting_decision' }),
    ).toMatchObject({
      inapp: 1,
    });
    const bell = (await (await t.login('dept.shentou')).get('/api/notifications?unread=true')).json();
    expect(bell.items.map((i: { kind: string }) => i.kind)).toContain('meeting_decision');
    // on the case page and in the report
    const onCase = (await dispatcher.get(`/api/cases/${c.id}/meeting-decisions`)).json();
    expect(onCase.items.map((i: { id: string }) => i.id)).toEqual([d.id]);
    const report = (await dispatcher.get(`/api/meetings/${m.id}`)).json();
    expect(report.decisions.map((i: { id: string }) => i.id)).toEqual([d.id]);

    // the unit's task list, and its completion with a note
    const unit = await t.login('dept.shentou');
    const tasks = (await unit.get('/api/meeting-decisions?status=open')).json();
    expect(tasks.items.map((i: { id: string }) => i.id)).toContain(d.id);
    const done = await unit.post(`/api/meeting-decisions/${d.id}/done`, { note: '已组织调解，双方达成和解' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'done',
      doneNote: '已组织调解，双方达成和解',
      overdue: false,
    });
    expect((await ledgerActions(t, c.id)).at(-1)).toMatchObject({
      action: 'meeting_decision_done',
      actor_role: 'department_staff',
      payload: { decision_id: d.id, done_note: '已组织调解，双方达成和解' },
    });
    await expectRefused(t, (h) => unit.post(`/api/meeting-decisions/${d.id}/done`, { note: '再次' }, h), {
      status: 409,
      en: /already/,
    });
  });

  it('shows an overdue decision on the next meeting’s report', async () => {
    const c = await openCase(t, { accept: true });
    const dispatcher = await t.login('dispatcher.shentou');
    const m = await holdMeeting(dispatcher, { weekStart: '2026-04-13', heldAt: '2026-04-20T01:00:00Z' });
    const d = (
      await dispatcher.post(`/api/meetings/${m.id}/decisions`, {
        caseId: c.id,
        unitId: await t.unitId('371403105-justice'),
        dueOn: '2026-04-22',
        text: '两日内完成现场勘验',
      })
    ).json();
    setClock(t, '2026-04-27T02:00:00Z');
    const next = await holdMeeting(await t.login('dispatcher.shentou'), {
      weekStart: '2026-04-20',
      heldAt: '2026-04-27T01:00:00Z',
    });
    const r = (await (await t.login('dispatcher.shentou')).get(`/api/meetings/${next.id}`)).json();
    expect(r.overdueDecisions).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: d.id, overdue: true })]),
    );
    expect((await (await t.login('dept.shentou')).get('/api/meeting-decisions')).json().items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: d.id, overdue: true })]),
    );
  });
});

describe('who may', () => {
  it('refuses holding a meeting to other roles', async () => {
    const send = (who: Client) => (h: Record<string, string>) => who.post('/api/meetings', meetingBody, h);
    for (const user of ['clerk.shentou', 'supervisor.shentou', 'dept.shentou', 'sysadmin']) {
      await expectRefused(t, send(await t.login(user)), { status: 403 });
    }
    await expectRefused(t, send(await t.resident('13812345678')), { status: 403 });
    await expectRefused(t, send(t.anonymous()), { status: 401 });
  });

  it('lets only the holding center decide, and only the responsible unit complete', async () => {
    const c = await openCase(t, { accept: true });
    const m = await holdMeeting(await t.login('dispatcher.shentou'));
    const body = {
      caseId: c.id,
      unitId: await t.unitId('371403105-justice'),
      dueOn: '2026-12-31',
      text: '限期化解',
    };
    const url = `/api/meetings/${m.id}/decisions`;
    // the county reads it but did not hold it
    const leader = await t.login('leader.lingcheng');
    await expectRefused(t, (h) => leader.post(url, body, h), {
      status: 403,
      code: 'meetings.not_own_meeting',
    });
    for (const user of ['clerk.shentou', 'supervisor.shentou', 'dept.shentou']) {
      const who = await t.login(user);
      await expectRefused(t, (h) => who.post(url, body, h), { status: 403 });
    }
    const elsewhere = await t.login('dispatcher.decheng');
    await expectRefused(t, (h) => elsewhere.post(url, body, h), { status: 404 });

    const d = (await (await t.login('dispatcher.shentou')).post(url, body)).json();
    const done = `/api/meeting-decisions/${d.id}/done`;
    // reads the case, is not the unit named
    const clerk = await t.login('clerk.shentou');
    await expectRefused(t, (h) => clerk.post(done, { note: 'x' }, h), {
      status: 403,
      code: 'meetings.not_responsible',
    });
    // neither: nothing to see
    const county = await t.login('dept.lingcheng');
    await expectRefused(t, (h) => county.post(done, { note: 'x' }, h), { status: 404 });
    const resident = await t.resident('13812345678');
    await expectRefused(t, (h) => resident.post(done, { note: 'x' }, h), { status: 403 });
    // the case's decisions: those who read the case
    expect((await county.get(`/api/cases/${c.id}/meeting-decisions`)).statusCode).toBe(404);
  });
});

describe('bad input', () => {
  it('refuses a bad meeting in both languages and writes nothing', async () => {
    const dispatcher = await t.login('dispatcher.shentou');
    const post = (body: unknown) => (h: Record<string, string>) => dispatcher.post('/api/meetings', body, h);
    await expectRefused(t, post({ ...meetingBody, weekStart: '2026-03-10' }), {
      status: 400,
      zh: /星期一/,
      en: /Monday/,
    });
    await expectRefused(t, post({ ...meetingBody, place: '   ' }), { status: 400, en: /blank/ });
    await expectRefused(t, post({ ...meetingBody, attendees: [] }), { status: 400 });
    await expectRefused(t, post({ ...meetingBody, weekStart: '2026-02-30' }), { status: 400 });
    await expectRefused(
      t,
      post({ ...meetingBody, attendees: [{ userId: await userId('dispatcher.decheng') }] }),
      { status: 422, en: /Attendee 1/ },
    );
  });

  it('refuses a bad decision in both languages and writes nothing', async () => {
    const c = await openCase(t, { accept: true });
    const dispatcher = await t.login('dispatcher.shentou');
    const m = await holdMeeting(dispatcher);
    const justice = await t.unitId('371403105-justice');
    const base = { caseId: c.id, unitId: justice, dueOn: '2026-12-31', text: '限期化解' };
    const post = (body: unknown) => (h: Record<string, string>) =>
      dispatcher.post(`/api/meetings/${m.id}/decisions`, body, h);
    await expectRefused(t, post({ ...base, caseNo: c.caseNo }), { status: 400, en: /one of the two/ });
    await expectRefused(t, post({ ...base, text: ' ' }), { status: 400, en: /blank/ });
    const yesterday = new Date(t.deps.clock().getTime() - 16 * 3_600_000).toISOString().slice(0, 10);
    await expectRefused(t, post({ ...base, dueOn: yesterday }), { status: 422, zh: /今天/ });
    await expectRefused(t, post({ ...base, unitId: '0195a000-0000-7000-8000-000000000000' }), {
      status: 422,
      en: /unit/,
    });
    await expectRefused(t, post({ ...base, assigneeId: await userId('dept.lingcheng') }), {
      status: 422,
      en: /responsible person/,
    });
    await expectRefused(t, post({ ...base, caseId: undefined, caseNo: 'NO-SUCH-CASE' }), {
      status: 422,
      en: /No such case/,
    });
  });
});
