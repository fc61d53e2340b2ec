import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, launch, loginAs } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('logging in', () => {
  it('refuses a wrong password with a readable message and lets the right one in', async () => {
    const context = await desktop(browser);
    const page = await context.newPage();
    await page.goto('/');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('用户名').fill('clerk.shentou');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('用户名或密码错误');
    await loginAs(page, 'clerk.shentou');
    expect(await page.getByTestId('user-unit').textContent()).toContain('窗口受理员');
    await context.close();
  });

  it('switches the interface to English and back', async () => {
    const context = await desktop(browser);
    const page = await context.newPage();
    await loginAs(page, 'dispatcher.lingcheng');
    await expect.poll(() => page.getByRole('navigation').textContent()).toContain('我的待办');
    await page.getByLabel('语言').click();
    await page.getByText('English', { exact: true }).click();
    await expect.poll(() => page.getByRole('navigation').textContent()).toContain('My inbox');
    expect(await page.getByTestId('user-unit').textContent()).toContain('Dispatcher');
    // the choice survives a reload
    await page.reload();
    await expect.poll(() => page.getByRole('navigation').textContent()).toContain('My inbox');
    await page.getByLabel('Language').click();
    await page.getByText('简体中文', { exact: true }).click();
    await expect.poll(() => page.getByRole('navigation').textContent()).toContain('我的待办');
    await context.close();
  });

  it('sends a user whose session ended back to log-in with a message', async () => {
    const context = await desktop(browser);
    const page = await context.newPage();
    await loginAs(page, 'clerk.shentou');
    await context.clearCookies();
    // the next request the page makes is refused: the console returns to log-in and says why
    await page.getByRole('link', { name: '案件查询' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByRole('status').textContent()).toContain('登录已过期');
    await context.close();
  });
});
