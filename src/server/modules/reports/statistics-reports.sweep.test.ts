// The schedule of the statistics reports: for a given clock, each center's region gets the reports
// of the periods that have ended, stored once (a re-run, or two runs at once, store nothing more);
// the stored ones are listed and downloaded by scope, each download audited.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../../../test/helpers/pdf-text.js';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { createTestApp, type TestApp } from '../../../../test/helpers/test-app.js';
import { sm3Hex } from '../../crypto/pii-crypto.js';
import { setNow } from '../analytics/test-data.js';
import { sweepStatisticsReports } from './statistics-reports.sweep.js';

let t: TestApp;
const SHENTOU = '371403105';

beforeAll(async () => {
  t = await createTestApp();
}, 120_000);
afterAll(async () => t?.close());

const stored = () =>
  t.db.kysely
    .selectFrom('statistics_reports')
    .selectAll()
    .orderBy('period_start')
    .orderBy('period_kind')
    .execute();
const filesOnDisk = () => {
  const dir = path.join(t.deps.config.dataDir, 'statistics-reports');
  try {
    return readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => /\.(xlsx|pdf)$/.test(f));
  } catch {
    return [];
  }
};

describe('the schedule', () => {
  it('stores the last ended week, month, quarter and year of a center once', async () => {
    // Sunday 2026-03-15, 09:30 CST: the week of 03-02, February, the fourth quarter, 2025
    expect(await sweepStatisticsReports(t.deps, { prefix: SHENTOU })).toEqual({ generated: 4, pending: 0 });
    const rows = await stored();
    expect(rows.map((r) => [r.region_code, r.period_kind, r.period_start, r.period_end])).toEqual([
      [SHENTOU, 'year', '2025-01-01', '2025-12-31'],
      [SHENTOU, 'quarter', '2025-10-01', '2025-12-31'],
      [SHENTOU, 'month', '2026-02-01', '2026-02-28'],
      [SHENTOU, 'week', '2026-03-02', '2026-03-08'],
    ]);
    for (const r of rows) {
      const xlsx = readFileSync(path.join(t.deps.config.dataDir, r.xlsx_key));
      const pdf = readFileSync(path.join(t.deps.config.dataDir, r.pdf_key));
      expect([xlsx.length, sm3Hex(xlsx), pdf.length, sm3Hex(pdf)]).toEqual([
        r.xlsx_bytes,
        r.xlsx_sm3,
        r.pdf_bytes,
        r.pdf_sm3,
      ]);
      expect(r.lang).toBe('zh-CN');
    }
    // a re-run at the same clock stores nothing more
    expect(await sweepStatisticsReports(t.deps, { prefix: SHENTOU })).toEqual({ generated: 0, pending: 0 });
    expect(await stored()).toHaveLength(4);
    expect(filesOnDisk()).toHaveLength(8);
  });

  it('on Monday the week just ended; two runs at once store it once and leave no stray file', async () => {
    setNow(t, '2026-03-16T02:00:00+08:00');
    const runs = await Promise.all([
      sweepStatisticsReports(t.deps, { prefix: SHENTOU }),
      sweepStatisticsReports(t.deps, { prefix: SHENTOU }),
    ]);
    expect(runs.reduce((n, r) => n + r.generated, 0)).toBe(1);
    const rows = await stored();
    expect(rows).toHaveLength(5);
    expect(rows.filter((r) => r.period_kind === 'week').map((r) => r.period_start)).toEqual([
      '2026-03-02',
      '2026-03-09',
    ]);
    expect(filesOnDisk()).toHaveLength(10);
  });

  it('makes at most `limit` reports a run and says how many are left', async () => {
    const centers = await t.db.kysely
      .selectFrom('units')
      .select('region_code')
      .distinct()
      .where('kind', '=', 'center')
      .where('region_code', 'like', '371403%')
      .execute();
    const expected = centers.length * 4 - 4; // 神头镇's four are stored
    expect(await sweepStatisticsReports(t.deps, { prefix: '371403', limit: 2 })).toEqual({
      generated: 2,
      pending: expected - 2,
    });
    // the county first (codes in order)
    const county = (await stored()).filter((r) => r.region_code === '371403');
    expect(county.map((r) => r.period_kind).sort()).toEqual(['month', 'week']);
  });
});

