// Issue 10's personal-data workflows in a real browser. A resident downloads what Yimen holds about
// them, asks for a correction and a deletion on 我的信息, and the security administrator answers
// both on 个人信息申请. A county dispatcher's case export above the threshold (the suite's server
// sets it to 10 rows) waits for the county leader's approval on 导出审批, and the dispatcher then
// downloads the CSV, masked.
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, downloaded, launch, loginAs, phone, phoneCheck, screenshot, staffApi } from './browser.js';

const PHONE = '13912345680';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function staffPage(username: string): Promise<Page> {
  const page = await (await desktop(browser)).newPage();
  await loginAs(page, username);
  return page;
}

/** The security administrator approves the resident's pending request of this kind on the case. */
async function approvePending(caseNo: string, kind: '更正' | '删除'): Promise<void> {
  const admin = await staffPage('secadmin');
  await admin.goto('/admin/pi-requests');
  const row = admin.locator('tr', { hasText: caseNo }).filter({ hasText: kind });
  await row.getByRole('button', { name: /批\s*准/ }).click();
  await admin
    .locator('.ant-modal-confirm')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
  await admin.getByText('已处理').waitFor();
  // answered requests leave the pending list
  await expect.poll(() => row.count()).toBe(0);
  await admin.context().close();
}

describe('personal-data rights (PIPL arts. 45–47)', () => {
  it('a resident downloads their data, has an address corrected and a case stopped from processing', async () => {
    const clerk = await staffApi(browser, 'clerk.shentou');
    const registered = await clerk.post('/api/cases', {
      categoryCode: 'neighbor',
      channel: 'window',
      regionCode: '371403105200',
      description: '邻居在楼道堆放杂物，影响通行，协商未果。',
      parties: [{ role: 'applicant', name: '赵丽华', phone: PHONE, address: '神头镇东街5号' }],
    });
    await clerk.close();

    const context = await phone(browser);
    const page = await context.newPage();
    await page.goto('/m/my-info');
    await phoneCheck(page, PHONE);
    const record = page
      .locator('.adm-list', { hasText: '我的个人信息记录' })
      .locator('.adm-list-item', { hasText: registered.caseNo });
    // the resident's own record, in clear
    await expect.poll(() => record.textContent()).toContain(`赵丽华 · ${PHONE}`);
    expect(await record.textContent()).toContain('神头镇东街5号');

    const json = await downloaded(page, page.getByRole('button', { name: '下载（JSON）' }));
    expect(json.name).toBe('yimen-my-data.json');
    const mine = JSON.parse(json.bytes.toString('utf8')) as {
      cases: { caseNo: string; myRecords: { phone: string; address: string }[] }[];
    };
    const held = mine.cases.find((c) => c.caseNo === registered.caseNo);
    expect(held?.myRecords).toEqual([expect.objectContaining({ phone: PHONE, address: '神头镇东街5号' })]);

    // a correction of the address
    await record.getByRole('button', { name: '申请更正' }).click();
    await page.getByText('地址', { exact: true }).click();
    await page.getByLabel('正确的内容').fill('神头镇西街12号');
    await page.getByLabel('理由').fill('已搬家，原地址有误');
    await page.getByRole('button', { name: '提交' }).click();
    const requests = page.locator('.adm-list', { hasText: '我的申请' });
    await expect.poll(() => requests.textContent()).toContain('更正 · 地址 → 神头镇西****'); // the request keeps the new value masked
    expect(await requests.textContent()).toContain('待处理');

    await approvePending(registered.caseNo, '更正');
    await page.reload();
    await expect.poll(() => requests.textContent()).toContain('已完成');
    await expect.poll(() => record.textContent()).toContain('神头镇西街12号');
    expect(await record.textContent()).not.toContain('东街5号');

    // a deletion: the case is kept by law, so its processing stops instead
    await record.getByRole('button', { name: '申请删除本诉求中的我的信息' }).click();
    const confirm = page.locator('.adm-dialog');
    await confirm.getByPlaceholder('理由').fill('不再希望保留我的信息');
    await confirm.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => requests.textContent()).toContain('删除');

    await approvePending(registered.caseNo, '删除');
    await page.reload();
    await expect.poll(() => requests.textContent()).toContain('已停止处理');
    await expect.poll(() => record.textContent()).toContain('已停止处理');
    await screenshot(page, 'my-info');
    await context.close();
  });
});

describe('bulk export with a second approver (双人审批)', () => {
  it('a county export above the threshold waits for the county leader, then downloads masked', async () => {
    const dispatcher = await staffPage('dispatcher.lingcheng');
    await dispatcher.goto('/cases');
    await dispatcher.getByRole('button', { name: '导出 CSV' }).click();
    const dialog = dispatcher.getByRole('dialog');
    // the server's refusal, with the count and the threshold
    await expect.poll(() => dialog.textContent()).toMatch(/此次导出共 \d+ 条，超过 10 条/);
    const rows = Number(/共 (\d+) 条/.exec((await dialog.textContent())!)![1]);
    await dialog.getByLabel('导出理由').fill('县级月度矛盾纠纷分析，仅限本中心使用');
    await dialog.getByRole('button', { name: '提交申请' }).click();
    // the message links to 导出审批 (a router Link there blanked the whole page)
    await dispatcher.locator('.ant-message').getByRole('link', { name: '导出审批' }).click();
    await dispatcher.waitForURL('**/export-requests');

    // the requester cannot decide it: the page offers no approval tab to a dispatcher
    await expect.poll(() => dispatcher.getByRole('tab').allInnerTexts()).toEqual(['我的申请']);
    const mine = dispatcher.locator('tr', { hasText: '县级月度矛盾纠纷分析' });
    await expect.poll(() => mine.textContent()).toContain('待审批');
    expect(await mine.getByRole('button', { name: /下载/ }).count()).toBe(0);

    const leader = await staffPage('leader.lingcheng');
    await leader.goto('/export-requests');
    const waiting = leader.locator('tr', { hasText: '县级月度矛盾纠纷分析' });
    expect(await waiting.textContent()).toContain(String(rows));
    await waiting.getByRole('button', { name: /批\s*准/ }).click();
    const decide = leader.getByRole('dialog');
    await decide.getByLabel('审批意见').fill('同意，用于例会分析');
    await decide.getByRole('button', { name: /批\s*准/ }).click();
    await leader.getByText('已批准').first().waitFor();
    await expect.poll(() => waiting.count()).toBe(0);
    await leader.context().close();

    await dispatcher.reload();
    await expect.poll(() => mine.textContent()).toContain('已批准');
    const file = await downloaded(dispatcher, mine.getByRole('button', { name: '下载（剩 3 次）' }));
    const csv = file.bytes.toString('utf8').replace(/^\uFEFF/, '');
    expect(parse(csv)).toHaveLength(rows + 1); // the header and the approved rows
    // masked like every list: no whole phone number or ID number in the file
    expect(csv).not.toMatch(/1[3-9]\d{9}/);
    expect(csv).not.toMatch(/\d{17}[\dXx]/);
    await expect.poll(() => mine.getByRole('button', { name: '下载（剩 2 次）' }).count()).toBe(1);
    await screenshot(dispatcher, 'export-requests');
    await dispatcher.context().close();
  });
});
