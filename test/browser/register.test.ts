// Registration at the window (登记) in a real browser: a township clerk fills the form mostly by
// keyboard, drops a photo, submits with Ctrl+Enter and gets a printable receipt whose QR code
// opens the case; the same phone a second time brings up the known-party hint, and a double click
// still registers one case; a declined case prints its notice.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../src/core/pii/validation.js';
import { decodeQrPng } from '../helpers/qr-decode.js';
import { baseUrl, chooseFirstGrid, desktop, launch, loginAs, samplePng, screenshot } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

// a phone no demo case uses, so the known-party hint shows exactly what this file registered
const PHONE = '139' + String(Date.now()).slice(-8);
const ID_NUMBER = makeIdNumber('371403', '19780412', '031');
let first: { id: string; caseNo: string } | null = null;

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** GET or POST on the API from inside the page, with its session and CSRF token. */
async function inPage<T>(page: Page, url: string, body?: unknown): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ url, body }) => {
      const me = await (await fetch('/api/me')).json();
      const res = await fetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: await res.json() };
    },
    { url, body },
  ) as Promise<{ status: number; json: T }>;
}

async function openForm(page: Page) {
  await page.getByRole('navigation').getByRole('link', { name: '登记' }).click();
  await page.getByRole('heading', { name: '登记矛盾纠纷' }).waitFor();
}

async function chooseCategory(page: Page, typed: string) {
  await page.getByLabel('纠纷类别').click();
  await page.keyboard.type(typed);
  await page.keyboard.press('Enter');
}

