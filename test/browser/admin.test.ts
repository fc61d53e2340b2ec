// The administrators in a real browser (issue 3, admin pages; 三员分立): the security
// administrator creates an account and hands over its one-time password; the new user is made to
// change it before anything else; the audit administrator finds the creation in the audit log.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, launch, loginAs, pickOption, screenshot, staffApi } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function newPage(): Promise<Page> {
  return (await desktop(browser)).newPage();
}

const USERNAME = `clerk.shentou${Date.now() % 100000}`;
const NEW_PASSWORD = 'Shentou#Window2026';
let oneTimePassword = '';

describe('accounts, one-time passwords and the audit log', () => {
  it('the security administrator creates a clerk and sees the one-time password once', async () => {
    const page = await newPage();
    await loginAs(page, 'secadmin');
    await page.getByRole('link', { name: '用户', exact: true }).click();
    await page.getByRole('table').waitFor();
    await page.getByRole('button', { name: /新建用户/ }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('用户名', { exact: true }).fill(USERNAME);
    await drawer.getByLabel('姓名', { exact: true }).fill('窗口新人');
    await pickOption(page, drawer.getByLabel('角色', { exact: true }), '窗口受理员');
    await pickOption(page, drawer.getByLabel('所属单位', { exact: true }), /神头镇综治中心/, '神头镇');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();

    const otp = page.getByTestId('one-time-password');
    // the save hashes the password with Argon2 (memory-hard on purpose): slow on a busy CI machine
    await otp.waitFor({ timeout: 60_000 }).catch(async (err: Error) => {
      // say what the form showed instead (a field's error, the server's message), not only the timeout
      const shown = await drawer.textContent({ timeout: 1_000 }).catch(() => '(drawer gone)');
      throw new Error(`${err.message}\nthe drawer showed: ${shown}`);
    });
    oneTimePassword = (await otp.textContent())!.trim();
    expect(oneTimePassword).toMatch(/^\S{14}$/);
    expect(await page.getByRole('dialog').textContent()).toContain('只显示这一次');
    await page.getByRole('button', { name: '我已记下' }).click();

    // the new account is in the list, waiting for its password to be changed
    await page.getByLabel('用户名或姓名').fill('shentou');
    await page.getByRole('button', { name: /搜\s*索/ }).click();
    const row = page.getByRole('row', { name: new RegExp(USERNAME) });
    await expect.poll(() => row.textContent()).toContain('待改密码');
    expect(await row.textContent()).toContain('神头镇');
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await screenshot(page, 'admin-users');
    await page.context().close();
  });

  it('the new clerk logs in with it and must change it before anything else', async () => {
    expect(oneTimePassword).not.toBe('');
    const page = await newPage();
    await page.goto('/login');
    await page.getByLabel('用户名').fill(USERNAME);
    await page.getByLabel('密码').fill(oneTimePassword);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/change-password');
    // the server opens nothing else either
    expect((await page.request.get('/api/cases')).status()).toBe(403);
    await page.goto('/cases');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/change-password');

    await page.getByLabel('当前密码').fill(oneTimePassword);
    await page.getByLabel('新密码', { exact: true }).fill('tooshort');
    await page.getByLabel('确认新密码').fill('tooshort');
    await page.getByRole('button', { name: '修改密码' }).click();
    await expect.poll(() => page.getByText('新密码至少需要 12 个字符').count()).toBeGreaterThan(0);

    await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('确认新密码').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByTestId('user-name').waitFor();
    expect(await page.getByTestId('user-name').textContent()).toContain('窗口新人');
    expect(await page.getByTestId('user-unit').textContent()).toContain('神头镇');
    expect((await page.request.get('/api/cases')).status()).toBe(200);
    await page.context().close();

    // the one-time password is spent; the new one works
    const again = await newPage();
    await loginAs(again, USERNAME, NEW_PASSWORD);
    await again.context().close();
  });

  it('the audit administrator finds the creation in the audit log; others cannot open it', async () => {
    const page = await newPage();
    await loginAs(page, 'auditor');
    await page.getByRole('link', { name: '审计日志' }).click();
    await page.getByRole('table').first().waitFor();
    await page.getByLabel('操作', { exact: true }).fill('account.');
    await page
      .getByRole('button', { name: /搜\s*索/ })
      .first()
      .click();
    // newest first: the creation just made, by the security administrator; its detail names the account
    const row = page.getByRole('row', { name: /account\.create/ }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain('secadmin');
    expect(await row.textContent()).toContain('安全管理员');
    await row.getByRole('button').first().click();
    await expect.poll(() => page.getByLabel('详情').first().textContent()).toContain(USERNAME);
    const change = page.getByRole('row', { name: /auth\.change_password/ });
    await page.getByLabel('操作', { exact: true }).fill('auth.change_password');
    await page
      .getByRole('button', { name: /搜\s*索/ })
      .first()
      .click();
    await expect.poll(() => change.count()).toBeGreaterThan(0);
    expect(await change.first().textContent()).toContain(USERNAME);
    await page.context().close();

    // 三员分立: the system administrator reaching the page by address gets a 403
    const sys = await newPage();
    await loginAs(sys, 'sysadmin');
    await sys.goto('/admin/audit');
    await expect.poll(() => sys.getByText('此页面仅供审计管理员使用').count()).toBe(1);
    await sys.context().close();
  });
});

interface Limit {
  id: string;
  stage: string;
  categoryCode: string | null;
  level: string | null;
  mediationKind: string | null;
  workingDays: number;
}

describe('system configuration: time limits and routing rules', () => {
  it('the system administrator changes a time limit and a routing rule; a dispatcher sees neither page', async () => {
    const api = await staffApi(browser, 'sysadmin');
    const followUp = async () =>
      ((await api.get('/api/time-limits')) as Limit[]).find(
        (r) => r.stage === 'follow_up' && !r.categoryCode && !r.level && !r.mediationKind,
      )!;
    const before = (await followUp()).workingDays;
    const page = await newPage();
    await loginAs(page, 'sysadmin');
    const menu = page.getByRole('navigation').first();
    for (const name of ['分流规则', '办理时限', '工作日历', '数据导入'])
      expect(await menu.getByRole('link', { name, exact: true }).count(), name).toBe(1);

    // 办理时限: the general follow-up limit, one more working day
    await page.getByRole('link', { name: '办理时限', exact: true }).click();
    const setFollowUp = async (days: number) => {
      const row = page.getByRole('row', { name: /回访/ }).first();
      await row.getByRole('button', { name: /编\s*辑/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('工作日').fill(String(days));
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await expect.poll(() => row.textContent()).toContain(`${days} 个工作日`);
      await expect.poll(async () => (await followUp()).workingDays).toBe(days);
    };
    await setFollowUp(before + 1);
    await screenshot(page, 'admin-time-limits');

    // 分流规则: 神头镇's any-category rule gets a new priority
    await page.getByRole('link', { name: '分流规则', exact: true }).click();
    await page
      .locator('.ant-tree-treenode', { hasText: '陵城区' })
      .locator('.ant-tree-switcher')
      .first()
      .click();
    await page.locator('.ant-tree-node-content-wrapper', { hasText: '神头镇' }).first().click();
    const rule = page.getByRole('row', { name: /任意类别/ }).first();
    await expect.poll(() => rule.textContent()).toContain('神头镇人民调解委员会');
    await rule.getByRole('button', { name: /编\s*辑/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('优先级').fill('1234');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => rule.textContent()).toContain('1234');
    const rules = (await api.get('/api/routing/rules?region=371403105')) as {
      regionPrefix: string;
      categoryCode: string | null;
      priority: number;
    }[];
    expect(rules.find((r) => r.regionPrefix === '371403105' && r.categoryCode === null)?.priority).toBe(1234);
    await screenshot(page, 'admin-routing-rules');

    // 工作日历 lists the years the calendar knows
    await page.getByRole('link', { name: '工作日历', exact: true }).click();
    await expect.poll(() => page.getByRole('row').count()).toBeGreaterThan(1);

    // put the time limit back: later suites count follow-up deadlines with the default
    await page.getByRole('link', { name: '办理时限', exact: true }).click();
    await setFollowUp(before);
    await page.context().close();
    await api.close();

    // a dispatcher has none of these entries, and the pages refuse by address
    const dispatcher = await newPage();
    await loginAs(dispatcher, 'dispatcher.shentou');
    const links = dispatcher.getByRole('navigation').first();
    for (const name of ['分流规则', '办理时限', '工作日历', '数据导入'])
      expect(await links.getByRole('link', { name, exact: true }).count(), name).toBe(0);
    await dispatcher.goto('/admin/time-limits');
    await expect.poll(() => dispatcher.getByText('此页面仅供系统管理员使用').count()).toBe(1);
    await dispatcher.context().close();
  });
});
