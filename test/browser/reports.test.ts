// The periodic statistics report in a real browser (issue 8): the city's leader opens 统计报表,
// goes down to a county, chooses a weekly report and downloads it as Excel and as PDF; the files
// are the county's report of that week. A township dispatcher's page starts at the township.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { excel } from '../../src/server/documents/excel.js';
import { desktop, downloaded, launch, loginAs, screenshot, untilItHolds } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('statistics reports', () => {
  it('the city leader downloads a county’s weekly report as Excel and PDF', async () => {
    const page = await (await desktop(browser)).newPage();
    await loginAs(page, 'leader.dezhou');
    await page.getByRole('navigation').getByRole('link', { name: '统计报表' }).click();
    await page.getByRole('heading', { name: '统计报表' }).waitFor();
    await expect.poll(() => page.getByTestId('report-region').innerText()).toContain('德州市');

    // the select of the regions below shows no value: choosing one moves the page down to it
    await untilItHolds(
      async () => {
        await page.getByLabel('下级地区').click({ timeout: 10_000 });
        await page
          .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
          .filter({ hasText: /^陵城区$/ })
          .click({ timeout: 10_000 });
        await expect.poll(() => page.getByTestId('report-region').innerText()).toContain('陵城区');
      },
      () => page.keyboard.press('Escape'),
    );
    await page.getByTestId('report-kind').getByText('周报').click();
    const covers = (await page.getByTestId('report-covers').innerText()).trim();
    const [, from, to] = /(\d{4}-\d{2}-\d{2}) 至 (\d{4}-\d{2}-\d{2})/.exec(covers)!;
    // a week: Monday to Sunday
    expect((Date.parse(to!) - Date.parse(from!)) / 86_400_000).toBe(6);
    expect(new Date(`${from}T00:00:00Z`).getUTCDay()).toBe(1);
    await screenshot(page, 'statistics-reports');

    const xlsx = await downloaded(page, 'report-xlsx');
    expect(xlsx.name).toMatch(/\.xlsx$/);
    const wb = new (excel().Workbook)();
    await wb.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const title = String(wb.worksheets[0]!.getCell(1, 1).value);
    expect(title).toContain('陵城区矛盾纠纷化解工作统计报表');
    expect(wb.worksheets.length).toBeGreaterThan(1);

    const pdf = await downloaded(page, 'report-pdf');
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.bytes.length).toBeGreaterThan(10_000);
  });

  it('starts a township dispatcher at the township, with nothing above it to choose', async () => {
    const page = await (await desktop(browser)).newPage();
    await loginAs(page, 'dispatcher.shentou');
    await page.goto('/reports');
    await expect.poll(() => page.getByTestId('report-region').innerText()).toContain('神头镇');
    expect(await page.getByTestId('report-region').innerText()).not.toContain('陵城区');
    expect(await page.getByTestId('report-region').locator('a').count()).toBe(0);
  });
});
