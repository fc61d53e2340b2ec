// The supervision routes: issuing and answering orders, leaders' instructions, the lists; who may
// (403/404), bad input refused in both languages with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';
import { act, ledgerActions, openCase, setClock } from './test-supervision.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const orderBody = { instructions: '请于两个工作日内报告调解进展。', dueWorkingDays: 2 };

async function auditCount(action: string): Promise<number> {
  const rows = await t.db.kysely.selectFrom('audit_log').select('id').where('action', '=', action).execute();
  return rows.length;
}

describe('POST /api/cases/:id/supervision-orders', () => {
  it('lets a supervisor in scope issue an order to the lead unit, on the ledger and audited', async () => {
    const c = await openCase(t, { accept: true });
    const supervisor = await t.login('supervisor.shentou');
    const res = await supervisor.post(`/api/cases/${c.id}/supervision-orders`, orderBody);
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json();
    // T0 is Sunday 15 March 2026: Monday 16 and Tuesday 17 March, due at 24:00 CST
    expect(order).toMatchObject({
      caseId: c.id,
      caseNo: c.caseNo,
      kind: 'manual',
      status: 'open',
      instructions: orderBody.instructions,
      dueAt: '2026-03-17T16:00:00.000Z',
      overdue: false,
      levelCode: '371403105',
      issuerRole: 'supervisor',
      escalations: 0,
      addressedUnitId: await t.unitId('371403105-justice'),
      answer: null,
    });
    expect(order.issuedByName).toEqual(expect.any(String));
    const events = await ledgerActions(t, c.id);
    expect(events.at(-1)).toMatchObject({
      action: 'supervision_ordered',
      actor_role: 'supervisor',
      payload: { order_id: order.id, kind: 'manual', due_at: order.dueAt, level_code: '371403105' },
    });
    expect(await auditCount('supervision.order')).toBeGreaterThanOrEqual(1);
    // the version moved like for any event: a handler on a stale page gets 409
    const stale = await (
      await t.login('dept.shentou')
    ).post(`/api/cases/${c.id}/transitions`, {
      version: c.version,
      action: 'handle',
      note: '上门调解',
    });
    expect(stale.statusCode).toBe(409);

    // a leader of the county may too, with a due instant
    const leader = await t.login('leader.lingcheng');
    const byLeader = await leader.post(`/api/cases/${c.id}/supervision-orders`, {
      instructions: '县领导督办：周五前办结。',
      dueAt: '2026-03-20T10:00:00.000Z',
    });
    expect(byLeader.statusCode, byLeader.body).toBe(201);
    expect(byLeader.json()).toMatchObject({ levelCode: '371403', dueAt: '2026-03-20T10:00:00.000Z' });
    const list = (await leader.get(`/api/cases/${c.id}/supervision-orders`)).json().items;
    expect(list.map((o: { id: string }) => o.id)).toEqual([order.id, byLeader.json().id]);
  });

  it('counts the make-up Saturday after National Day as a working day', async () => {
    setClock(t, '2026-10-08T02:00:00Z'); // Thursday 8 October, 10:00 CST
    const c = await openCase(t, { accept: true });
    const supervisor = await t.login('supervisor.shentou');
    const res = await supervisor.post(`/api/cases/${c.id}/supervision-orders`, orderBody);
    // Friday 9 and Saturday 10 October (调休上班): due at the end of the Saturday
    expect(res.json().dueAt).toBe('2026-10-10T16:00:00.000Z');
  });

  it('refuses those who may not, and cases they may not see', async () => {
    const c = await openCase(t, { accept: true });
    const url = `/api/cases/${c.id}/supervision-orders`;
    const send = (who: Client) => (h: Record<string, string>) => who.post(url, orderBody, h);
    // may read it, may not supervise
    for (const user of ['dept.shentou', 'clerk.shentou', 'dispatcher.shentou']) {
      await expectRefused(t, send(await t.login(user)), { status: 403, code: 'forbidden' });
    }
    // outside their scope or unit: as if it did not exist
    for (const user of ['supervisor.decheng', 'leader.qihe', 'mediator.shentou', 'sysadmin']) {
      await expectRefused(t, send(await t.login(user)), { status: 404 });
    }
    await expectRefused(t, send(await t.resident('13812345678')), { status: 403 });
    await expectRefused(t, send(t.anonymous()), { status: 401 });
    const supervisor = await t.login('supervisor.shentou');
    await expectRefused(
      t,
      (h) =>
        supervisor.post('/api/cases/0195a000-0000-7000-8000-000000000000/supervision-orders', orderBody, h),
      { status: 404 },
    );
  });

  it('refuses bad input in both languages and writes nothing', async () => {
    const c = await openCase(t, { accept: true });
    const supervisor = await t.login('supervisor.shentou');
    const post = (body: unknown) => (h: Record<string, string>) =>
      supervisor.post(`/api/cases/${c.id}/supervision-orders`, body, h);
    await expectRefused(t, post({ dueWorkingDays: 2 }), { status: 400, en: /instructions/ });
    await expectRefused(t, post({ instructions: '   ', dueWorkingDays: 2 }), { status: 400, en: /blank/ });
    await expectRefused(t, post({ instructions: 'x' }), {
      status: 400,
      zh: /二者选一/,
      en: /one of the two/,
    });
    await expectRefused(t, post({ ...orderBody, dueAt: '2026-03-20T10:00:00Z' }), {
      status: 400,
      en: /one of/,
    });
    await expectRefused(t, post({ instructions: 'x', dueWorkingDays: 0 }), {
      status: 400,
      en: /dueWorkingDays/,
    });
    await expectRefused(t, post({ instructions: 'x', dueWorkingDays: 61 }), { status: 400 });
    await expectRefused(t, post({ instructions: 'x', dueWorkingDays: '2' }), { status: 400 });
    await expectRefused(t, post({ instructions: 'x', dueAt: 'tomorrow' }), { status: 400, en: /dueAt/ });
    await expectRefused(t, post({ instructions: 'x', dueAt: '2020-01-01T00:00:00Z' }), {
      status: 422,
      en: /future/,
    });
    await expectRefused(t, post({ instructions: 'x', dueAt: '2027-12-01T00:00:00Z' }), {
      status: 422,
      en: /60 working days/,
    });
    await expectRefused(t, post({ ...orderBody, instructions: 'x'.repeat(2001) }), { status: 400 });
    await expectRefused(t, post({ ...orderBody, priority: 'high' }), { status: 400, en: /priority/ });
    await expectRefused(t, (h) => supervisor.post('/api/cases/not-a-uuid/supervision-orders', orderBody, h), {
      status: 400,
    });
    // a closed case is not supervised
    await act(await t.login('clerk.shentou'), c.id, { action: 'withdraw', reason: '撤回' });
    await expectRefused(t, post(orderBody), { status: 409, zh: /不能再督办/, en: /no longer be supervised/ });
  });
});

