// The staff console's grid work and base information (issue 6) in a real browser: 神头镇's
// dispatcher reads 网格概况 (its villages, figures as the API counts them), assigns a grid worker's
// fire-hazard report to the police station on 上报事件 and sees a report the justice office
// concluded; on 实有人口 they find a resident masked, show the ID number with a reason (and the audit
// administrator sees that view logged); a clerk of another township does not find that resident.
// What the demo seed does not have (reports, a resident) is created through the API first. Last, a
// spreadsheet import of residents through the shared import panel reports its bad row.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../src/core/pii/validation.js';
import { desktop, launch, loginAs, pickOption, screenshot, staffApi } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const stamp = Date.now() % 100000;
const FIRE = `消防通道被电动车和杂物堵塞（${stamp}）`;
const SECURITY = `村口路灯损坏，夜间有人翻越围墙（${stamp}）`;
// a birth date and sequence from the stamp, so that reruns on one server make new people
const ID_NUMBER = makeIdNumber(
  '371403',
  `1970${String((stamp % 12) + 1).padStart(2, '0')}${String((stamp % 28) + 1).padStart(2, '0')}`,
  String(stamp % 1000).padStart(3, '0'),
);
const REASON = `核实网格上报事件当事人身份（${stamp}）`;

interface StatsRow {
  regionCode: string;
  regionName: string;
  workers: number;
  reports: { total: number; concluded: number; open: number };
}

async function as(username: string): Promise<Page> {
  const page = await (await desktop(browser)).newPage();
  await loginAs(page, username);
  return page;
}

/** The grid worker's reports and a visit, an assignment and a conclusion, and a resident. */
async function seed() {
  const grid = await staffApi(browser, 'grid.shentou');
  const me = (await grid.get('/api/me')) as { user: { scopeCode: string } };
  const gridCode = me.user.scopeCode;
  const fire = (await grid.post('/api/grid/reports', {
    clientKey: randomUUID(),
    type: 'fire',
    description: FIRE,
    place: '神头街村东头',
  })) as { id: string };
  const security = (await grid.post('/api/grid/reports', {
    clientKey: randomUUID(),
    type: 'public_security',
    description: SECURITY,
  })) as { id: string };
  await grid.post('/api/grid/work-items', {
    clientKey: randomUUID(),
    kind: 'visit',
    occurredAt: new Date().toISOString(),
    note: `走访独居老人（${stamp}）`,
  });
  await grid.close();

  const dispatcher = await staffApi(browser, 'dispatcher.shentou');
  const units = (await dispatcher.get('/api/units?region=371403105')) as { id: string; code: string }[];
  const justice = units.find((u) => u.code === '371403105-justice');
  if (!justice) throw new Error('no 神头司法所 in the demo');
  await dispatcher.post(`/api/grid/reports/${security.id}/assign`, { unitId: justice.id });
  const resident = (await dispatcher.post('/api/base/residents', {
    regionCode: gridCode,
    name: '赵桂兰',
    idNumber: ID_NUMBER,
    phone: '13912345678',
    residenceStatus: 'consistent',
  })) as { id: string };
  await dispatcher.close();

  const dept = await staffApi(browser, 'dept.shentou');
  await dept.post(`/api/grid/reports/${security.id}/conclude`, {
    result: '已协调修复路灯，加装围墙防护网。',
  });
  await dept.close();
  return { gridCode, fireId: fire.id, securityId: security.id, residentId: resident.id };
}