describe('registering a case at the window', () => {
  it('fills the form by keyboard, drops a photo, submits with Ctrl+Enter and prints a receipt with the case QR code', async () => {
    const context = await desktop(browser);
    const page = await context.newPage();
    await loginAs(page, 'clerk.shentou');
    await openForm(page);
    // the keyboard help is on the form itself
    expect(await page.getByText('Ctrl+Enter').first().textContent()).toContain('Enter 跳到下一项');

    // the first party is an applicant already; Enter moves on from field to field
    const applicant = page.getByRole('group', { name: /当事人 1/ });
    await applicant.getByLabel('姓名').fill('王小明');
    await page.keyboard.press('Enter');
    expect(await activeId(page)).toBe('register_parties_0_phone');
    await page.keyboard.type(PHONE);
    await page.keyboard.press('Enter');
    expect(await activeId(page)).toBe('register_parties_0_idNumber');
    // a wrong ID number is caught in the form, before any request
    await page.keyboard.type(ID_NUMBER.slice(0, 17) + (ID_NUMBER.endsWith('1') ? '2' : '1'));
    await expect.poll(() => applicant.getByText('身份证号码不正确').count()).toBe(1);
    await applicant.getByLabel('身份证号码').fill(ID_NUMBER);
    await expect.poll(() => applicant.getByText('身份证号码不正确').count()).toBe(0);
    await page.keyboard.press('Enter');
    expect(await activeId(page)).toBe('register_parties_0_address');
    await page.keyboard.type('陵城区神头镇神头街村 12 号');

    await page.getByRole('button', { name: '添加当事人' }).click();
    // a party added later is a respondent unless changed
    const respondent = page.getByRole('group', { name: '当事人 2 · 被申请人' });
    await respondent.getByLabel('姓名').fill('李大力');

    await chooseCategory(page, '邻里');
    // the place: the clerk's township is preset; go down to a village and its first grid
    await chooseFirstGrid(page);
    await expect.poll(() => page.locator('.ant-cascader').textContent()).toMatch(/^神头镇 \/ .+ \/ .+网格$/);
    await page.getByLabel('标题').fill('楼上漏水');
    await page.getByLabel('纠纷描述').fill('楼上住户水管漏水，渗到楼下，多次协商未果。');
    // a photo by the drag-and-drop area's file input
    await page
      .locator('#register_attachments')
      .setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: samplePng() });
    await page.getByText('scene.png').waitFor();
    await screenshot(page, 'registration-form');

    await page.getByLabel('纠纷描述').focus();
    await page.keyboard.press('Control+Enter');
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}\/receipt$/);
    const id = new URL(page.url()).pathname.split('/')[2]!;
    const caseNo = (await page.getByTestId('receipt-case-no').textContent())!.trim();
    expect(caseNo).toMatch(/^371403105-\d{8}-\d{4}$/);
    first = { id, caseNo };
    const receipt = page.getByTestId('receipt');
    for (const text of ['神头镇综治中心', '邻里纠纷', '申请人：王小明', '被申请人：李大力', '1 个工作日']) {
      expect(await receipt.textContent()).toContain(text);
    }
    // the QR code (一案一码) opens the case on the resident's phone
    const qr = page.getByTestId('receipt-qr').locator('svg, canvas').first();
    await qr.waitFor();
    const decoded = decodeQrPng(await page.getByTestId('receipt-qr').screenshot());
    expect(decoded).toBe(`${new URL(baseUrl()).origin}/m/cases/${id}`);
    await screenshot(page, 'receipt');

    // the photo went up after the case was created
    const detail = await inPage<{ attachments: { fileName: string }[]; title: string }>(
      page,
      `/api/cases/${id}`,
    );
    expect(detail.json.attachments.map((a) => a.fileName)).toEqual(['scene.png']);
    expect(detail.json.title).toBe('楼上漏水');

    // printing leaves only the paper
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: /打印回执/ }).isVisible()).toBe(false);
    expect(await receipt.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await context.close();
  });

  it('hints at the earlier case when the same phone comes again, and a double click registers once', async () => {
    expect(first).not.toBeNull();
    const context = await desktop(browser);
    const page = await context.newPage();
    await loginAs(page, 'clerk.shentou');
    await openForm(page);
    const applicant = page.getByRole('group', { name: /当事人 1/ });
    await applicant.getByLabel('姓名').fill('王小明');
    await applicant.getByLabel('联系电话').fill(PHONE);
    const hint = page.getByTestId('known-party-hint-0');
    await hint.waitFor();
    expect(await hint.textContent()).toContain(first!.caseNo);
    expect(await hint.textContent()).toContain('申请人');
    expect(await hint.getByRole('link', { name: first!.caseNo }).getAttribute('href')).toBe(
      `/cases/${first!.id}`,
    );

    await chooseCategory(page, '物业');
    await page.getByLabel('纠纷描述').fill('物业费争议，要求调解。');
    await page.getByTestId('register-submit').dblclick();
    await page.waitForURL(/\/receipt$/);
    await page.getByTestId('receipt-case-no').waitFor();
    const known = await inPage<{ items: { id: string }[] }>(page, `/api/parties/known?phone=${PHONE}`);
    expect(known.status).toBe(200);
    expect(known.json.items).toHaveLength(2);
    await context.close();
  });

  it('prints a decline notice with the legal ground and the channel the applicant is guided to', async () => {
    const context = await desktop(browser);
    const page = await context.newPage();
    await loginAs(page, 'clerk.shentou');
    const created = await inPage<{ id: string; version: number; caseNo: string }>(page, '/api/cases', {
      categoryCode: 'debt_contract',
      channel: 'window',
      regionCode: '371403105',
      description: '借款纠纷，已起诉至法院。',
      parties: [{ role: 'applicant', name: '赵四', phone: '13700001111' }],
    });
    expect(created.status).toBe(201);
    // not declined yet: there is no notice
    await page.goto(`/cases/${created.json.id}/decline-notice`);
    await page.getByText('未作不予受理决定').waitFor();
    const declined = await inPage(page, `/api/cases/${created.json.id}/transitions`, {
      action: 'decline',
      version: created.json.version,
      legalGround: '《中华人民共和国人民调解法》第十八条',
      guidance: 'litigation',
    });
    expect(declined.status).toBe(200);
    await page.reload();
    const notice = page.getByTestId('decline-notice');
    await notice.waitFor();
    const text = await notice.textContent();
    for (const part of ['不予受理告知书', '赵四', created.json.caseNo, '人民调解法》第十八条', '诉讼']) {
      expect(text).toContain(part);
    }
    await screenshot(page, 'decline-notice');
    await context.close();
  });
});
