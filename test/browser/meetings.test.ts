// The weekly meeting (工作例会) in a real browser (issue 8): the township center's dispatcher
// creates this week's meeting, reads its situation report (情况报告) and downloads it as PDF,
// records a decision on a case for the center to carry out, marks it done with a note, and finds
// the decision on the case's page.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  desktop,
  downloaded,
  launch,
  loginAs,
  pickOption,
  screenshot,
  staffApi,
  submitDialog,
  untilItHolds,
} from './browser.js';

let browser: Browser;
let theCase: { id: string; caseNo: string };
beforeAll(async () => {
  browser = await launch();
  const clerk = await staffApi(browser, 'clerk.shentou');
  theCase = (await clerk.post('/api/cases', {
    categoryCode: 'neighbor',
    channel: 'window',
    regionCode: '371403105200',
    description: '两户因宅基地边界砌墙发生争执，村里调解两次未果。',
    parties: [
      { role: 'applicant', name: '周桂兰', phone: '13812346611' },
      { role: 'respondent', name: '吴建国', phone: '13912346622' },
    ],
  })) as { id: string; caseNo: string };
  await clerk.close();
});
afterAll(async () => {
  await browser?.close();
});

/** Opens the picker of a date field and clicks in its panel, until the panel has closed on a value. */
async function pickInPanel(page: Page, field: string, cell: string) {
  const input = page.getByRole('dialog').getByLabel(field);
  const open = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
  await untilItHolds(
    async () => {
      await input.click({ timeout: 10_000 });
      await open.locator(cell).first().click({ timeout: 10_000 });
      await open.waitFor({ state: 'hidden', timeout: 5_000 });
      expect(await input.inputValue()).not.toBe('');
    },
    () => page.keyboard.press('Escape'),
  );
}

describe('the weekly meeting', () => {
  it('is held, reported, decided on and followed up by the township center', async () => {
    const page = await (await desktop(browser)).newPage();
    await loginAs(page, 'dispatcher.shentou');
    await page.getByRole('navigation').getByRole('link', { name: '工作例会' }).click();
    await page.getByRole('heading', { name: '工作例会' }).waitFor();

    await page.getByTestId('meeting-new').click();
    const dialog = page.getByRole('dialog');
    // the picker speaks Chinese and starts its weeks on Monday (it showed "Su Mo Tu" before)
    await dialog.getByLabel('统计周（周一）').click();
    const header = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) thead th');
    await expect.poll(() => header.allInnerTexts()).toContain('一');
    // after the week-number column (周)
    expect((await header.allInnerTexts()).map((d) => d.trim()).filter((d) => d && d !== '周')).toEqual([
      '一',
      '二',
      '三',
      '四',
      '五',
      '六',
      '日',
    ]);
    await page.keyboard.press('Escape');
    await pickInPanel(page, '统计周（周一）', '.ant-picker-cell-today');
    await pickInPanel(page, '会议时间', '.ant-picker-now-btn');
    await dialog.getByLabel('会议地点').fill('神头镇综治中心二楼会议室');
    await dialog.getByLabel('参会人员（每行一人）').fill('刘主任\n张调解员\n司法所王所长');
    await submitDialog(page);
    await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);

    // the situation report: this week's figures beside last week's
    await page.getByRole('heading', { name: /工作例会情况报告/ }).waitFor();
    const figures = page.getByTestId('meeting-figures');
    await figures.waitFor();
    expect(await figures.innerText()).toMatch(/本周|This week/);
    expect(await page.getByText('神头镇综治中心二楼会议室').count()).toBeGreaterThan(0);
    const pdf = await downloaded(page, 'meeting-pdf');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // a decision on the case, for the center itself
    const decisionText = `三日内组织双方现场勘界，司法所参与调解（${theCase.caseNo}）`;
    await page.getByTestId('decision-new').click();
    await page.getByTestId('decision-case-no').fill(theCase.caseNo);
    await pickOption(page, page.getByRole('dialog').getByLabel('责任单位'), /神头镇综治中心/);
    await page.getByTestId('decision-text').fill(decisionText);
    await submitDialog(page);
    const decision = page.getByTestId('decision').filter({ hasText: decisionText });
    await decision.waitFor();
    expect(await decision.innerText()).toContain('待落实');
    await screenshot(page, 'meeting-report');

    // carried out: the center marks it done with what was done
    await decision.getByTestId('decision-done').click();
    await page.getByRole('dialog').getByLabel('落实情况').fill('已现场勘界，双方签订边界确认书');
    await submitDialog(page);
    await expect.poll(() => decision.innerText(), { timeout: 15_000 }).toContain('已落实');
    expect(await decision.innerText()).toContain('已现场勘界，双方签订边界确认书');

    // and the case's page shows the meeting's decision on it
    await page.goto(`/cases/${theCase.id}`);
    await expect.poll(() => page.locator('body').innerText(), { timeout: 20_000 }).toContain(decisionText);
    expect(await page.getByText('例会决定').count()).toBeGreaterThan(0);
  });
});
