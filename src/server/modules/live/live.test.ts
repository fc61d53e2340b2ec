// Live updates over server-sent events, on a real listening server: who receives what, that a
// rolled-back change is never announced, light changes, session expiry and logout, closing.
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistration, createTestApp, type TestApp } from '../../../../test/helpers/test-app.js';
import { withTransaction } from '../../db/transaction.js';
import { sweepLights } from '../supervision/supervision.sweeps.js';
import { act, openCase } from '../supervision/test-supervision.js';
import { connectSse, type SseClient, type SseEvent } from './test-sse-client.js';

let t: TestApp;
let base: string;
const streams: SseClient[] = [];

beforeAll(async () => {
  process.env.YIMEN_SSE_HEARTBEAT_MS = '100';
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of streams) s.close();
  delete process.env.YIMEN_SSE_HEARTBEAT_MS;
  await t?.close();
});

async function stream(user: string): Promise<SseClient> {
  const client = await t.login(user);
  const s = await connectSse(base, client.cookie);
  streams.push(s);
  expect(s.status).toBe(200);
  await s.waitFor((e) => e.event === 'ready');
  return s;
}

const about = (caseId: string, action?: string) => (e: SseEvent) =>
  e.event === 'case' &&
  (e.data as { caseId: string }).caseId === caseId &&
  (action === undefined || (e.data as { action: string }).action === action);

describe('GET /api/events/stream', () => {
  it('answers 401 without a session and 403 to a resident', async () => {
    const anon = await t.anonymous().get('/api/events/stream');
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('auth.required');
    const resident = await t.resident('13812345678');
    expect((await resident.get('/api/events/stream')).statusCode).toBe(403);
  });

  it('delivers a change to the users who may read the case, and to no one else', async () => {
    const leader = await stream('leader.shentou');
    const justice = await stream('dept.shentou');
    const otherCounty = await stream('supervisor.decheng');
    const mediation = await stream('mediator.shentou');

    const c = await openCase(t);
    const assigned = await leader.waitFor(about(c.id, 'assign'));
    expect(assigned.data).toEqual({
      caseId: c.id,
      caseNo: c.caseNo,
      action: 'assign',
      state: 'assigned',
      version: 2,
      regionCode: '371403105200',
      light: 'green',
    });
    await leader.waitFor(about(c.id, 'register'));
    // the justice office leads it now
    await justice.waitFor(about(c.id, 'assign'));

    // a case in another county reaches that county's supervisor only
    const xinhu = await t.login('clerk.xinhu');
    const other = await xinhu.post('/api/cases', buildRegistration({ regionCode: '371402001021' }));
    expect(other.statusCode, other.body).toBe(201);
    await otherCounty.waitFor(about(other.json().id, 'register'));
    // one more change in 神头镇, so that everything before it has been delivered
    await act(await t.login('dept.shentou'), c.id, { action: 'accept' });
    await leader.waitFor(about(c.id, 'accept'));
    await justice.waitFor(about(c.id, 'accept'));
    expect(leader.events.some(about(other.json().id))).toBe(false);
    expect(justice.events.some(about(other.json().id))).toBe(false);
    expect(otherCounty.events.some(about(c.id))).toBe(false);
    expect(mediation.events.some(about(c.id))).toBe(false);
  });

  it('never announces a change that rolled back', async () => {
    const leader = await stream('leader.shentou');
    const c = await openCase(t, { accept: true });
    await leader.waitFor(about(c.id, 'accept'));
    // an event row written and rolled back: its notification dies with it
    await expect(
      withTransaction(t.deps.db, async (trx) => {
        await sql`insert into case_events (county_code, case_id, seq, at, actor_role, action, to_state,
                    payload, body, prev_hash, hash)
                  values ('371403', ${c.id}, 999, now(), 'system', 'ghost', 'in_progress', '{}', '{}', 'x', 'y')`.execute(
          trx,
        );
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await act(await t.login('dept.shentou'), c.id, { action: 'handle', note: '上门调解' });
    await leader.waitFor(about(c.id, 'handle'));
    expect(leader.events.some(about(c.id, 'ghost'))).toBe(false);
  });

  it('announces light changes made by the sweep', async () => {
    const leader = await stream('leader.shentou');
    const c = await openCase(t, { accept: true });
    // a clock of four hours that started three hours ago: yellow since 20 minutes
    const now = t.deps.clock().getTime();
    await t.db.asOwner(async (owner) => {
      await owner.kysely
        .updateTable('cases')
        .set({
          deadline_started_at: new Date(now - 3 * 3600_000),
          deadline_at: new Date(now + 3600_000),
          updated_at: new Date(now - 2 * 3600_000),
        })
        .where('id', '=', c.id)
        .execute();
    });
    expect(await sweepLights(t.deps)).toMatchObject({ yellow: 1 });
    const changed = await leader.waitFor(about(c.id, 'light_changed'));
    expect(changed.data).toMatchObject({ light: 'yellow', state: 'in_progress', caseNo: c.caseNo });
  });

  it('ends the stream when the session idles out or logs out', async () => {
    const idle = await stream('leader.shentou');
    t.advance(31 * 60_000);
    await idle.waitFor((e) => e.event === 'session_expired', 3000);
    await idle.ended;

    const client = await t.login('supervisor.shentou');
    const s = await connectSse(base, client.cookie);
    streams.push(s);
    await s.waitFor((e) => e.event === 'ready');
    expect((await client.post('/api/auth/logout')).statusCode).toBeLessThan(300);
    await s.waitFor((e) => e.event === 'session_expired', 3000);
    await s.ended;
  });

  it('ends open streams when the server closes, without hanging', async () => {
    const s = await stream('leader.shentou');
    const started = Date.now();
    await t.app.close();
    await s.ended;
    expect(s.events.at(-1)?.event).toBe('server_closing');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
