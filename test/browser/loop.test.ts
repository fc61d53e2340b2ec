// The closed loop in a real browser (issue 3, "done means"): a township clerk registers a case,
// the dispatcher assigns it, the department accepts, handles and concludes it, the clerk follows
// it up, and the timeline shows each step; another township's clerk never sees it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../src/core/pii/validation.js';
import { checkFirmly, chooseFirstGrid, desktop, launch, loginAs, pickOption, screenshot } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const TITLE = `楼道堆放杂物纠纷 ${Date.now() % 100000}`;

/** A screenshot once the page's fonts have loaded. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await screenshot(page, name);
}

/** A signed-in page of its own (own cookies) for one demo account. */
async function as(username: string): Promise<Page> {
  const page = await (await desktop(browser)).newPage();
  await loginAs(page, username);
  return page;
}

/** Opens an action's form on the case page, lets `fill` fill it in, submits, waits for the answer. */
async function act(page: Page, action: RegExp, fill: () => Promise<void> = async () => {}) {
  await page.getByTestId('case-actions').getByRole('button', { name: action }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await fill();
  await dialog.getByRole('button', { name: /提\s*交/ }).click();
  await dialog.waitFor({ state: 'detached' });
}

async function timelineActions(page: Page): Promise<string[]> {
  return page
    .getByTestId('timeline-event')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-action') ?? ''));
}

async function waitForTimeline(page: Page, last: string) {
  await expect.poll(async () => (await timelineActions(page)).at(-1), { timeout: 15_000 }).toBe(last);
}

describe('the closed loop in the browser', () => {
  let caseId = '';
  let caseNo = '';

  it('a clerk registers, the dispatcher assigns, the department accepts, handles and concludes, the clerk follows up', async () => {
    // the clerk of 神头镇 registers a walk-in dispute
    const clerk = await as('clerk.shentou');
    await clerk.getByRole('navigation').getByRole('link', { name: '登记' }).click();
    await clerk.getByRole('heading', { name: '登记矛盾纠纷' }).waitFor();
    const applicant = clerk.getByRole('group', { name: /当事人 1/ });
    await applicant.getByLabel('姓名').fill('张秀英');
    await applicant.getByLabel('联系电话').fill('13812345678');
    await applicant.getByLabel('身份证号码').fill(makeIdNumber('371403', '19800202', '123'));
    await clerk.getByRole('button', { name: '添加当事人' }).click();
    const respondent = clerk.getByRole('group', { name: '当事人 2 · 被申请人' });
    await respondent.getByLabel('姓名').fill('李建国');
    await clerk.getByLabel('纠纷类别').click();
    await clerk.keyboard.type('邻里');
    await clerk.keyboard.press('Enter');
    // the place: the clerk's township is preset; down to a village and its first grid
    await chooseFirstGrid(clerk);
    await clerk.getByLabel('标题').fill(TITLE);
    await clerk.getByLabel('纠纷描述').fill('邻居在楼道堆放杂物，影响通行和消防安全，多次协商未果。');
    await clerk.getByTestId('register-submit').click();
    await clerk.waitForURL(/\/cases\/[0-9a-f-]{36}\/receipt$/);
    caseId = new URL(clerk.url()).pathname.split('/')[2]!;
    caseNo = (await clerk.getByTestId('receipt-case-no').textContent())!.trim();
    expect(caseNo).toMatch(/^371403105-\d{8}-\d{4}$/);

    // the dispatcher finds it under 待分派 and assigns it to the justice office (司法所)
    const dispatcher = await as('dispatcher.shentou');
    await dispatcher.getByTestId('tab-toDispatch').click();
    const row = dispatcher.getByRole('link', { name: caseNo });
    await row.waitFor();
    await shoot(dispatcher, 'inbox');
    await row.click();
    await expect.poll(() => dispatcher.getByTestId('case-no').textContent()).toBe(caseNo);
    await act(dispatcher, /^分\s*派$/, async () => {
      const unit = dispatcher.getByLabel('承办单位');
      await unit.click();
      await unit.fill('司法所');
      // once the search has filtered the tree (the suggested committee gone), click the title:
      // antd selects a tree node only when its title is clicked
      const nodes = dispatcher.locator('.ant-select-tree-node-content-wrapper');
      await expect.poll(() => nodes.filter({ hasText: '人民调解委员会' }).count()).toBe(0);
      // a click can be lost while the tree re-renders on a loaded machine: click until it shows
      const justice = nodes.filter({ hasText: '神头司法所' }).first();
      const chosen = () => dispatcher.getByRole('dialog').locator('.ant-select').first().textContent();
      await expect
        .poll(
          async () => {
            if ((await chosen())?.includes('神头司法所')) return true;
            if (!(await justice.isVisible())) {
              await unit.click();
              await unit.fill('司法所');
            }
            await justice.click({ timeout: 5_000 }).catch(() => undefined);
            return (await chosen())?.includes('神头司法所') ?? false;
          },
          { timeout: 30_000 },
        )
        .toBe(true);
      await dispatcher.getByLabel('备注').fill('请司法所依法调处');
    });
    await waitForTimeline(dispatcher, 'assign');

    // the justice office accepts, records its handling and concludes
    const dept = await as('dept.shentou');
    await dept.getByTestId('tab-toAccept').click();
    await dept.getByRole('link', { name: caseNo }).click();
    await act(dept, /^受\s*理$/);
    await waitForTimeline(dept, 'accept');
    await act(dept, /^办理记录$/, async () => {
      await pickOption(dept, dept.getByLabel('办理方式'), '上门走访');
      await dept.getByLabel('备注').fill('上门了解情况，组织双方面对面调解。');
    });
    await waitForTimeline(dept, 'handle');
    await act(dept, /^办\s*结$/, async () => {
      await checkFirmly(dept.getByLabel('调解成功'));
      await dept.getByLabel('办结情况').fill('双方达成协议，被申请人三日内清理杂物。');
    });
    await waitForTimeline(dept, 'conclude');

    // the clerk calls the applicant back (回访)
    await clerk.goto(`/cases/${caseId}`);
    await act(clerk, /^回\s*访$/, async () => {
      await checkFirmly(clerk.getByLabel('满意', { exact: true }));
    });
    await waitForTimeline(clerk, 'follow_up');

    // the timeline shows each step: who, for which unit, what and why
    expect(await timelineActions(clerk)).toEqual([
      'register',
      'assign',
      'accept',
      'handle',
      'conclude',
      'follow_up',
    ]);
    const timeline = (await clerk.getByTestId('timeline').textContent()) ?? '';
    for (const words of [
      '登记',
      '分派至',
      '陵城区司法局神头司法所',
      '请司法所依法调处',
      '受理',
      '上门走访',
      '组织双方面对面调解',
      '调解成功',
      '双方达成协议',
      '回访',
      '满意',
      '陵城区神头镇综治中心',
    ]) {
      expect(timeline).toContain(words);
    }
    expect(await clerk.getByTestId('case-summary').textContent()).toContain('已回访');
    await shoot(clerk, 'case-page');
    for (const p of [clerk, dispatcher, dept]) await p.context().close();
  });

  it('tells a user who acted on a stale page that someone else acted first, and reloads the case', async () => {
    const clerk = await as('clerk.shentou');
    const me = await (await clerk.request.get('/api/me')).json();
    const created = await clerk.request.post('/api/cases', {
      headers: { 'x-csrf-token': me.csrfToken },
      data: {
        categoryCode: 'neighbor',
        channel: 'window',
        regionCode: '371403105200',
        description: '噪音扰民',
        parties: [{ role: 'applicant', name: '王芳', phone: '13700001111' }],
      },
    });
    const stale = await created.json();
    // without live updates (the stream cut, as on a flaky network) the page keeps what it read
    await clerk.route('**/api/events/stream', (route) => route.abort());
    await clerk.goto(`/cases/${stale.id}`);
    await clerk.getByTestId('case-actions').waitFor();
    // meanwhile the dispatcher assigns it (through the API: the clerk's page keeps the focus and
    // does not refresh itself, as it would when the clerk switched back to it)
    const dispatcher = await desktop(browser);
    const login = await dispatcher.request.post('/api/auth/login', {
      data: { username: 'dispatcher.shentou', password: 'Yimen@Demo2026' },
    });
    const csrf = (await login.json()).csrfToken;
    const units = await (await dispatcher.request.get('/api/units?region=371403105')).json();
    const justice = units.find((u: { code: string }) => u.code === '371403105-justice');
    const assigned = await dispatcher.request.post(`/api/cases/${stale.id}/transitions`, {
      headers: { 'x-csrf-token': csrf },
      data: { action: 'assign', version: stale.version, unitId: justice.id },
    });
    expect(assigned.status()).toBe(200);
    // the clerk, still seeing it as registered, withdraws it
    await clerk
      .getByTestId('case-actions')
      .getByRole('button', { name: /^撤\s*回$/ })
      .click();
    await clerk.getByLabel('理由').fill('当事人自行和解');
    await clerk
      .getByRole('dialog')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    await clerk.getByText('该案件刚被他人更新').waitFor();
    await waitForTimeline(clerk, 'assign');
    expect(await clerk.getByTestId('case-summary').textContent()).toContain('已分派');
    await clerk.context().close();
    await dispatcher.close();
  });

  it('another township does not see the case', async () => {
    const other = await as('clerk.xinhu');
    await other.goto(`/cases?q=${encodeURIComponent(caseNo)}`);
    await other.getByTestId('case-table').waitFor();
    await expect.poll(() => other.getByTestId('case-table').textContent()).toContain('没有符合条件的案件');
    // the whole list, without filters, does not hold it either
    await other.goto('/cases');
    await other.getByTestId('case-table').locator('tbody tr[data-row-key]').first().waitFor();
    expect(await other.getByRole('link', { name: caseNo }).count()).toBe(0);
    // and its page answers as if it did not exist
    await other.goto(`/cases/${caseId}`);
    // (a page load on a loaded CI machine can take longer than the poll's default 5 s)
    await expect.poll(() => other.getByText('案件不存在').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // while its own township's clerk finds it by number
    const own = await as('clerk.shentou');
    await own.goto(`/cases?q=${encodeURIComponent(caseNo)}`);
    await own.getByRole('link', { name: caseNo }).waitFor();
    await other.context().close();
    await own.context().close();
  });
});
