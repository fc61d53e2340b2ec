// GET /api/cases/export.csv: the filtered list as a CSV Excel opens in Chinese, within the
// caller's visibility, capped, and audited as an export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';
import type { AuthContext } from '../auth/auth.service.js';
import { exportCases } from './export-cases.js';
import { csvCell } from './export-csv.js';

let t: TestApp;
let clerk: Client;
let shentou: { id: string; caseNo: string }[];
let xinhu: { id: string; caseNo: string };

beforeAll(async () => {
  t = await createTestApp();
  clerk = await t.login('clerk.shentou');
  const reg = async (c: Client, overrides: Record<string, unknown>) => {
    const res = await c.post('/api/cases', buildRegistration(overrides));
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; caseNo: string };
  };
  shentou = [
    await reg(clerk, { title: '通道堆放杂物' }),
    await reg(clerk, { title: '=HYPERLINK("http://x","点我")', categoryCode: 'labor', riskLevel: 'red' }),
  ];
  xinhu = await reg(await t.login('clerk.xinhu'), { regionCode: '371402001021', title: '新湖的案件' });
});
afterAll(async () => t?.close());

/** Rows of a CSV body (no quoted line breaks in these fixtures). */
const rows = (body: string) =>
  body
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');

describe('GET /api/cases/export.csv', () => {
  it('streams the visible cases as UTF-8 CSV with a BOM and Chinese headers, and audits the export', async () => {
    const before = await t.db.kysely
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'case.export')
      .execute();
    const res = await clerk.get('/api/cases/export.csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="cases-\d{12}\.csv"$/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = rows(res.body);
    expect(lines[0]).toBe(
      '案件编号,标题,状态,纠纷类别,来源渠道,所在地,风险等级,办理层级,主办单位,退回待审定,办理时限,时限灯,登记时间',
    );
    expect(lines).toHaveLength(3);
    // newest first, as the list
    expect(lines[1]).toMatch(new RegExp(`^${shentou[1]!.caseNo},`));
    expect(lines[2]).toMatch(new RegExp(`^${shentou[0]!.caseNo},通道堆放杂物,待受理,邻里纠纷,窗口,`));
    expect(lines[2]).toMatch(/,2026-03-15 09:30$/);
    expect(res.body).not.toContain(xinhu.caseNo);

    const audits = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'case.export')
      .orderBy('at')
      .execute();
    expect(audits).toHaveLength(before.length + 1);
    const audit = audits.at(-1)!;
    expect(audit.actor_label).toBe('clerk.shentou');
    expect(audit.result).toBe('success');
    expect(audit.detail).toMatchObject({ format: 'csv', cap: 50000 });
  });

  it('neutralises formulas in text cells (CSV injection)', async () => {
    const res = await clerk.get('/api/cases/export.csv?risk=red');
    const lines = rows(res.body);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,"'=HYPERLINK(""http://x"",""点我"")",`);
    expect(csvCell('+86 138')).toBe("'+86 138");
    expect(csvCell('a,b')).toBe('"a,b"');
  });

  it('answers in English when asked, and applies the list filters', async () => {
    const res = await clerk.get('/api/cases/export.csv?category=neighbor&state=registered', {
      'accept-language': 'en-US,en;q=0.9',
    });
    expect(res.statusCode).toBe(200);
    const lines = rows(res.body);
    expect(lines[0]!.startsWith('Case no.,Title,State,Category,Channel,Place')).toBe(true);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',Registered,Neighbor dispute,Window,');
    const none = await clerk.get('/api/cases/export.csv?q=不存在的内容');
    expect(rows(none.body)).toHaveLength(1);
    // the free text may name a person: the audit keeps only that there was one
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'case.export')
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.detail)).not.toContain('不存在');
  });

  it('stops at the cap', async () => {
    const auth = { kind: 'staff' as const, tokenHash: '', ...(await authOf('clerk.shentou')) } as AuthContext;
    const stream = await exportCases(t.deps, auth, {}, { lang: 'zh-CN', ip: null, cap: 1 });
    let body = '';
    for await (const chunk of stream) body += String(chunk);
    expect(rows(body)).toHaveLength(2);
  });

  it('shows another township nothing of this one', async () => {
    const res = await (await t.login('clerk.xinhu')).get('/api/cases/export.csv');
    const lines = rows(res.body);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(xinhu.caseNo);
  });

  it('refuses the anonymous, administrators and residents, writing nothing', async () => {
    await expectRefused(t, (h) => t.anonymous().get('/api/cases/export.csv', h), { status: 401 });
    const sysadmin = await t.login('sysadmin');
    await expectRefused(t, (h) => sysadmin.get('/api/cases/export.csv', h), { status: 403 });
    const resident = await t.resident('13812345678');
    await expectRefused(t, (h) => resident.get('/api/cases/export.csv', h), { status: 403 });
  });

  it('refuses bad filters in both languages, writing nothing', async () => {
    await expectRefused(t, (h) => clerk.get('/api/cases/export.csv?state=foo', h), { status: 400 });
    await expectRefused(t, (h) => clerk.get('/api/cases/export.csv?region=abc', h), { status: 400 });
    await expectRefused(t, (h) => clerk.get('/api/cases/export.csv?limit=10', h), {
      status: 400,
      en: /unknown field "limit"/,
    });
    await expectRefused(t, (h) => clerk.get('/api/cases/export.csv?relation=lead', h), {
      status: 400,
      en: /"unit" is required/,
    });
  });
});

/** The staff auth context of a demo user, as the auth plugin builds it. */
async function authOf(username: string) {
  const me = (await (await t.login(username)).get('/api/me')).json();
  const u = me.user;
  return {
    user: u,
    actor: { role: u.role, userId: u.id, unitId: u.unitId, scopeCode: u.scopeCode },
  };
}
