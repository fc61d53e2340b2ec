// Issue 4's done-means on a phone-sized screen: scan a 解纷码 → phone check (code from the
// development outbox) → submit with a photo → tracking page; a staff user concludes the case; the
// resident rates it "unsatisfied" and it is reopened; another phone cannot see it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, phone, phoneCheck, samplePng, screenshot, staffApi } from './browser.js';

const GRID = '371403105200001'; // a grid of 神头镇, as printed on its 解纷码
const PHONE_A = '13912345670';
const PHONE_B = '13912345671';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('a resident through the 解纷码', () => {
  it('submits, follows, rates unsatisfied and sees the case reopened; another phone sees nothing', async () => {
    const context = await phone(browser);
    const page = await context.newPage();
    await page.goto(`/m/new?place=${GRID}`);
    await phoneCheck(page, PHONE_A);

    await expect.poll(() => page.getByTestId('place-name').textContent()).toContain('神头镇');
    await page.getByText('邻里纠纷', { exact: true }).click();
    await page
      .getByRole('textbox', { name: '具体情况' })
      .fill('楼上住户装修噪音持续两个月，多次沟通无果，希望协调解决。');
    await page.getByRole('textbox', { name: '您的姓名' }).fill('王秀英');
    await page.getByRole('textbox', { name: '对方（个人或单位，选填）' }).fill('楼上住户');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'noise.png', mimeType: 'image/png', buffer: samplePng() });
    await page.locator('.adm-image-uploader-cell-image').first().waitFor();
    await page.getByText('我已阅读并同意《个人信息保护告知》').first().click();
    await screenshot(page, 'resident-form');
    await page.getByRole('button', { name: '提交' }).click();

    await page.getByTestId('case-no').waitFor();
    const caseNo = (await page.getByTestId('case-no').textContent())!.trim();
    expect(caseNo).toMatch(/^\d{4}/);
    expect(await page.getByText('提交成功').count()).toBeGreaterThan(0);
    // the QR image loaded (an SVG from the server), not a broken image
    await expect
      .poll(() =>
        page
          .getByTestId('case-qr')
          .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBeGreaterThan(0);
    await screenshot(page, 'resident-tracking');
    const caseId = new URL(page.url()).pathname.split('/').pop()!;

    // the township's clerk takes it on as the first-contact unit and concludes it
    const clerk = await staffApi(browser, 'clerk.shentou');
    let c = await clerk.get(`/api/cases/${caseId}`);
    expect(c.attachments).toHaveLength(1);
    c = await clerk.post(`/api/cases/${caseId}/transitions`, { action: 'accept', version: c.version });
    c = await clerk.post(`/api/cases/${caseId}/transitions`, {
      action: 'conclude',
      version: c.version,
      outcome: 'mediated_agreement',
      summary: '双方约定装修时间为工作日 9 点至 18 点。',
    });
    await clerk.close();

    await page.reload();
    await page.getByText('对处理结果是否满意').waitFor();
    await page.getByText('不满意', { exact: true }).click();
    await page.getByRole('textbox', { name: '您的意见（选填）' }).fill('噪音仍然存在。');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('您选择了不满意，诉求已重新办理。').waitFor();
    const clerkAgain = await staffApi(browser, 'clerk.shentou');
    const after = await clerkAgain.get(`/api/cases/${caseId}`);
    await clerkAgain.close();
    expect(after.state).toBe('in_progress');
    expect(after.reopenCount).toBe(1);

    // 我的诉求 lists it for this phone
    await page.goto('/m/cases');
    await page.getByText(caseNo, { exact: false }).waitFor();
    await context.close();

    // another phone sees neither the list entry nor the case itself
    const other = await phone(browser);
    const page2 = await other.newPage();
    await page2.goto('/m/cases');
    await phoneCheck(page2, PHONE_B);
    await page2.getByText('您还没有反映过诉求').waitFor();
    const res = await page2.request.get(`/api/resident/cases/${caseId}`);
    expect(res.status()).toBe(404);
    await other.close();
  });
});