describe('POST /api/supervision-orders/:id/answer', () => {
  it('lets the lead unit answer once, on the ledger', async () => {
    const c = await openCase(t, { accept: true });
    const supervisor = await t.login('supervisor.shentou');
    const order = (await supervisor.post(`/api/cases/${c.id}/supervision-orders`, orderBody)).json();
    const url = `/api/supervision-orders/${order.id}/answer`;
    const justice = await t.login('dept.shentou');

    for (const user of ['supervisor.shentou', 'clerk.shentou', 'leader.shentou']) {
      const who = await t.login(user);
      await expectRefused(t, (h) => who.post(url, { answer: '已办' }, h), { status: 403, code: 'forbidden' });
    }
    for (const user of ['mediator.shentou', 'dept.xinhu', 'supervisor.decheng']) {
      const who = await t.login(user);
      await expectRefused(t, (h) => who.post(url, { answer: '已办' }, h), { status: 404 });
    }
    await expectRefused(t, (h) => t.anonymous().post(url, { answer: '已办' }, h), { status: 401 });
    await expectRefused(t, (h) => justice.post(url, {}, h), { status: 400, en: /answer/ });
    await expectRefused(t, (h) => justice.post(url, { answer: ' \n ' }, h), { status: 400, en: /blank/ });
    await expectRefused(
      t,
      (h) =>
        justice.post(
          '/api/supervision-orders/0195a000-0000-7000-8000-000000000000/answer',
          { answer: 'x' },
          h,
        ),
      { status: 404 },
    );

    const res = await justice.post(url, { answer: '已约双方下周一调解。' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'answered', answer: '已约双方下周一调解。' });
    expect(res.json().answeredByName).toEqual(expect.any(String));
    expect((await ledgerActions(t, c.id)).at(-1)).toMatchObject({
      action: 'supervision_answered',
      payload: { order_id: order.id },
    });
    await expectRefused(t, (h) => justice.post(url, { answer: '再答一次' }, h), {
      status: 409,
      zh: /已答复/,
      en: /already been answered/,
    });
  });
});