describe('grid work and base information in the console', () => {
  let seeded: Awaited<ReturnType<typeof seed>>;
  beforeAll(async () => {
    seeded = await seed();
  });

  it("网格概况 shows the township's villages with the API's figures and drills down", async () => {
    const page = await as('dispatcher.shentou');
    await page.getByRole('link', { name: '网格概况' }).click();
    await page.waitForURL(/\/grid$/);
    const table = page.getByTestId('grid-stats');
    const api = await staffApi(browser, 'dispatcher.shentou');
    const stats = (await api.get('/api/grid/stats')) as { rows: StatsRow[]; totals: StatsRow };
    expect(stats.rows.length).toBeGreaterThan(1);
    const village = gridVillage(seeded.gridCode);
    const own = stats.rows.find((r) => r.regionCode === village)!;
    expect(own.reports.total).toBeGreaterThanOrEqual(2);
    // each village's row: its name, workers and reports as the API counts them
    for (const r of [own, ...stats.rows.filter((x) => x !== own).slice(0, 3)]) {
      const row = table.locator(`tr[data-region="${r.regionCode}"]`);
      await expect.poll(() => row.locator('td').first().textContent()).toBe(r.regionName);
      const cells = await row.locator('td').allTextContents();
      // columns: region, workers, 4 kinds of work, total, concluded, in time, open, overdue, rates
      expect(cells[1], r.regionName).toBe(String(r.workers));
      expect(cells[6], r.regionName).toBe(String(r.reports.total));
      expect(cells[7], r.regionName).toBe(String(r.reports.concluded));
      expect(cells[9], r.regionName).toBe(String(r.reports.open));
    }
    const totals = await page.getByTestId('grid-stats-totals').locator('td').allTextContents();
    expect(totals[6]).toBe(String(stats.totals.reports.total));
    await screenshot(page, 'grid-stats');

    // drilling into the village shows its grids
    await table.locator(`tr[data-region="${village}"]`).locator('td').nth(3).click();
    await page.waitForURL(new RegExp(`region=${village}`));
    await table.locator(`tr[data-region="${seeded.gridCode}"]`).waitFor();
    await expect.poll(() => page.getByTestId('grid-drill').textContent()).toContain(own.regionName);
    await api.close();
  });

  it('上报事件: the dispatcher assigns the fire hazard; a report the unit concluded shows concluded', async () => {
    const page = await as('dispatcher.shentou');
    await page.getByRole('link', { name: '上报事件' }).click();
    const list = page.getByTestId('grid-reports');
    const fireRow = list.locator(`tr[data-report="${seeded.fireId}"]`);
    await fireRow.waitFor();
    expect(await fireRow.locator('[data-status]').getAttribute('data-status')).toBe('reported');
    await expect.poll(() => fireRow.locator('[data-light]').count()).toBe(1);

    await fireRow.getByTestId('report-open').click();
    const drawer = page.getByTestId('report-drawer');
    await drawer.getByText(FIRE).waitFor();
    const unit = drawer.getByLabel('责任单位');
    await unit.click();
    // the tree holds the units from the township up once they are loaded; then search and pick
    const nodes = page.locator('.ant-select-tree-node-content-wrapper');
    await expect.poll(() => nodes.filter({ hasText: '神头镇' }).count()).toBeGreaterThan(0);
    await unit.fill('派出所');
    await expect.poll(() => nodes.filter({ hasText: '司法所' }).count()).toBe(0);
    await nodes.filter({ hasText: '神头派出所' }).first().click();
    await drawer.getByLabel('分派说明').fill('请派出所会同消防排查');
    await drawer.getByRole('button', { name: /^分\s*派$/ }).click();
    await expect.poll(() => drawer.getByTestId('report-unit').textContent()).toContain('神头派出所');
    await drawer.locator('[data-action="assign"]').waitFor();
    await screenshot(page, 'grid-report-assigned');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await expect.poll(() => fireRow.locator('[data-status]').getAttribute('data-status')).toBe('assigned');
    expect(await fireRow.textContent()).toContain('神头派出所');

    // the security report the justice office concluded
    const secRow = list.locator(`tr[data-report="${seeded.securityId}"]`);
    expect(await secRow.locator('[data-status]').getAttribute('data-status')).toBe('concluded');
    await pickOption(page, page.getByLabel('状态'), '已办结');
    await page.waitForURL(/status=concluded/);
    await expect
      .poll(() => list.locator('[data-status="reported"], [data-status="assigned"]').count())
      .toBe(0);
    await secRow.waitFor();
    expect(await list.locator(`tr[data-report="${seeded.fireId}"]`).count()).toBe(0);
  });

  it('实有人口: masked in the list, shown with a reason and logged; not found by another township', async () => {
    const page = await as('dispatcher.shentou');
    await page.getByRole('link', { name: '实有人口' }).click();
    await page.getByLabel('查找').fill(ID_NUMBER);
    await page.getByLabel('查找').press('Enter');
    const table = page.getByTestId('base-table');
    const masked = `${ID_NUMBER.slice(0, 3)}***********${ID_NUMBER.slice(-4)}`;
    await table.getByText(masked).waitFor();
    expect(await table.textContent()).not.toContain(ID_NUMBER);
    await table.getByTestId('base-open').first().click();

    const drawer = page.getByTestId('base-drawer');
    await expect.poll(() => drawer.getByTestId('masked-idNumber').textContent()).toBe(masked);
    await drawer.getByTestId('show-idNumber').click();
    const dialog = page.getByRole('dialog').filter({ hasText: '查看理由' });
    await dialog.getByLabel('查看理由').fill(REASON);
    await dialog.getByRole('button', { name: /^查\s*看$/ }).click();
    await expect.poll(() => drawer.getByTestId('clear-idNumber').textContent()).toBe(ID_NUMBER);
    await screenshot(page, 'base-resident-shown');

    // the audit administrator sees the view: who, which resident, which field, why
    const auditor = await staffApi(browser, 'auditor');
    const log = (await auditor.get('/api/admin/pii-access?actor=dispatcher.shentou&field=id_number')) as {
      items: { subjectType: string; subjectId: string; reason: string }[];
    };
    await auditor.close();
    expect(log.items).toContainEqual(
      expect.objectContaining({ subjectType: 'resident', subjectId: seeded.residentId, reason: REASON }),
    );

    // 新湖街道's clerk finds nobody by that number, in the page and through the API
    const other = await as('clerk.xinhu');
    await other.getByRole('link', { name: '实有人口' }).click();
    await other.getByLabel('查找').fill(ID_NUMBER);
    await other.getByLabel('查找').press('Enter');
    await expect.poll(() => other.getByTestId('base-table').textContent()).toContain('没有符合条件的记录');
    const clerk = await staffApi(browser, 'clerk.xinhu');
    const found = (await clerk.get(`/api/base/residents?q=${ID_NUMBER}`)) as { items: unknown[] };
    expect(found.items).toEqual([]);
    await clerk.close();
  });

  it('批量导入 of residents: progress, the good row imported, the bad one reported with its reason', async () => {
    const page = await as('dispatcher.shentou');
    await page.getByRole('link', { name: '实有人口' }).click();
    await page.getByTestId('base-import').click();
    const panel = page.getByTestId('import-panel');
    expect(await panel.getByRole('link', { name: 'CSV 模板' }).getAttribute('href')).toBe(
      '/api/imports/templates/residents.csv',
    );
    const good = makeIdNumber('371403', '19880808', String((stamp + 1) % 1000).padStart(3, '0'));
    const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const csv = ['姓名,公民身份号码,联系方式,所属网格', `钱玉兰,${good},13712345678,${seeded.gridCode}`];
    csv.push(`孙立新,${bad},13712345679,${seeded.gridCode}`);
    await panel.locator('input[type=file]').setInputFiles({
      name: 'residents.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv.join('\r\n') + '\r\n'),
    });
    const progress = panel.getByTestId('import-progress');
    await expect.poll(() => progress.getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    const badRows = panel.getByTestId('import-bad-rows');
    await expect.poll(() => badRows.textContent()).toContain('身份证');
    expect(await badRows.locator('tbody tr').first().locator('td').first().textContent()).toBe('3');
    await screenshot(page, 'base-import');
    const api = await staffApi(browser, 'dispatcher.shentou');
    expect(((await api.get(`/api/base/residents?q=${good}`)) as { items: unknown[] }).items).toHaveLength(1);
    expect(((await api.get(`/api/base/residents?q=${bad}`)) as { items: unknown[] }).items).toHaveLength(0);
    await api.close();
  });
});

/** The village code of a grid code (its first 12 digits). */
function gridVillage(grid: string): string {
  return grid.slice(0, 12);
}
