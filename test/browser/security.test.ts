// 账号安全 in the console (issue 10): a clerk sets up an authenticator app from the QR page (the key
// shown beside the code), sees their open sessions and ends another one, and from then on the
// log-in page asks for the code; a leader's log-in asks for it from the start.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/server/modules/auth/totp.js';
import { baseUrl, demoTotp, desktop, launch, loginAs, screenshot } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

describe('account security', () => {
  it('a clerk sets up a second factor, sees and ends sessions, and then logs in with a code', async () => {
    // another session of the same clerk, on "another computer"
    const other = await browser.newContext({ baseURL: baseUrl() });
    const elsewhere = await other.request.post('/api/auth/login', {
      data: { username: 'clerk.yanbei', password: 'Yimen@Demo2026' },
    });
    expect(elsewhere.ok()).toBe(true);

    const context = await desktop(browser);
    const page = await context.newPage();
    await loginAs(page, 'clerk.yanbei');
    await page.getByTestId('account-security').click();
    await page.getByTestId('totp-card').waitFor();
    await page.getByRole('button', { name: /绑定身份验证器/ }).click();
    await page.getByTestId('totp-qr').locator('svg').waitFor();
    const secret = (await page.getByTestId('totp-secret').locator('code').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await screenshot(page, 'security-totp-setup');
    await page.getByLabel('验证码').first().fill(totpCode(secret, new Date()));
    await page.getByRole('button', { name: /确认绑定/ }).click();
    await expect.poll(() => page.getByTestId('totp-card').textContent()).toMatch(/已启用/);

    const sessions = page.getByTestId('sessions-card');
    await expect.poll(() => sessions.locator('tbody tr').count()).toBe(2);
    await expect.poll(() => sessions.textContent()).toMatch(/当前会话/);
    await sessions.getByRole('button', { name: /结\s*束/ }).click();
    await expect.poll(() => sessions.locator('tbody tr').count()).toBe(1);
    expect((await other.request.get('/api/me')).status()).toBe(401);
    await screenshot(page, 'security-sessions');

    // next log-in: password, then the code
    const again = await (await desktop(browser)).newPage();
    await again.goto('/login');
    await again.getByLabel(/用户名/).fill('clerk.yanbei');
    await again.getByLabel(/密码/).fill('Yimen@Demo2026');
    await again.getByRole('button', { name: /登\s*录/ }).click();
    const code = again.getByLabel(/动态验证码/);
    await code.waitFor();
    await code.fill(totpCode(secret, new Date(Date.now() + 30_000)));
    await again.getByRole('button', { name: /登\s*录/ }).click();
    await again.getByTestId('user-name').waitFor();
    await other.close();
  });

  it('a leader’s log-in asks for the code after the password', async () => {
    expect(demoTotp('leader.xinhu')).toMatch(/^\d{6}$/);
    const page = await (await desktop(browser)).newPage();
    await loginAs(page, 'leader.xinhu');
    await expect.poll(() => page.getByTestId('user-name').textContent()).not.toBe('');
  });
});