describe('instructions (批示)', () => {
  it('lets a leader in scope write one that shows on the case and in its ledger', async () => {
    const c = await openCase(t, { accept: true });
    const leader = await t.login('leader.shentou');
    const res = await leader.post(`/api/cases/${c.id}/instructions`, {
      text: '请司法所依法妥善处理，防止矛盾激化。',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ text: '请司法所依法妥善处理，防止矛盾激化。' });
    const events = await ledgerActions(t, c.id);
    expect(events.at(-1)).toMatchObject({ action: 'instruction', actor_role: 'leader', seq: res.json().seq });
    // the handler reads it on the case
    const list = (await (await t.login('dept.shentou')).get(`/api/cases/${c.id}/instructions`)).json().items;
    expect(list).toEqual([res.json()]);
    expect(await auditCount('supervision.instruction')).toBe(1);
  });

  it('refuses those who may not and bad input', async () => {
    const c = await openCase(t, { accept: true });
    const url = `/api/cases/${c.id}/instructions`;
    for (const user of ['supervisor.shentou', 'dept.shentou', 'dispatcher.shentou']) {
      const who = await t.login(user);
      await expectRefused(t, (h) => who.post(url, { text: '批示' }, h), { status: 403 });
    }
    for (const user of ['leader.decheng', 'mediator.shentou']) {
      const who = await t.login(user);
      await expectRefused(t, (h) => who.post(url, { text: '批示' }, h), { status: 404 });
      await expectRefused(t, (h) => who.get(url, h), { status: 404 });
    }
    const resident = await t.resident('13812345678');
    await expectRefused(t, (h) => resident.get(url, h), { status: 403 });
    const leader = await t.login('leader.dezhou');
    await expectRefused(t, (h) => leader.post(url, { text: '' }, h), { status: 400, en: /text/ });
    await expectRefused(t, (h) => leader.post(url, { text: '\t' }, h), { status: 400, en: /blank/ });
    await expectRefused(t, (h) => leader.post(url, { text: 'x', extra: 1 }, h), { status: 400 });
    expect((await leader.post(url, { text: '市领导批示：限期化解。' })).statusCode).toBe(201);
  });
});

describe('GET /api/supervision-orders', () => {
  it('lists what supervisors issued or follow up, and what handlers must answer', async () => {
    const c = await openCase(t, { accept: true });
    const supervisor = await t.login('supervisor.lingcheng');
    const a = (await supervisor.post(`/api/cases/${c.id}/supervision-orders`, orderBody)).json();
    const b = (await supervisor.post(`/api/cases/${c.id}/supervision-orders`, orderBody)).json();
    const justice = await t.login('dept.shentou');
    await justice.post(`/api/supervision-orders/${a.id}/answer`, { answer: '已办理。' });

    // earlier tests' orders of this level are in these lists too: look at this case's
    const ids = (res: { json(): { items: { id: string; caseId: string }[] } }) =>
      res
        .json()
        .items.filter((o) => o.caseId === c.id)
        .map((o) => o.id);
    expect(ids(await supervisor.get('/api/supervision-orders?mine=issued'))).toEqual([b.id, a.id]);
    expect(ids(await supervisor.get('/api/supervision-orders?mine=issued&status=open'))).toEqual([b.id]);
    expect(ids(await supervisor.get('/api/supervision-orders?mine=issued&status=answered'))).toEqual([a.id]);
    const page1 = (await supervisor.get('/api/supervision-orders?mine=issued&limit=1')).json();
    expect(page1.items.map((o: { id: string }) => o.id)).toEqual([b.id]);
    const page2 = await supervisor.get(
      `/api/supervision-orders?mine=issued&limit=1&cursor=${page1.nextCursor}`,
    );
    expect(page2.json().items.map((o: { id: string }) => o.id)).toEqual([a.id]);
    // the township's supervisor did not issue them but sees them in scope
    const township = await t.login('supervisor.shentou');
    expect(ids(await township.get('/api/supervision-orders?mine=issued'))).not.toContain(a.id);
    expect(ids(await township.get('/api/supervision-orders'))).toEqual(expect.arrayContaining([a.id, b.id]));
    // another county sees none of them
    expect(ids(await (await t.login('supervisor.decheng')).get('/api/supervision-orders'))).not.toContain(
      a.id,
    );
    // the lead unit receives them
    const received = ids(await justice.get('/api/supervision-orders?mine=received&status=open'));
    expect(received).toContain(b.id);
    expect(received).not.toContain(a.id);
    expect(ids(await (await t.login('mediator.shentou')).get('/api/supervision-orders'))).not.toContain(b.id);
  });

  it('refuses roles without oversight and bad filters', async () => {
    for (const user of ['security.shentou', 'sysadmin', 'auditor']) {
      const who = await t.login(user);
      await expectRefused(t, (h) => who.get('/api/supervision-orders', h), { status: 403 });
    }
    const justice = await t.login('dept.shentou');
    await expectRefused(t, (h) => justice.get('/api/supervision-orders?mine=issued', h), { status: 403 });
    await expectRefused(t, (h) => justice.get('/api/supervision-orders?status=closed', h), {
      status: 400,
      en: /status/,
    });
    await expectRefused(t, (h) => justice.get('/api/supervision-orders?limit=0', h), { status: 400 });
    await expectRefused(t, (h) => justice.get('/api/supervision-orders?cursor=x', h), { status: 400 });
    const resident = await t.resident('13812345678');
    await expectRefused(t, (h) => resident.get('/api/supervision-orders', h), { status: 403 });
    await expectRefused(t, (h) => t.anonymous().get('/api/supervision-orders', h), { status: 401 });
  });
});
