// The sweeps are idempotent (a second run changes nothing) and safe when several run at once
// (Promise.all: on PostgreSQL on separate connections; on PGlite they interleave on its one).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lightOf } from '../../../core/deadlines/time-limits.js';
import { verifyLedger } from '../cases/verify-ledger.js';
import { takeSnapshot } from '../../../../test/helpers/db-snapshot.js';
import { createTestApp, type TestApp } from '../../../../test/helpers/test-app.js';
import { sweepAutoSupervision, sweepEscalations, sweepLights } from './supervision.sweeps.js';
import { act, ledgerActions, openCase, setClock } from './test-supervision.js';

let t: TestApp;
const N = 4;
const ids: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  // N cases assigned on Monday 16 March 2026, 10:00 CST: accepting is due at the end of Tuesday
  setClock(t, '2026-03-16T02:00:00Z');
  for (let i = 0; i < N; i++) ids.push((await openCase(t)).id);
});
afterAll(async () => t?.close());

async function ordersOf(caseId: string) {
  return t.db.kysely.selectFrom('supervision_orders').selectAll().where('case_id', '=', caseId).execute();
}

describe('sweeps run twice or at once', () => {
  it('lights: each case changes once, a second run changes nothing', async () => {
    setClock(t, '2026-03-17T04:00:00Z'); // past two thirds of the time (38 h from 02:00 UTC)
    const runs = await Promise.all([sweepLights(t.deps), sweepLights(t.deps), sweepLights(t.deps)]);
    expect(runs.reduce((n, r) => n + r.yellow, 0)).toBe(N);
    expect(runs.reduce((n, r) => n + r.red, 0)).toBe(0);
    const snap = await takeSnapshot(t.db);
    expect(await sweepLights(t.deps)).toEqual({ red: 0, yellow: 0 });
    expect(await snap.changes()).toEqual({});
  });

  it('automatic orders: one per overdue case however many sweeps run, none the second time', async () => {
    setClock(t, '2026-03-17T16:00:01Z'); // Wednesday 00:00:01 CST: overdue
    const lights = await Promise.all([sweepLights(t.deps), sweepLights(t.deps)]);
    expect(lights.reduce((n, r) => n + r.red, 0)).toBe(N);
    const runs = await Promise.all(Array.from({ length: 5 }, () => sweepAutoSupervision(t.deps)));
    expect(runs.reduce((n, r) => n + r.ordered, 0)).toBe(N);
    for (const id of ids) {
      const orders = await ordersOf(id);
      expect(orders).toHaveLength(1);
      expect(orders[0]).toMatchObject({ kind: 'automatic', status: 'open', level_code: '371403105' });
      // the end of Friday 20 March: Thursday and Friday are the two working days
      expect(orders[0]!.due_at.toISOString()).toBe('2026-03-20T16:00:00.000Z');
      const events = (await ledgerActions(t, id)).filter((e) => e.action === 'supervision_ordered');
      expect(events).toHaveLength(1);
    }
    const snap = await takeSnapshot(t.db);
    expect(await sweepAutoSupervision(t.deps)).toEqual({ ordered: 0 });
    expect(await snap.changes()).toEqual({});
  });

  it('escalation: one step per overdue order however many sweeps run, none the second time', async () => {
    setClock(t, '2026-03-20T16:00:01Z');
    const runs = await Promise.all(Array.from({ length: 5 }, () => sweepEscalations(t.deps)));
    expect(runs.reduce((n, r) => n + r.escalated, 0)).toBe(N);
    for (const id of ids) {
      const [order] = await ordersOf(id);
      expect(order).toMatchObject({ status: 'escalated', level_code: '371403', escalations: 1 });
      expect((await ledgerActions(t, id)).filter((e) => e.action === 'supervision_escalated')).toHaveLength(
        1,
      );
    }
    const snap = await takeSnapshot(t.db);
    expect(await sweepEscalations(t.deps)).toEqual({ escalated: 0 });
    expect(await sweepAutoSupervision(t.deps)).toEqual({ ordered: 0 });
    expect(await snap.changes()).toEqual({});
  });

  it('leaves paused clocks and closed cases alone', async () => {
    // one case accepted and paused (waiting on a party), one concluded: neither is supervised
    // nor escalated while so
    setClock(t, '2026-03-23T02:00:00Z');
    const paused = await openCase(t, { accept: true });
    const justice = await t.login('dept.shentou');
    await act(justice, paused.id, { action: 'pause_clock', reason: '等待当事人提交材料' });
    const row = await t.db.kysely
      .selectFrom('cases')
      .select('deadline_at')
      .where('id', '=', paused.id)
      .executeTakeFirstOrThrow();
    await act(justice, ids[0]!, { action: 'accept' });
    await act(justice, ids[0]!, { action: 'conclude', outcome: 'mediated_agreement', summary: '达成协议' });

    setClock(t, new Date(row.deadline_at!.getTime() + 60_000).toISOString());
    expect(await sweepAutoSupervision(t.deps)).toEqual({ ordered: 0 });
    expect(await ordersOf(paused.id)).toEqual([]);
    // the other three still escalate (to the city); the concluded case's order stays where it was
    expect(await sweepEscalations(t.deps)).toEqual({ escalated: N - 1 });
    expect((await ordersOf(ids[0]!))[0]).toMatchObject({ level_code: '371403', escalations: 1 });
  });

  it('keeps the stored light equal to lightOf: the trigger at the change, the sweep after (property)', async () => {
    const id = ids[1]!;
    const base = new Date('2026-06-01T00:00:00Z').getTime();
    const H = 3600_000;
    const samples = fc.sample(
      fc.record({
        start: fc.integer({ min: 0, max: 400 * H }),
        length: fc.integer({ min: -2 * H, max: 400 * H }),
        changedAfter: fc.integer({ min: 0, max: 400 * H }),
        sweptAfter: fc.integer({ min: 0, max: 400 * H }),
      }),
      { numRuns: 40, seed: 5 },
    );
    for (const x of samples) {
      const start = new Date(base + x.start);
      const deadline = new Date(base + x.start + x.length);
      const changed = new Date(start.getTime() + x.changedAfter);
      const swept = new Date(changed.getTime() + x.sweptAfter);
      await t.db.asOwner((owner) =>
        owner.kysely
          .updateTable('cases')
          .set({ deadline_started_at: start, deadline_at: deadline, updated_at: changed })
          .where('id', '=', id)
          .execute(),
      );
      const light = async () =>
        (await t.db.kysely.selectFrom('cases').select('light').where('id', '=', id).executeTakeFirstOrThrow())
          .light;
      expect(await light()).toBe(lightOf({ now: changed, start, deadline }));
      await sweepLights({ ...t.deps, clock: () => swept });
      expect(await light()).toBe(lightOf({ now: swept, start, deadline }));
    }
  });

  it('escalates two orders of one case in one run, chaining their ledger events', async () => {
    setClock(t, '2026-07-01T02:00:00Z');
    const c = await openCase(t, { accept: true });
    const supervisor = await t.login('supervisor.shentou');
    for (const instructions of ['第一份督办单', '第二份督办单']) {
      const res = await supervisor.post(`/api/cases/${c.id}/supervision-orders`, {
        instructions,
        dueWorkingDays: 1,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    setClock(t, '2026-07-02T16:00:01Z');
    expect(await sweepEscalations(t.deps)).toEqual({ escalated: 2 });
    const events = (await ledgerActions(t, c.id)).filter((e) => e.action === 'supervision_escalated');
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ to_level_code: '371403' }),
      expect.objectContaining({ to_level_code: '371403' }),
    ]);
    const row = await t.db.kysely
      .selectFrom('cases')
      .select(['version', 'last_seq'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.last_seq).toBe(events.at(-1)!.seq);
    expect(row.version).toBe(row.last_seq);
    expect((await verifyLedger(t.db.kysely, (x) => t.deps.crypto.sm3Hex(x))).problems).toEqual([]);
  });
});