describe('GET /api/reports and GET /api/reports/:id/file', () => {
  it('lists the stored reports under the caller’s scope, newest period first', async () => {
    const supervisor = await t.login('supervisor.lingcheng');
    const res = await supervisor.get('/api/reports');
    expect(res.statusCode, res.body).toBe(200);
    const { items, nextOffset } = res.json();
    expect(items).toHaveLength(7);
    expect(nextOffset).toBeNull();
    expect(items[0]).toMatchObject({
      regionCode: expect.stringMatching(/^371403/),
      periodKind: 'week',
      periodStart: '2026-03-09',
      periodName: expect.stringContaining('2026年第11周'),
    });
    const page = (await supervisor.get('/api/reports?region=371403105&kind=week&limit=1')).json();
    expect(page.items.map((i: { periodStart: string }) => i.periodStart)).toEqual(['2026-03-09']);
    expect(page.nextOffset).toBe(1);
    const en = await supervisor.get('/api/reports?region=371403105&kind=month', { 'accept-language': 'en' });
    expect(en.json().items.map((i: { periodName: string }) => i.periodName)).toEqual(['February 2026']);
    // a township's dispatcher sees their own; another county's sees none of these
    const shentou = (await (await t.login('dispatcher.shentou')).get('/api/reports')).json();
    expect(shentou.items).toHaveLength(5);
    const decheng = (await (await t.login('dispatcher.decheng')).get('/api/reports')).json();
    expect(decheng.items).toEqual([]);
  });

  it('downloads the stored files as they were made, audited', async () => {
    const [row] = (await stored()).filter((r) => r.region_code === SHENTOU && r.period_kind === 'month');
    const dispatcher = await t.login('dispatcher.shentou');
    const xlsx = await dispatcher.get(`/api/reports/${row!.id}/file?format=xlsx`);
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers['content-disposition']).toContain('statistics-371403105-month-2026-02-01.xlsx');
    expect(sm3Hex(xlsx.rawPayload)).toBe(row!.xlsx_sm3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('汇总')!.getCell(1, 1).value).toBe('神头镇矛盾纠纷化解工作统计报表（2026年2月）');
    const pdf = await dispatcher.get(`/api/reports/${row!.id}/file?format=pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdfText(pdf.rawPayload)).toContain('神头镇矛盾纠纷化解工作统计报表（2026年2月）');
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select(['actor_label', 'target_id', 'detail'])
      .where('action', '=', 'report.download')
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({ actor_label: 'dispatcher.shentou', target_id: row!.id, detail: expect.objectContaining({ format: 'xlsx' }) }), // prettier-ignore
      expect.objectContaining({ actor_label: 'dispatcher.shentou', target_id: row!.id, detail: expect.objectContaining({ format: 'pdf' }) }), // prettier-ignore
    ]);
  });

  it('refuses a report outside the scope (404), other roles (403), a bad format and a region outside', async () => {
    const [row] = await stored();
    const decheng = await t.login('dispatcher.decheng');
    await expectRefused(t, (h) => decheng.get(`/api/reports/${row!.id}/file`, h), { status: 404 });
    const supervisor = await t.login('supervisor.lingcheng');
    await expectRefused(
      t,
      (h) => supervisor.get('/api/reports/0190b6a2-6f3e-7000-8000-000000000000/file', h),
      {
        status: 404,
      },
    );
    await expectRefused(t, (h) => supervisor.get(`/api/reports/${row!.id}/file?format=docx`, h), {
      status: 400,
    });
    await expectRefused(t, (h) => supervisor.get('/api/reports?region=371402', h), {
      status: 403,
      code: 'analytics.region_out_of_scope',
    });
    await expectRefused(t, (h) => supervisor.get('/api/reports?kind=day', h), { status: 400 });
    const clerk = await t.login('clerk.shentou');
    await expectRefused(t, (h) => clerk.get(`/api/reports/${row!.id}/file`, h), {
      status: 403,
      code: 'analytics.forbidden',
    });
    await expectRefused(t, (h) => clerk.get('/api/reports', h), { status: 403, code: 'analytics.forbidden' });
  });
});
