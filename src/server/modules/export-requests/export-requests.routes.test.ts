// Bulk exports above the threshold need a second approver (双人审批): the direct export is refused,
// the requester files a request, another account of an approving role in scope decides it, and
// the requester alone downloads it within its window, its number of downloads and its row margin.
// Every step is audited; every refusal writes nothing but its audited denial.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { takeSnapshot } from '../../../../test/helpers/db-snapshot.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';

const THRESHOLD = 3;
const HOUR = 3_600_000;
let t: TestApp;
let clerk: Client;
let leader: Client;

beforeAll(async () => {
  t = await createTestApp({
    config: { exportApproval: { threshold: THRESHOLD, validHours: 24, downloads: 2 } },
  });
  clerk = await t.login('clerk.shentou');
  leader = await t.login('leader.shentou');
  for (let i = 0; i < THRESHOLD + 1; i++) {
    const res = await clerk.post('/api/cases', buildRegistration({ title: `堆放杂物 ${i}` }));
    expect(res.statusCode, res.body).toBe(201);
  }
}, 120_000);
afterAll(async () => t?.close());
// a test that moves the clock a day on ends the idle sessions: each test signs in afresh
beforeEach(async () => {
  clerk = await t.login('clerk.shentou');
  leader = await t.login('leader.shentou');
});

const csvRows = (body: string) =>
  body
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n').length - 1;
const audits = (action: string) =>
  t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
const file = async (c: Client, query = '', reason = '季度矛盾纠纷分析需要明细') => {
  const res = await c.post(`/api/cases/export-requests${query}`, { reason });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; rows: number; status: string; expiresAt: string };
};

describe('the gate on direct exports', () => {
  it('refuses a case export above the threshold in both languages, auditing only the denial', async () => {
    const { zh, en } = await expectRefused(t, (h) => clerk.get('/api/cases/export.csv', h), {
      status: 409,
      code: 'export.approval_required',
      writes: { audit_log: 1 },
    });
    expect(zh).toContain(`共 ${THRESHOLD + 1} 条`);
    expect(en).toMatch(/more than 3 rows need a second person/);
    const denied = (await audits('case.export')).at(-1)!;
    expect(denied).toMatchObject({ result: 'denied', actor_label: 'clerk.shentou' });
    expect(denied.detail).toMatchObject({ rows: THRESHOLD + 1, threshold: THRESHOLD });
  });

  it('lets an export within the threshold through as today', async () => {
    const one = await clerk.get(`/api/cases/export.csv?q=${encodeURIComponent('堆放杂物 1')}`);
    expect(one.statusCode, one.body).toBe(200);
    expect(csvRows(one.body)).toBe(1);
  });

  it('refuses the auditor’s export of a large audit log the same way', async () => {
    const auditor = await t.login('auditor');
    await expectRefused(t, (h) => auditor.get('/api/admin/audit/export.csv', h), {
      status: 409,
      code: 'export.approval_required',
      writes: { audit_log: 1 },
    });
  });
});

describe('POST /api/cases/export-requests', () => {
  it('files a request with the export’s filters, the counted rows and a reason, audited', async () => {
    const before = await audits('export_request.file');
    const r = await file(clerk, '?state=registered&category=neighbor');
    expect(r).toMatchObject({ rows: THRESHOLD + 1, status: 'pending', kind: 'cases' });
    expect(r).toMatchObject({ filters: { state: ['registered'], category: 'neighbor' } });
    expect(new Date(r.expiresAt).getTime() - t.deps.clock().getTime()).toBe(72 * HOUR);
    const after = await audits('export_request.file');
    expect(after).toHaveLength(before.length + 1);
    // the reason may name a person: the audit keeps the request's id, not its text
    expect(after.at(-1)).toMatchObject({ target_id: r.id, result: 'success' });
    expect(JSON.stringify(after.at(-1)!.detail)).not.toContain('季度');
  });

  it('refuses a request that needs no approval, a blank reason and bad filters, writing nothing', async () => {
    await expectRefused(
      t,
      (h) =>
        clerk.post(`/api/cases/export-requests?q=${encodeURIComponent('堆放杂物 1')}`, { reason: '核对' }, h),
      { status: 422, code: 'export_request.not_needed', en: /export it directly/ },
    );
    await expectRefused(t, (h) => clerk.post('/api/cases/export-requests', { reason: '   ' }, h), {
      status: 400,
      en: /Give a reason/,
    });
    await expectRefused(t, (h) => clerk.post('/api/cases/export-requests', {}, h), {
      status: 400,
      en: /"reason" is required/,
    });
    await expectRefused(t, (h) => clerk.post('/api/cases/export-requests?state=foo', { reason: '核对' }, h), {
      status: 400,
    });
    await expectRefused(t, (h) => clerk.post('/api/cases/export-requests', { reason: '核对', extra: 1 }, h), {
      status: 400,
    });
  });

  it('refuses the anonymous, residents and the administrators, writing nothing', async () => {
    const send = (c: Client) => (h: Record<string, string>) =>
      c.post('/api/cases/export-requests', { reason: '核对' }, h);
    await expectRefused(t, send(t.anonymous()), { status: 401 });
    await expectRefused(t, send(await t.resident('13812345678')), { status: 403 });
    await expectRefused(t, send(await t.login('sysadmin')), { status: 403 });
    await expectRefused(t, send(await t.login('auditor')), { status: 403 });
  });
});

