// The periodic statistics report on the hand-made month of the analytics suites (test-data.ts):
// every figure of the workbook, read back with exceljs, equals what the dashboards' API answers
// for the same region and period; the PDF says the same; headers follow the request's language;
// who may make one, refused input, and the audit record of each export.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../../../test/helpers/pdf-text.js';
import { createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { seedHandMade, type HandMade } from '../analytics/test-data.js';
import { HEADER_ROW } from './statistics-xlsx.js';

let t: TestApp;
let data: HandMade;
let supervisor: Client; // 陵城区
let dispatcher: Client; // 神头镇
let otherCounty: Client; // 德城区
const MARCH = 'from=2026-03-01&to=2026-03-31';
const REPORT = '/api/reports/statistics.xlsx?region=371403&period=month&date=2026-03-01';

beforeAll(async () => {
  t = await createTestApp();
  data = await seedHandMade(t);
  // two call-backs of March's concluded cases: A reached and satisfied, C not reached yet
  const checker = await t.db.kysely
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'supervisor.lingcheng')
    .executeTakeFirstOrThrow();
  const cases = await t.db.kysely
    .selectFrom('cases')
    .select(['id', 'region_code', 'concluded_at'])
    .where('id', 'in', [data.ids.A, data.ids.C])
    .execute();
  const now = t.deps.clock();
  await t.db.kysely
    .insertInto('quality_checks')
    .values(
      cases.map((c) => ({
        id: t.deps.newId(),
        county_code: '371403',
        case_id: c.id,
        week_start: '2026-03-02',
        region_code: c.region_code,
        concluded_at: c.concluded_at!,
        assigned_to: checker.id,
        status: c.id === data.ids.A ? ('done' as const) : ('pending' as const),
        satisfaction: c.id === data.ids.A ? ('satisfied' as const) : null,
        reopen_needed: c.id === data.ids.A ? false : null,
        recorded_at: c.id === data.ids.A ? now : null,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  supervisor = await t.login('supervisor.lingcheng');
  dispatcher = await t.login('dispatcher.shentou');
  otherCounty = await t.login('dispatcher.decheng');
}, 300_000);
afterAll(async () => t?.close());

async function get(c: Client, url: string, headers?: Record<string, string>) {
  const res = await c.get(url, headers);
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

/** Each sheet's table: the header row's texts and the rows under it, keyed by their first cell. */
async function workbook(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheets = new Map<string, { columns: string[]; rows: Map<string, unknown[]> }>();
  wb.eachSheet((ws) => {
    const columns = (ws.getRow(HEADER_ROW).values as unknown[]).slice(1).map(String);
    const rows = new Map<string, unknown[]>();
    for (let r = HEADER_ROW + 1; r <= ws.rowCount; r++) {
      const values = (ws.getRow(r).values as unknown[]).slice(1);
      // a table ends at its first empty row (a note may follow)
      if (values.length === 0 || values[0] === undefined) break;
      // exceljs leaves out the empty cells at a row's end
      const cells = Array.from({ length: columns.length - 1 }, (_, i) => values[i + 1] ?? null);
      rows.set(String(values[0]), cells);
    }
    sheets.set(ws.name, { columns, rows });
  });
  return { wb, sheets };
}

/** The eight figures of a breakdown row as the workbook orders them. */
const breakdown = (c: Record<string, number | null>, now: { open: number; overdue: number }) => [
  c.received,
  c.concluded,
  c.resolved,
  c.conclusionRate,
  c.onTimeRate,
  c.resolutionRate,
  c.satisfactionRate,
  now.open,
  now.overdue,
];

describe('GET /api/reports/statistics.xlsx', () => {
  it('holds the dashboards’ figures of 陵城区 in March 2026, compared with February and March 2025', async () => {
    const res = await get(supervisor, REPORT);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('statistics-371403-month-2026-03-01.xlsx');
    const { wb, sheets } = await workbook(res.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '汇总', '分地区', '分类别', '分渠道', '分单位', '网格上报事件', '网格上报事件（分地区）', '抽查回访',
    ]); // prettier-ignore
    expect(wb.getWorksheet('汇总')!.getCell(1, 1).value).toBe('陵城区矛盾纠纷化解工作统计报表（2026年3月）');

    const overview = (await get(supervisor, `/api/analytics/overview?region=371403&${MARCH}`)).json();
    const feb = (
      await get(supervisor, '/api/analytics/overview?region=371403&from=2026-02-01&to=2026-02-28')
    ).json();
    const lastYear = (
      await get(supervisor, '/api/analytics/overview?region=371403&from=2025-03-01&to=2025-03-31')
    ).json();
    const summary = sheets.get('汇总')!;
    expect(summary.columns).toEqual(['指标', '本期', '上期', '环比增减', '去年同期', '同比增减']);
    const compared = (cur: number | null, prev: number | null, ago: number | null) => {
      const d = (a: number | null, b: number | null) =>
        a === null || b === null ? null : Math.round((a - b) * 10_000) / 10_000;
      return [cur, prev, d(cur, prev), ago, d(cur, ago)];
    };
    const row = (f: string) => compared(overview.cases[f], feb.cases[f], lastYear.cases[f]);
    expect(summary.rows.get('排查受理数')).toEqual(row('received'));
    expect(summary.rows.get('办结数')).toEqual(row('concluded'));
    expect(summary.rows.get('化解数')).toEqual(row('resolved'));
    expect(summary.rows.get('办结率')).toEqual(row('conclusionRate'));
    expect(summary.rows.get('按期办结率')).toEqual(row('onTimeRate'));
    expect(summary.rows.get('化解率')).toEqual(row('resolutionRate'));
    expect(summary.rows.get('满意率')).toEqual(row('satisfactionRate'));
    // the hand-made month's own numbers: 7 received (1 in February), 化解率 3 ÷ 7, 办结率 4 ÷ 7
    expect(summary.rows.get('排查受理数')).toEqual([7, 1, 6, 0, 7]);
    expect(summary.rows.get('化解率')!.slice(0, 3)).toEqual([0.4286, 0, 0.4286]);
    expect(summary.rows.get('在办件数（当前）')![0]).toBe(overview.now.open);
    expect(summary.rows.get('超期件数（当前）')).toEqual([overview.now.overdue, null, null, null, null]);
    expect(summary.rows.get('未处置预警（当前）')![0]).toBe(overview.warnings.total);

    const regions = (await get(supervisor, `/api/analytics/regions?region=371403&${MARCH}`)).json();
    const children = sheets.get('分地区')!;
    expect(children.columns).toEqual([
      '名称', '排查受理数', '办结数', '化解数', '办结率', '按期办结率', '化解率', '满意率', '在办', '超期',
    ]); // prettier-ignore
    expect(children.rows.size).toBe(regions.items.length);
    for (const item of regions.items) {
      const name = item.own ? `${item.name}（本级）` : item.name;
      expect(children.rows.get(name), name).toEqual(breakdown(item.cases, item.now));
    }
    expect(children.rows.get('神头镇')![0]).toBe(6);

    const mix = (await get(supervisor, `/api/analytics/mix?region=371403&${MARCH}`)).json();
    const categories = sheets.get('分类别')!;
    expect(categories.rows.size).toBe(mix.categories.length);
    for (const c of mix.categories) expect(categories.rows.get(c.nameZh)).toEqual(breakdown(c.cases, c.now));
    const channels = sheets.get('分渠道')!;
    const channelNames: Record<string, string> = { window: '窗口', hotline: '热线', petition: '信访' };
    expect(channels.rows.size).toBe(mix.channels.length);
    for (const c of mix.channels) {
      expect(channels.rows.get(channelNames[c.code]!)).toEqual(breakdown(c.cases, c.now));
    }

    const units = (await get(supervisor, `/api/analytics/units?region=371403&${MARCH}`)).json();
    const unitRows = sheets.get('分单位')!;
    expect([...unitRows.rows.keys()]).toEqual(units.items.map((u: { name: string }) => u.name));
    for (const u of units.items) expect(unitRows.rows.get(u.name)).toEqual(breakdown(u.cases, u.now));

    const grid = sheets.get('网格上报事件')!;
    const g = (f: string) => compared(overview.grid[f], feb.grid[f], lastYear.grid[f]);
    expect(grid.rows.get('上报数')).toEqual(g('received'));
    expect(grid.rows.get('办结数')).toEqual(g('concluded'));
    expect(grid.rows.get('按期办结数')).toEqual(g('concludedOnTime'));
    expect(grid.rows.get('办结率')).toEqual(g('conclusionRate'));
    expect(grid.rows.get('在办件数（当前）')![0]).toBe(overview.grid.open);
    expect(grid.rows.get('超期件数（当前）')![0]).toBe(overview.grid.overdue);
    expect(grid.rows.get('上报数')![0]).toBe(4);
    const gridChildren = sheets.get('网格上报事件（分地区）')!;
    for (const item of regions.items) {
      const name = item.own ? `${item.name}（本级）` : item.name;
      const x = item.grid;
      expect(gridChildren.rows.get(name)).toEqual([
        x.received, x.concluded, x.concludedOnTime, x.conclusionRate, x.onTimeRate, x.open, x.overdue,
      ]); // prettier-ignore
    }

    const rates = (await get(supervisor, `/api/quality-checks/rates?region=371403&${MARCH}`)).json();
    const quality = sheets.get('抽查回访')!;
    expect(quality.rows.get('抽查数')).toEqual([rates.sampled]);
    expect(quality.rows.get('回访成功')).toEqual([rates.reached]);
    expect(quality.rows.get('待回访')).toEqual([rates.pending]);
    expect(quality.rows.get('回访满意率')).toEqual([rates.satisfactionRate]);
    expect(quality.rows.get('重办率')).toEqual([rates.reopenRate]);
    expect(quality.rows.get('办结率')).toEqual([overview.cases.conclusionRate]);
    expect(rates).toMatchObject({ sampled: 2, reached: 1, pending: 1, satisfactionRate: 1 });
  });

  it('names no person: the parties, their phones and the cases’ texts appear nowhere in it', async () => {
    const { wb } = await workbook((await get(supervisor, REPORT)).rawPayload);
    const texts: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((r) => r.eachCell((c) => texts.push(String(c.value)))));
    const all = texts.join('\n');
    for (const word of ['张三', '李四', '138', '邻居在通道']) expect(all).not.toContain(word);
  });

  it('writes its headers in English when the request prefers English', async () => {
    const res = await get(supervisor, REPORT, { 'accept-language': 'en-US,en;q=0.9' });
    const { wb, sheets } = await workbook(res.rawPayload);
    expect(wb.getWorksheet('Summary')!.getCell(1, 1).value).toBe('Statistics report: 陵城区, March 2026');
    expect(sheets.get('Summary')!.columns).toEqual([
      'Figure', 'This period', 'Previous', 'Change', 'Last year', 'Change on last year',
    ]); // prettier-ignore
    expect(sheets.get('Summary')!.rows.get('Screened (received)')![0]).toBe(7);
    expect(sheets.get('By channel')!.rows.has('Hotline')).toBe(true);
  });
});

describe('GET /api/reports/statistics.pdf', () => {
  it('says the region, the period and the figures', async () => {
    const res = await get(
      supervisor,
      '/api/reports/statistics.pdf?region=371403&period=month&date=2026-03-20',
    );
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res.rawPayload);
    expect(text).toContain('陵城区矛盾纠纷化解工作统计报表（2026年3月）');
    expect(text).toContain('2025年3月'); // the same month a year earlier
    expect(text).toContain('神头镇');
    // 化解率 3 ÷ 7 and 办结率 4 ÷ 7, against February's 0 %
    expect(text).toContain('42.86%');
    expect(text).toContain('57.14%');
    expect(text).toContain('+42.86个百分点');
    expect(text).toContain('抽查回访');
  });

  it('a week and a quarter of a township, in English', async () => {
    const week = await get(dispatcher, '/api/reports/statistics.pdf?period=week&date=2026-03-04', {
      'accept-language': 'en',
    });
    const text = pdfText(week.rawPayload);
    expect(text).toContain('Statistics report: 神头镇, week 10 of 2026');
    expect(text).toContain('week 10 of 2026 (2026-03-02 – 2026-03-08)');
    expect(text).toContain('神头镇 (Township, 371403105)');
    expect(text).toContain('Resolution rate');
    const quarter = await get(dispatcher, '/api/reports/statistics.pdf?period=quarter&date=2026-03-04');
    expect(pdfText(quarter.rawPayload)).toContain('神头镇矛盾纠纷化解工作统计报表（2026年第1季度）');
  });
});

describe('who may make a report, and refused input', () => {
  it('the dashboard roles only, for a region under their scope (403 outside, as the dashboards)', async () => {
    await expectRefused(t, (h) => otherCounty.get(REPORT, h), {
      status: 403,
      code: 'analytics.region_out_of_scope',
    });
    await expectRefused(
      t,
      (h) => dispatcher.get('/api/reports/statistics.pdf?region=371403&period=month', h),
      {
        status: 403,
        code: 'analytics.region_out_of_scope',
      },
    );
    const clerk = await t.login('clerk.shentou');
    await expectRefused(t, (h) => clerk.get('/api/reports/statistics.xlsx?period=month', h), {
      status: 403,
      code: 'analytics.forbidden',
    });
    expect((await t.anonymous().get(REPORT)).statusCode).toBe(401);
  });

  it('refuses an unknown period kind, an impossible day, a period not yet begun and an unknown region', async () => {
    await expectRefused(t, (h) => supervisor.get('/api/reports/statistics.xlsx?period=fortnight', h), {
      status: 400,
    });
    await expectRefused(
      t,
      (h) => supervisor.get('/api/reports/statistics.xlsx?period=month&date=2026-02-30', h),
      {
        status: 400,
        code: 'analytics.bad_day',
        zh: /2026-02-30/,
      },
    );
    // NOW is 2026-04-30: May has not begun
    await expectRefused(
      t,
      (h) => supervisor.get('/api/reports/statistics.xlsx?period=month&date=2026-05-01', h),
      {
        status: 400,
        code: 'reports.future_period',
        en: /has not started/,
      },
    );
    await expectRefused(
      t,
      (h) => supervisor.get('/api/reports/statistics.xlsx?region=371403999&period=month', h),
      { status: 422, code: 'analytics.unknown_region' },
    );
  });

  it('records each export in the audit log with its region, period and format', async () => {
    const before = await t.db.kysely
      .selectFrom('audit_log')
      .select(['actor_label', 'target_id', 'detail'])
      .where('action', '=', 'report.export')
      .execute();
    await get(supervisor, '/api/reports/statistics.pdf?region=371403105&period=year&date=2026-03-01');
    const after = await t.db.kysely
      .selectFrom('audit_log')
      .select(['actor_label', 'target_id', 'detail'])
      .where('action', '=', 'report.export')
      .execute();
    expect(after.length).toBe(before.length + 1);
    expect(after.find((a) => !before.some((b) => JSON.stringify(b) === JSON.stringify(a)))).toMatchObject({
      actor_label: 'supervisor.lingcheng',
      target_id: '371403105',
      detail: { format: 'pdf', region: '371403105', kind: 'year', from: '2026-01-01', to: '2026-12-31' },
    });
  });
});
