// The dashboards in a real browser (issue 8): the city's leader opens 研判分析, drills down city →
// county (陵城区) → township (神头镇), clicks a figure and finds the case list behind it with the
// same count; the dashboard fits a phone; the wall screen at 1920×1080 is saved for the README.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../src/core/pii/validation.js';
import { baseUrl, desktop, launch, loginAs, phone, screenshot, staffApi } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  // one more 神头镇 case today, so the township's figures are not all zeros whatever the demo drew
  const clerk = await staffApi(browser, 'clerk.shentou');
  await clerk.post('/api/cases', {
    categoryCode: 'labor',
    channel: 'window',
    regionCode: '371403105200',
    description: '工人在厂区受伤，与公司就赔偿数额协商不成。',
    parties: [
      {
        role: 'applicant',
        name: '孙立强',
        phone: '13812340001',
        idNumber: makeIdNumber('371403', '19820202', '135'),
      },
      { role: 'respondent', kind: 'organization', name: '德州某机械有限公司' },
    ],
  });
  await clerk.close();
});
afterAll(async () => {
  await browser?.close();
});

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.parse(today) - n * 86_400_000).toISOString().slice(0, 10);
const PERIOD = `from=${daysAgo(150)}&to=${today}`;

/** The number a KPI card shows (antd groups thousands with commas). */
async function kpiValue(page: Page, key: string): Promise<number> {
  const text = await page.getByTestId(`kpi-${key}`).locator('.ant-statistic-content-value').innerText();
  return Number(text.replace(/[,\s]/g, ''));
}

async function regionShown(page: Page, name: string) {
  await expect
    .poll(() => page.getByTestId('dashboard-region').innerText(), { timeout: 20_000 })
    .toContain(name);
}

describe('the dashboard', () => {
  it('drills down city → county → township and opens the cases behind a figure, same count', async () => {
    const page = await (await desktop(browser)).newPage();
    await loginAs(page, 'leader.dezhou');
    await page.goto(`/dashboard?${PERIOD}`);
    await regionShown(page, '德州市');
    expect(await kpiValue(page, 'received')).toBeGreaterThan(0);

    await page.getByTestId('drill-371403').click();
    await regionShown(page, '陵城区');
    expect(page.url()).toContain('region=371403');
    await page.getByTestId('drill-371403105').click();
    await regionShown(page, '神头镇');
    await expect
      .poll(() => page.getByTestId('region-breadcrumb').innerText())
      .toMatch(/德州市[\s\S]*陵城区[\s\S]*神头镇/);
    await screenshot(page, 'dashboard-shentou');
    // the call-backs beside 办结率; the warnings and grid figures open their lists at this region
    await page.getByTestId('kpi-qualitySatisfaction').waitFor();
    await page.getByTestId('kpi-qualityReopen').waitFor();
    expect(await page.getByTestId('kpi-warnings').getAttribute('href')).toBe('/warnings?region=371403105');
    const gridHref = await page.getByTestId('kpi-grid-received').getAttribute('href');
    expect(gridHref).toContain('region=371403105');
    expect(gridHref).toContain('figure=received');
    expect(gridHref).toContain(`to=${today}`);

    // the township's figures must have loaded for 神头镇 before one is read
    await expect.poll(() => kpiValue(page, 'received'), { timeout: 20_000 }).toBeGreaterThan(0);
    const received = await kpiValue(page, 'received');
    await page.getByTestId('kpi-received').click();
    await page.waitForURL(/\/cases\?/);
    expect(page.url()).toContain('region=371403105');
    expect(page.url()).toContain(`receivedTo=${today}`);
    await expect.poll(() => page.getByTestId('case-total').innerText(), { timeout: 20_000 }).toMatch(/\d/);
    const total = Number((await page.getByTestId('case-total').innerText()).replace(/\D/g, ''));
    expect(total).toBe(received);
    await expect(page.getByTestId('figure-filters').innerText()).resolves.toContain(daysAgo(150));
    const rows = page.getByTestId('case-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(Math.min(total, 30));
    await screenshot(page, 'dashboard-cases-behind-figure');

    // back to the dashboard, a rate opens its numerator's cases: 化解率 → the resolved cases
    await page.goBack();
    await regionShown(page, '神头镇');
    const resolved = await kpiValue(page, 'resolved');
    await page.getByTestId('kpi-resolutionRate').click();
    await page.waitForURL(/resolved=true/);
    await expect
      .poll(async () => Number((await page.getByTestId('case-total').innerText()).replace(/\D/g, '')), {
        timeout: 20_000,
      })
      .toBe(resolved);
    await page.context().close();
  });

  it('fits a phone: the cards stack and nothing runs off the side', async () => {
    const page = await (await phone(browser)).newPage();
    await loginAs(page, 'supervisor.lingcheng');
    await page.goto(`/dashboard?${PERIOD}`);
    await regionShown(page, '陵城区');
    await page.getByTestId('kpi-received').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    const a = await page.getByTestId('kpi-received').boundingBox();
    const b = await page.getByTestId('kpi-concluded').boundingBox();
    expect(a && b && a.width < 390 / 2 + 1 && b.y > a.y).toBe(true);
    await screenshot(page, 'dashboard-phone');
    await page.context().close();
  });
});

describe('the wall screen', () => {
  it('shows the city at 1920×1080, dark, and is saved for the README', async () => {
    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      locale: 'zh-CN',
      baseURL: baseUrl(),
    });
    const page = await context.newPage();
    await loginAs(page, 'leader.dezhou');
    await page.goto('/screen');
    await page.getByTestId('wall-screen').waitFor();
    await expect.poll(() => page.getByTestId('screen-kpis').innerText()).toContain('化解率');
    await expect.poll(() => page.locator('.screen-link').innerText(), { timeout: 20_000 }).toBe('实时');
    // the charts have drawn (a canvas each)
    await expect.poll(() => page.locator('.screen-panel canvas').count()).toBeGreaterThanOrEqual(2);
    await page.waitForTimeout(1500); // ECharts' entry animation
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(5, 11, 26)');
    const dir = path.resolve('docs', 'screenshots');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, 'wall-screen.png') });
    await context.close();
  });

  it('sends an anonymous visitor to log in, and refuses a clerk', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, baseURL: baseUrl() });
    const page = await context.newPage();
    await page.goto('/screen');
    await page.getByRole('link', { name: '登录' }).click();
    await page.waitForURL(/\/login\?next=%2Fscreen/);
    await page.getByLabel(/用户名|Username/).fill('clerk.shentou');
    await page.getByLabel(/密码|Password/).fill('Yimen@Demo2026');
    await page.getByRole('button', { name: /登\s*录|Log in/ }).click();
    await expect
      .poll(() => page.locator('.screen-message').innerText(), { timeout: 20_000 })
      .toContain('无权查看');
    await context.close();
  });
});