describe('deciding a request', () => {
  it('lists a pending request to the leaders of its township, county and city, not to others', async () => {
    const r = await file(clerk);
    const listed = async (c: Client) =>
      ((await c.get('/api/export-requests?box=decide')).json().items as { id: string }[]).some(
        (x) => x.id === r.id,
      );
    expect(await listed(leader)).toBe(true);
    expect(await listed(await t.login('leader.lingcheng'))).toBe(true);
    expect(await listed(await t.login('leader.dezhou'))).toBe(true);
    expect(await listed(await t.login('leader.xinhu'))).toBe(false);
    expect(await listed(await t.login('leader.decheng'))).toBe(false);
    expect(await listed(await t.login('dispatcher.shentou'))).toBe(false);
    expect(await listed(await t.login('secadmin'))).toBe(false);
    expect(await listed(clerk)).toBe(false);
    const mine = (await clerk.get('/api/export-requests')).json().items as { id: string }[];
    expect(mine.map((x) => x.id)).toContain(r.id);
  });

  it('never lets the requester approve their own request, even a leader (audited denial)', async () => {
    const own = await file(leader);
    await expectRefused(
      t,
      (h) => leader.post(`/api/export-requests/${own.id}/approve`, { reason: '同意' }, h),
      {
        status: 403,
        code: 'export_request.own_request',
        writes: { audit_log: 1 },
      },
    );
    // another leader above may
    const county = await t.login('leader.lingcheng');
    const res = await county.post(`/api/export-requests/${own.id}/approve`, { reason: '同意，限内部使用' });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('hides a request from approvers out of scope or of another kind, and refuses other roles, writing nothing', async () => {
    const r = await file(clerk);
    for (const name of ['leader.xinhu', 'secadmin']) {
      const c = await t.login(name);
      await expectRefused(t, (h) => c.post(`/api/export-requests/${r.id}/approve`, { reason: '同意' }, h), {
        status: 404,
      });
    }
    for (const name of ['dispatcher.shentou', 'supervisor.shentou', 'auditor']) {
      const c = await t.login(name);
      await expectRefused(t, (h) => c.post(`/api/export-requests/${r.id}/reject`, { reason: '不同意' }, h), {
        status: 403,
      });
    }
    await expectRefused(t, (h) => clerk.post(`/api/export-requests/${r.id}/approve`, { reason: '同意' }, h), {
      status: 403,
    });
    await expectRefused(t, (h) => leader.post(`/api/export-requests/${r.id}/approve`, { reason: ' ' }, h), {
      status: 400,
      en: /Give a reason/,
    });
    await expectRefused(
      t,
      (h) => leader.post('/api/export-requests/not-a-uuid/approve', { reason: '同意' }, h),
      {
        status: 400,
      },
    );
    const status = (await clerk.get('/api/export-requests'))
      .json()
      .items.find((x: { id: string }) => x.id === r.id);
    expect(status.status).toBe('pending');
  });

  it('rejects with a reason; a decided request cannot be decided again nor downloaded', async () => {
    const r = await file(clerk);
    const res = await leader.post(`/api/export-requests/${r.id}/reject`, { reason: '用途不明确' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'rejected',
      decisionReason: '用途不明确',
      decidedBy: { username: 'leader.shentou' },
    });
    expect((await audits('export_request.reject')).at(-1)).toMatchObject({
      target_id: r.id,
      result: 'success',
    });
    await expectRefused(
      t,
      (h) => leader.post(`/api/export-requests/${r.id}/approve`, { reason: '同意' }, h),
      {
        status: 409,
        code: 'export_request.decided',
      },
    );
    await expectRefused(t, (h) => clerk.get(`/api/export-requests/${r.id}/download`, h), {
      status: 409,
      code: 'export_request.not_approved',
    });
  });

  it('lets a pending request lapse after 72 hours', async () => {
    const r = await file(clerk);
    t.advance(72 * HOUR);
    try {
      clerk = await t.login('clerk.shentou');
      leader = await t.login('leader.shentou');
      const mine = (await clerk.get('/api/export-requests'))
        .json()
        .items.find((x: { id: string }) => x.id === r.id);
      expect(mine.status).toBe('expired');
      await expectRefused(
        t,
        (h) => leader.post(`/api/export-requests/${r.id}/approve`, { reason: '同意' }, h),
        {
          status: 409,
          code: 'export_request.decided',
        },
      );
    } finally {
      t.advance(-72 * HOUR);
    }
  });
});

describe('downloading an approved request', () => {
  it('delivers the approved filters’ rows to the requester only, a limited number of times, audited', async () => {
    const r = await file(clerk, '?category=neighbor');
    await expectRefused(t, (h) => clerk.get(`/api/export-requests/${r.id}/download`, h), {
      status: 409,
      code: 'export_request.not_approved',
    });
    const approved = await leader.post(`/api/export-requests/${r.id}/approve`, {
      reason: '同意，用于季度分析',
    });
    expect(approved.json()).toMatchObject({ status: 'approved', maxDownloads: 2 });
    expect(new Date(approved.json().expiresAt).getTime() - t.deps.clock().getTime()).toBe(24 * HOUR);

    // not the approver, not another clerk: someone else's request does not exist for them
    for (const c of [leader, await t.login('clerk.xinhu')]) {
      await expectRefused(t, (h) => c.get(`/api/export-requests/${r.id}/download`, h), { status: 404 });
    }
    const res = await clerk.get(`/api/export-requests/${r.id}/download`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="cases-\d{12}\.csv"$/);
    expect(csvRows(res.body)).toBe(r.rows);
    expect((await audits('export_request.download')).at(-1)).toMatchObject({
      target_id: r.id,
      actor_label: 'clerk.shentou',
    });
    expect((await audits('case.export')).at(-1)!.detail).toMatchObject({ exportRequest: r.id });

    expect((await clerk.get(`/api/export-requests/${r.id}/download`)).statusCode).toBe(200);
    await expectRefused(t, (h) => clerk.get(`/api/export-requests/${r.id}/download`, h), {
      status: 409,
      code: 'export_request.used',
    });
  });

  it('closes the window after its validity', async () => {
    const r = await file(clerk);
    await leader.post(`/api/export-requests/${r.id}/approve`, { reason: '同意' });
    t.advance(24 * HOUR);
    try {
      clerk = await t.login('clerk.shentou');
      await expectRefused(t, (h) => clerk.get(`/api/export-requests/${r.id}/download`, h), {
        status: 409,
        code: 'export_request.expired',
        en: /expired/,
      });
    } finally {
      t.advance(-24 * HOUR);
    }
  });

  it('refuses when the matching rows grew beyond the approval’s margin', async () => {
    const r = await file(clerk, `?q=${encodeURIComponent('堆放杂物')}`);
    await leader.post(`/api/export-requests/${r.id}/approve`, { reason: '同意' });
    // the ceiling of 4 approved rows is 5: one more still delivers, two more do not
    await clerk.post('/api/cases', buildRegistration({ title: '堆放杂物 新增1' }));
    const ok = await clerk.get(`/api/export-requests/${r.id}/download`);
    expect(ok.statusCode).toBe(200);
    expect(csvRows(ok.body)).toBe(r.rows + 1);
    await clerk.post('/api/cases', buildRegistration({ title: '堆放杂物 新增2' }));
    const { en } = await expectRefused(t, (h) => clerk.get(`/api/export-requests/${r.id}/download`, h), {
      status: 409,
      code: 'export_request.grown',
      writes: { audit_log: 1 },
    });
    expect(en).toContain(`from ${r.rows} when approved to ${r.rows + 2}`);
  });

  it('lets the auditor export the audit log once the security administrator approves, frozen at filing', async () => {
    // the fixed clock stamps every log-in at one instant; the filing is a second later
    t.advance(1000);
    const auditor = await t.login('auditor');
    const res = await auditor.post('/api/admin/audit/export-requests?action=auth.', {
      reason: '等保测评抽查',
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r.filters).toMatchObject({ action: 'auth.', to: t.deps.clock().toISOString() });
    const secadmin = await t.login('secadmin');
    const decide = (await secadmin.get('/api/export-requests?box=decide'))
      .json()
      .items.map((x: { id: string }) => x.id);
    expect(decide).toContain(r.id);
    expect((await secadmin.post(`/api/export-requests/${r.id}/approve`, { reason: '同意' })).statusCode).toBe(
      200,
    );
    // later log-ins do not enter the approved file
    t.advance(1000);
    await t.login('clerk.xinhu');
    const csv = await auditor.get(`/api/export-requests/${r.id}/download`, { 'accept-language': 'en' });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csvRows(csv.body)).toBe(r.rows);
    expect(csv.body.startsWith('\uFEFFid,time (CST)')).toBe(true);
  });

  it('counts one download when two race for the last one', async () => {
    const r = await file(clerk);
    await leader.post(`/api/export-requests/${r.id}/approve`, { reason: '同意' });
    await clerk.get(`/api/export-requests/${r.id}/download`);
    const snap = await takeSnapshot(t.db);
    const both = await Promise.all([1, 2].map(() => clerk.get(`/api/export-requests/${r.id}/download`)));
    expect(both.map((x) => x.statusCode).sort()).toEqual([200, 409]);
    const row = await t.db.kysely
      .selectFrom('export_requests')
      .selectAll()
      .where('id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(row.downloads).toBe(2);
    expect((await snap.changes()).export_requests).toBe(0);
  });
});
