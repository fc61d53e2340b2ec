// Analysis and early warning in a real browser (issue 8): the clerk writes a threatening
// description, the triage suggestion shows its category, its red risk and the words behind it,
// one click puts them in the form; once registered, the county dispatcher finds the high-risk
// warning on /warnings, reads why, and handles it with a note. The quality call-back page opens.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, launch, loginAs, screenshot } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const THREAT = '邻居因宅前通道问题多次争吵，对方扬言要报复我们全家，还说要放火烧了我家房子。';

describe('triage and warnings', () => {
  it('suggests category and risk while registering; the county handles the red warning', async () => {
    const context = await desktop(browser);
    const page = await context.newPage();
    await loginAs(page, 'clerk.shentou');
    await page.getByRole('navigation').getByRole('link', { name: '登记' }).click();
    await page.getByRole('heading', { name: '登记矛盾纠纷' }).waitFor();
    const applicant = page.getByRole('group', { name: /当事人 1/ });
    await applicant.getByLabel('姓名').fill('钱卫东');
    await applicant.getByLabel('联系电话').fill('13512349876');
    await page.getByLabel('纠纷描述').fill(THREAT);

    const hint = page.getByTestId('triage-hint');
    await hint.waitFor();
    await expect.poll(() => page.getByTestId('triage-category').textContent()).toContain('邻里纠纷');
    expect(await page.getByTestId('triage-risk').textContent()).toContain('红色');
    const reasons = (await page.getByTestId('triage-reasons').textContent())!;
    expect(reasons).toContain('言语威胁或暴力倾向');
    expect(reasons).toContain('扬言');
    await screenshot(page, 'triage-suggestion');
    await page.getByTestId('triage-accept').click();
    await expect.poll(() => page.getByTestId('triage-accept').textContent()).toContain('已采纳');
    expect(await page.locator('.ant-select').filter({ hasText: '邻里纠纷' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('radio', { name: '红色' }).isChecked()).toBe(true);

    await page.getByTestId('register-submit').click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}\/receipt$/);
    const caseNo = (await page.getByTestId('receipt-case-no').textContent())!.trim();
    await context.close();

    // the county's dispatcher: the red warning of that case, routed to the county
    const county = await desktop(browser);
    const p2 = await county.newPage();
    await loginAs(p2, 'dispatcher.lingcheng');
    await p2.getByRole('navigation').getByRole('link', { name: '预警' }).click();
    await p2.getByRole('heading', { name: '预警' }).waitFor();
    const row = p2.getByTestId('warnings-table').locator('tr', { hasText: caseNo });
    await row.waitFor();
    expect(await row.textContent()).toContain('高风险');
    expect(await row.textContent()).toContain('红色');
    await screenshot(p2, 'warnings-list');
    await row.getByRole('button', { name: /查\s*看/ }).click();
    const drawer = p2.getByTestId('warning-drawer');
    await drawer.getByTestId('warning-reasons').waitFor();
    expect(await drawer.getByTestId('warning-reasons').textContent()).toContain('扬言');
    expect(await drawer.textContent()).toContain(caseNo);
    await p2.getByTestId('warning-handle').click();
    await p2.getByTestId('warning-note').fill('已会同派出所约谈双方，落实稳控措施');
    await p2.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => drawer.getByTestId('warning-status').textContent()).toBe('已处置');
    expect(await drawer.textContent()).toContain('已会同派出所约谈双方');
    await screenshot(p2, 'warning-handled');

    // the quality call-backs page opens for the county (rates and the list)
    await p2.goto('/quality-checks');
    await p2.getByRole('heading', { name: '抽查回访' }).waitFor();
    await p2.getByTestId('quality-rates').waitFor();
    await county.close();
  });
});
