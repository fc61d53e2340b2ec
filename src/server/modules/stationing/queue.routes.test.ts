import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';

let t: TestApp;
let clerk: Client;
let dispatcher: Client;
let center: string;
let justice: string;

beforeAll(async () => {
  t = await createTestApp();
  clerk = await t.login('clerk.shentou');
  dispatcher = await t.login('dispatcher.shentou');
  center = await t.unitId('371403105-center');
  justice = await t.unitId('371403105-justice');
});
afterAll(async () => t?.close());

const queueUrl = () => `/api/centers/${center}/queue`;

describe('queue numbers (叫号) at the window', () => {
  it('hands out distinct sequential numbers under concurrency and calls them in order', async () => {
    const taken = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? clerk : dispatcher).post(queueUrl(), i === 3 ? { unitId: justice } : {}),
      ),
    );
    expect(taken.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    expect(taken.map((r) => r.json().number).sort((a: number, b: number) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    expect(new Set(taken.map((r) => r.json().day))).toEqual(new Set(['2026-03-15']));

    const first = await clerk.post(`${queueUrl()}/call-next`, {});
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().number).toBe(1);
    // the 司法所 window calls the first number that asked for it
    const forJustice = await dispatcher.post(`${queueUrl()}/call-next`, { unitId: justice });
    expect(forJustice.json()).toMatchObject({ unitId: justice });
    expect((await clerk.post(`/api/queue-tickets/${first.json().id}/skip`)).json()).toEqual({
      status: 'skipped',
    });
    expect((await clerk.post(`/api/queue-tickets/${first.json().id}/recall`)).json()).toEqual({
      status: 'called',
    });
    expect((await clerk.post(`/api/queue-tickets/${first.json().id}/serve`)).json()).toEqual({
      status: 'served',
    });
    const second = await clerk.post(`${queueUrl()}/call-next`, {});
    expect(second.json().number).toBe(2);

    const list = (await clerk.get(queueUrl())).json();
    expect(list.tickets).toHaveLength(8);
    expect(list.tickets[0]).toMatchObject({ number: 1, status: 'served' });

    // numbers start again at 1 the next CST day (after 24:00 CST)
    t.advance(15 * 3600_000); // Monday 00:30 CST
    const monday = await (await t.login('clerk.shentou')).post(queueUrl(), {});
    expect(monday.json()).toMatchObject({ day: '2026-03-16', number: 1 });
  });

  it('lets only the center’s window hand out and call numbers', async () => {
    for (const user of [
      'clerk.xinhu',
      'leader.shentou',
      'dept.shentou',
      'sysadmin',
      'dispatcher.lingcheng',
    ]) {
      const c = await t.login(user);
      expect((await c.post(queueUrl(), {})).statusCode, user).toBe(403);
      expect((await c.post(`${queueUrl()}/call-next`, {})).statusCode, user).toBe(403);
    }
    expect((await t.anonymous().post(queueUrl(), {})).statusCode).toBe(401);
    const c = await t.login('clerk.shentou');
    const ticket = (await c.post(queueUrl(), {})).json();
    const other = await t.login('clerk.xinhu');
    expect((await other.post(`/api/queue-tickets/${ticket.id}/serve`)).statusCode).toBe(403);
  });

  it('refuses bad requests with a readable message and writes nothing', async () => {
    const c = await t.login('clerk.shentou');
    // drain the queue first
    while ((await c.post(`${queueUrl()}/call-next`, {})).statusCode === 200);
    await expectRefused(t, (h) => c.post(`${queueUrl()}/call-next`, {}, h), {
      status: 409,
      code: 'stationing.queue_empty',
      zh: /没有等候/,
      en: /Nobody is waiting/,
    });
    const other = await t.unitId('371402-housing');
    await expectRefused(t, (h) => c.post(queueUrl(), { unitId: other }, h), {
      status: 422,
      code: 'stationing.unknown_department',
    });
    const ticket = (await c.post(queueUrl(), {})).json();
    await expectRefused(t, (h) => c.post(`/api/queue-tickets/${ticket.id}/serve`, undefined, h), {
      status: 409,
      code: 'stationing.ticket_state',
    });
    await expectRefused(t, (h) => c.post(`/api/queue-tickets/${ticket.id}/finish`, undefined, h), {
      status: 400,
    });
  });
});
