// The audit administrator reads the audit log and the PII-access log, and nothing else; no one
// else reads them (三员分立).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';

let t: TestApp;
let auditor: Client;
let caseNo: string;
let accountId: string;

interface Entry {
  id: string;
  at: string;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  result: string;
  detail: Record<string, unknown>;
}

beforeAll(async () => {
  t = await createTestApp();
  auditor = await t.login('auditor');
  // some history: a failed log-in, an account created, a clear read of a party's phone
  await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'clerk.shentou', password: 'Wrong#Pass2026' },
    remoteAddress: '10.98.0.1',
  });
  t.advance(60_000);
  const secadmin = await t.login('secadmin');
  const created = await secadmin.post('/api/admin/users', {
    username: 'clerk.audited',
    displayName: '被审计者',
    role: 'clerk',
    unitId: await t.unitId('371403105-center'),
  });
  accountId = created.json().account.id;
  t.advance(60_000);
  const clerk = await t.login('clerk.shentou');
  const c = (await clerk.post('/api/cases', buildRegistration())).json();
  caseNo = c.caseNo;
  const detail = (await clerk.get(`/api/cases/${c.id}`)).json();
  const partyId = detail.parties[0].id;
  const unmask = await clerk.post(`/api/cases/${c.id}/parties/${partyId}/unmask`, {
    field: 'phone',
    reason: '电话回访申请人',
  });
  expect(unmask.statusCode, unmask.body).toBe(200);
});
afterAll(async () => t?.close());

const list = async (query = '') => {
  const res = await auditor.get(`/api/admin/audit${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Entry[]; nextCursor: string | null };
};

describe('the audit log', () => {
  it('shows every entry newest first and filters by actor, action prefix, target, result and period', async () => {
    const all = (await list('?limit=200')).items;
    expect(all.length).toBeGreaterThan(4);
    expect([...all.map((e) => e.id)].sort().reverse()).toEqual(all.map((e) => e.id));

    const creation = (await list('?action=account.')).items;
    expect(creation).toHaveLength(1);
    expect(creation[0]).toMatchObject({
      actorLabel: 'secadmin',
      action: 'account.create',
      targetType: 'user',
      targetId: accountId,
      result: 'success',
    });
    expect(JSON.stringify(creation[0]!.detail)).not.toContain('被审计者');

    const failed = (await list('?action=auth.login&result=failure')).items;
    expect(failed.map((e) => e.actorLabel)).toEqual(['clerk.shentou']);
    expect(failed[0]!.detail).toEqual({ reason: 'bad_password' });
    expect((await list('?actor=secadmin')).items.every((e) => e.actorLabel === 'secadmin')).toBe(true);
    expect((await list(`?targetType=user&targetId=${accountId}`)).items).toHaveLength(1);

    // the period: from the creation on, and up to (not including) it
    const at = creation[0]!.at;
    const since = (await list(`?from=${encodeURIComponent(at)}`)).items;
    expect(since.every((e) => e.at >= at)).toBe(true);
    const until = (await list(`?to=${encodeURIComponent(at)}`)).items;
    expect(until.every((e) => e.at < at)).toBe(true);
    expect(since.length + until.length).toBe(all.length);
  });

  it('pages by id without gaps or repeats', async () => {
    const all = (await list('?limit=200')).items.map((e) => e.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...p.items.map((e) => e.id));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('refuses bad filters', async () => {
    await expectRefused(t, (h) => auditor.get('/api/admin/audit?result=maybe', h), { status: 400 });
    await expectRefused(t, (h) => auditor.get('/api/admin/audit?from=yesterday', h), { status: 400 });
    await expectRefused(t, (h) => auditor.get('/api/admin/audit?cursor=123', h), { status: 400 });
    await expectRefused(t, (h) => auditor.get('/api/admin/audit?unknown=1', h), { status: 400 });
    await expectRefused(
      t,
      (h) => auditor.get('/api/admin/audit?from=2026-03-16T00:00:00Z&to=2026-03-15T00:00:00Z', h),
      { status: 400, code: 'period.from_after_to', en: /start date/ },
    );
  });
});

describe('the PII-access log', () => {
  it('says who read which field of which case and why, never the value', async () => {
    const res = await auditor.get('/api/admin/pii-access');
    expect(res.statusCode, res.body).toBe(200);
    const { items } = res.json();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      actorUsername: 'clerk.shentou',
      actorRole: 'clerk',
      caseNo,
      field: 'phone',
      partyRole: 'applicant',
      reason: '电话回访申请人',
    });
    expect(JSON.stringify(items[0])).not.toContain('13812345678');
    const q = async (query: string) =>
      (await auditor.get(`/api/admin/pii-access${query}`)).json().items.length;
    expect(await q('?actor=clerk.shentou')).toBe(1);
    expect(await q('?actor=dispatcher.shentou')).toBe(0);
    expect(await q(`?caseNo=${caseNo}`)).toBe(1);
    expect(await q('?field=id_number')).toBe(0);
    await expectRefused(t, (h) => auditor.get('/api/admin/pii-access?field=salary', h), { status: 400 });
  });
});

describe('三员分立: only the audit administrator reads the logs', () => {
  it('refuses the other administrators and every staff role', async () => {
    for (const username of ['sysadmin', 'secadmin', 'clerk.shentou', 'supervisor.dezhou', 'leader.dezhou']) {
      const c = await t.login(username);
      await expectRefused(t, (h) => c.get('/api/admin/audit', h), { status: 403, code: 'auth.forbidden' });
      await expectRefused(t, (h) => c.get('/api/admin/pii-access', h), { status: 403 });
    }
    await expectRefused(t, (h) => t.anonymous().get('/api/admin/audit', h), { status: 401 });
    await expectRefused(t, (h) => t.anonymous().get('/api/admin/pii-access', h), { status: 401 });
  });

  it('gives the audit administrator the logs only: no accounts, no configuration', async () => {
    expect((await auditor.get('/api/admin/users')).statusCode).toBe(403);
    expect((await auditor.get('/api/admin/units')).statusCode).toBe(403);
    expect((await auditor.get('/api/admin/categories')).statusCode).toBe(403);
  });
});
