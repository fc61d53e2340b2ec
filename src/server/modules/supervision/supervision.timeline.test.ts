// A case through yellow, red, an automatic supervision order and its escalation to the city, with
// a fixed clock across the National Day holiday of 2026 (1–7 October off; Sunday 20 September and
// Saturday 10 October are make-up working days, per chinese-days). Deadlines are exact instants:
// the end (24:00 CST = 16:00 UTC) of a working day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWorkingDay, workingDaysBetween } from '../../../core/calendar/work-calendar.js';
import { createTestApp, type TestApp } from '../../../../test/helpers/test-app.js';
import { verifyLedger } from '../cases/verify-ledger.js';
import { sweepAutoSupervision, sweepEscalations, sweepLights } from './supervision.sweeps.js';
import { act, ledgerActions, openCase, setClock, storedLight } from './test-supervision.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const sweepAll = async () => ({
  lights: await sweepLights(t.deps),
  auto: await sweepAutoSupervision(t.deps),
  escalations: await sweepEscalations(t.deps),
});

describe('the calendar the scenario relies on', () => {
  it('has National Day off and its make-up days on', () => {
    const cal = t.deps.calendar;
    for (let d = 1; d <= 7; d++) expect(isWorkingDay(cal, `2026-10-0${d}`)).toBe(false);
    expect(isWorkingDay(cal, '2026-10-08')).toBe(true);
    expect(isWorkingDay(cal, '2026-10-10')).toBe(true); // Saturday, make-up day
    expect(isWorkingDay(cal, '2026-09-20')).toBe(true); // Sunday, make-up day
    expect(isWorkingDay(cal, '2026-09-25')).toBe(false); // Mid-Autumn Festival (Friday)
  });
});

