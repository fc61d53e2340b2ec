import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, workingDaysBetween } from '../../../core/calendar/work-calendar.js';
import {
  T0,
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';

let t: TestApp;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function act(by: Client, id: string, body: Record<string, unknown>) {
  const current = (await by.get(`/api/cases/${id}`)).json();
  const res = await by.post(`/api/cases/${id}/transitions`, { version: current.version, ...body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const due = (from: Date, days: number) => addWorkingDays(t.deps.calendar, { from, days }).toISOString();

describe('time limits on the case', () => {
  it('count accepting and handling from the first dispatch, in working days, and the follow-up from the conclusion', async () => {
    const clerk = await t.login('clerk.shentou');
    const dispatcher = await t.login('dispatcher.shentou');
    const mediator = await t.login('mediator.shentou');
    const c = (await clerk.post('/api/cases', buildRegistration())).json();
    expect(c.deadlineAt).toBeNull(); // the clock starts at dispatch, not at registration

    // T0 is Sunday 15 March 2026 (CST): accepting is due at the end of Monday
    const assigned = await act(dispatcher, c.id, {
      action: 'assign',
      unitId: await t.unitId('371403105-people-mediation'),
    });
    expect(assigned).toMatchObject({ deadlineStage: 'accept', light: 'green' });
    expect(assigned.deadlineAt).toBe(new Date('2026-03-16T16:00:00Z').toISOString());

    // a rejection upheld and reassigned buys no time
    t.advance(60_000);
    await act(mediator, c.id, { action: 'reject', reason: '不属于本委员会' });
    const reassigned = await act(dispatcher, c.id, {
      action: 'rule_rejection',
      decision: 'uphold',
      unitId: await t.unitId('371403105-justice'),
      note: '改派',
    });
    expect(reassigned.deadlineAt).toBe(assigned.deadlineAt);

    // handling by a department: 15 working days from the dispatch
    const justice = await t.login('dept.shentou');
    const accepted = await act(justice, c.id, { action: 'accept' });
    expect(accepted).toMatchObject({ deadlineStage: 'handle' });
    expect(accepted.deadlineAt).toBe(due(T0, 15));
    expect(accepted.dispatchedAt).toBe(T0.toISOString());

    t.advance(2 * 60_000);
    const concluded = await act(justice, c.id, {
      action: 'conclude',
      outcome: 'other_resolution',
      summary: '已解释',
    });
    expect(concluded).toMatchObject({ deadlineStage: 'follow_up' });
    expect(concluded.deadlineAt).toBe(due(t.deps.clock(), 3));
    const done = await act(clerk, c.id, { action: 'follow_up', satisfaction: 'satisfied' });
    expect(done).toMatchObject({ deadlineStage: null, deadlineAt: null, light: null });
  });

  it('gives people’s mediation 30 working days', async () => {
    const clerk = await t.login('clerk.shentou');
    const dispatcher = await t.login('dispatcher.shentou');
    const mediator = await t.login('mediator.shentou');
    const c = (await clerk.post('/api/cases', buildRegistration())).json();
    const dispatchedAt = t.deps.clock();
    await act(dispatcher, c.id, { action: 'assign', unitId: await t.unitId('371403105-people-mediation') });
    const accepted = await act(mediator, c.id, { action: 'accept' });
    expect(accepted.deadlineAt).toBe(due(dispatchedAt, 30));
  });

  it('turns yellow at two thirds of the time and red when overdue, and the overdue filter finds it', async () => {
    const clerk = await t.login('clerk.shentou');
    const dispatcher = await t.login('dispatcher.shentou');
    const c = (await clerk.post('/api/cases', buildRegistration())).json();
    const assigned = await act(dispatcher, c.id, {
      action: 'assign',
      unitId: await t.unitId('371403105-people-mediation'),
    });
    const start = t.deps.clock().getTime();
    const end = new Date(assigned.deadlineAt).getTime();

    t.advance(Math.ceil(((end - start) * 2) / 3) + 1000 - (t.deps.clock().getTime() - start));
    const leader = await t.login('leader.shentou');
    expect((await leader.get(`/api/cases/${c.id}`)).json().light).toBe('yellow');

    t.advance(end - t.deps.clock().getTime() + DAY);
    const later = await t.login('leader.shentou');
    expect((await later.get(`/api/cases/${c.id}`)).json().light).toBe('red');
    const overdue = (await later.get('/api/cases?overdue=true&limit=100')).json().items;
    expect(overdue.map((i: { id: string }) => i.id)).toContain(c.id);
    expect(overdue.every((i: { light: string }) => i.light === 'red')).toBe(true);
  });

  it('moves the deadline by the working days the clock waited on a party, and by an approved extension', async () => {
    const clerk = await t.login('clerk.shentou');
    const dispatcher = await t.login('dispatcher.shentou');
    const justice = await t.login('dept.shentou');
    const c = (await clerk.post('/api/cases', buildRegistration())).json();
    await act(dispatcher, c.id, { action: 'assign', unitId: await t.unitId('371403105-justice') });
    const accepted = await act(justice, c.id, { action: 'accept' });
    const paused = await act(justice, c.id, { action: 'pause_clock', reason: '等待当事人提交医疗鉴定' });
    expect(paused.clockPaused).toBe(true);

    const pausedAt = t.deps.clock();
    t.advance(3 * DAY);
    const again = await t.login('dept.shentou');
    const resumed = await act(again, c.id, { action: 'resume_clock' });
    const waited = workingDaysBetween(t.deps.calendar, { from: pausedAt, to: t.deps.clock() });
    expect(waited).toBeGreaterThan(0);
    expect(resumed.deadlineAt).toBe(
      addWorkingDays(t.deps.calendar, { from: new Date(accepted.deadlineAt), days: waited }).toISOString(),
    );

    await act(again, c.id, { action: 'request_extension', workingDays: 5, reason: '涉及多个部门' });
    const supervisor = await t.login('supervisor.shentou');
    const refused = await act(supervisor, c.id, {
      action: 'rule_extension',
      approved: false,
      note: '不予延期',
    });
    expect(refused.deadlineAt).toBe(resumed.deadlineAt);
    await act(again, c.id, { action: 'request_extension', workingDays: 5, reason: '再次申请' });
    const approved = await act(supervisor, c.id, {
      action: 'rule_extension',
      approved: true,
      note: '同意延期5个工作日',
    });
    expect(approved.deadlineAt).toBe(
      addWorkingDays(t.deps.calendar, { from: new Date(resumed.deadlineAt), days: 5 }).toISOString(),
    );
    expect(approved.extensionPending).toBe(false);
  });
});