describe('a case through yellow, red, automatic supervision and escalation over National Day', () => {
  it('counts the handling time across the holiday and both make-up days', async () => {
    // Friday 18 September 10:00 CST: 15 working days are 20 Sep (Sunday, make-up), 21–24, 28–30,
    // 8, 9, 10 (Saturday, make-up), 12–15 October: due at the end of Thursday 15 October
    setClock(t, '2026-09-18T02:00:00Z');
    const c = await openCase(t, { accept: true });
    const row = await storedLight(t, c.id);
    expect(row.deadline_at!.toISOString()).toBe('2026-10-15T16:00:00.000Z');
    expect(
      workingDaysBetween(t.deps.calendar, { from: new Date('2026-09-18T02:00:00Z'), to: row.deadline_at! }),
    ).toBe(15);
    // two thirds of the wall-clock time (27 days 14 hours): 18 days 9 h 20 min after dispatch
    expect(row.yellow_at!.toISOString()).toBe('2026-10-06T11:20:00.000Z');
    expect(row.light).toBe('green');
    // out of the way of the next test's sweeps: a withdrawn case has no clock and no light
    await act(await t.login('clerk.shentou'), c.id, { action: 'withdraw', reason: '当事人自行和解' });
    expect(await storedLight(t, c.id)).toMatchObject({ light: null, yellow_at: null });
  });

  it('turns yellow, then red, orders supervision, escalates twice and takes the answer', async () => {
    // Wednesday 30 September 10:00 CST: the accept clock's one working day is Thursday 8 October
    setClock(t, '2026-09-30T02:00:00Z');
    const c = await openCase(t);
    const detail = (await (await t.login('leader.shentou')).get(`/api/cases/${c.id}`)).json();
    expect(detail).toMatchObject({ deadlineStage: 'accept', light: 'green' });
    expect(detail.deadlineAt).toBe('2026-10-08T16:00:00.000Z');
    // 8 days 14 hours of wall-clock time; two thirds is 5 days 17 h 20 min
    expect((await storedLight(t, c.id)).yellow_at!.toISOString()).toBe('2026-10-05T19:20:00.000Z');

    setClock(t, '2026-10-05T19:19:59Z');
    expect((await sweepAll()).lights).toEqual({ red: 0, yellow: 0 });
    setClock(t, '2026-10-05T19:20:00Z');
    expect((await sweepAll()).lights).toEqual({ red: 0, yellow: 1 });
    expect((await storedLight(t, c.id)).light).toBe('yellow');
    expect((await (await t.login('leader.shentou')).get(`/api/cases/${c.id}`)).json().light).toBe('yellow');

    // at 24:00 CST on 8 October the case is due, not yet overdue
    setClock(t, '2026-10-08T16:00:00Z');
    expect(await sweepAll()).toEqual({
      lights: { red: 0, yellow: 0 },
      auto: { ordered: 0 },
      escalations: { escalated: 0 },
    });

    // Friday 9 October 00:00:30 CST: red, and an automatic order due in 2 working days — the
    // make-up Saturday 10 October and Monday 12 October
    setClock(t, '2026-10-08T16:00:30Z');
    expect(await sweepAll()).toEqual({
      lights: { red: 1, yellow: 0 },
      auto: { ordered: 1 },
      escalations: { escalated: 0 },
    });
    expect((await storedLight(t, c.id)).light).toBe('red');
    const supervisor = await t.login('supervisor.shentou');
    let orders = (await supervisor.get(`/api/cases/${c.id}/supervision-orders`)).json().items;
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      kind: 'automatic',
      status: 'open',
      levelCode: '371403105',
      escalations: 0,
      issuerRole: 'system',
      addressedUnitId: await t.unitId('371403105-justice'),
      dueAt: '2026-10-12T16:00:00.000Z',
      overdue: false,
    });
    // the township follows it up; the county does not yet
    const issuedAt = async (user: string) =>
      (await (await t.login(user)).get('/api/supervision-orders?mine=issued'))
        .json()
        .items.map((o: { id: string }) => o.id);
    expect(await issuedAt('supervisor.shentou')).toEqual([orders[0].id]);
    expect(await issuedAt('supervisor.lingcheng')).toEqual([]);

    // Monday 12 October 24:00 CST: due, not overdue; half a minute later (Tuesday the 13th) it
    // escalates to the county, due 2 working days on: the end of Thursday 15 October
    setClock(t, '2026-10-12T16:00:00Z');
    expect((await sweepAll()).escalations).toEqual({ escalated: 0 });
    setClock(t, '2026-10-12T16:00:30Z');
    expect(await sweepAll()).toEqual({
      lights: { red: 0, yellow: 0 },
      auto: { ordered: 0 },
      escalations: { escalated: 1 },
    });
    orders = (
      await (await t.login('supervisor.lingcheng')).get(`/api/cases/${c.id}/supervision-orders`)
    ).json().items;
    expect(orders[0]).toMatchObject({
      status: 'escalated',
      levelCode: '371403',
      issuedLevelCode: '371403105',
      escalations: 1,
      dueAt: '2026-10-15T16:00:00.000Z',
      escalatedAt: '2026-10-12T16:00:30.000Z',
    });
    expect(await issuedAt('supervisor.lingcheng')).toEqual([orders[0].id]);
    expect(await issuedAt('supervisor.shentou')).toEqual([]);

    // still unanswered on Friday 16 October 00:00:30 CST: to the city, due Monday 19 and Tuesday 20
    setClock(t, '2026-10-15T16:00:30Z');
    expect((await sweepAll()).escalations).toEqual({ escalated: 1 });
    const atCity = (
      await (await t.login('supervisor.dezhou')).get('/api/supervision-orders?mine=issued&status=escalated')
    ).json().items;
    expect(atCity).toHaveLength(1);
    expect(atCity[0]).toMatchObject({ levelCode: '3714', escalations: 2, dueAt: '2026-10-20T16:00:00.000Z' });

    // the city is the top: nothing further; the justice office sees it overdue among its received
    setClock(t, '2026-10-20T16:00:30Z');
    expect((await sweepAll()).escalations).toEqual({ escalated: 0 });
    const justice = await t.login('dept.shentou');
    const received = (await justice.get('/api/supervision-orders')).json().items;
    expect(received.map((o: { id: string }) => o.id)).toEqual([orders[0].id]);
    expect(received[0]).toMatchObject({ status: 'escalated', overdue: true });
    expect(atCity[0].id).toBe(orders[0].id);

    // the justice office answers the escalated order
    const answered = await justice.post(`/api/supervision-orders/${orders[0].id}/answer`, {
      answer: '已联系双方当事人，正在调解，预计本周内办结。',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({ status: 'answered', escalations: 2, overdue: false });
    // one automatic order per deadline: still red, but no new order
    expect(await sweepAll()).toEqual({
      lights: { red: 0, yellow: 0 },
      auto: { ordered: 0 },
      escalations: { escalated: 0 },
    });

    const events = (await ledgerActions(t, c.id)).filter((e) => e.action.startsWith('supervision'));
    expect(events.map((e) => [e.action, e.actor_role])).toEqual([
      ['supervision_ordered', 'system'],
      ['supervision_escalated', 'system'],
      ['supervision_escalated', 'system'],
      ['supervision_answered', 'department_staff'],
    ]);
    expect(events[1]!.payload).toMatchObject({ from_level_code: '371403105', to_level_code: '371403' });
    expect(events[2]!.payload).toMatchObject({ from_level_code: '371403', to_level_code: '3714' });
    const report = await verifyLedger(t.db.kysely, (s) => t.deps.crypto.sm3Hex(s));
    expect(report.problems).toEqual([]);
  });

  it('gives a new handling period a fresh light, and no second order while the first is unanswered', async () => {
    setClock(t, '2026-10-21T02:00:00Z');
    const c = await openCase(t);
    // overdue at the accept stage: ordered automatically
    setClock(t, '2026-10-22T16:00:30Z');
    expect((await sweepAll()).auto).toEqual({ ordered: 1 });
    // accepting starts the handling clock (counted from the dispatch): green again, trigger-kept
    await act(await t.login('dept.shentou'), c.id, { action: 'accept' });
    expect((await storedLight(t, c.id)).light).toBe('green');
    // the first order is still unanswered: no second one even when the new deadline passes
    const row = await storedLight(t, c.id);
    setClock(t, new Date(row.deadline_at!.getTime() + 30_000).toISOString());
    const swept = await sweepAll();
    expect(swept.lights).toEqual({ red: 1, yellow: 0 });
    expect(swept.auto).toEqual({ ordered: 0 });
  });
});
