// Debian's Chromium through playwright-core, headless, with the flags this closed network needs.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { totpCode } from '../../src/server/modules/auth/totp.js';
import { demoTotpSecret } from '../../src/server/seed/demo-accounts.js';
import { secondFactorRequired } from '../../src/core/organization/second-factor.js';

/** Where the suite saves its screenshots (CI keeps this folder as an artifact; see README). */
export const SCREENSHOT_DIR = path.resolve('artifacts', 'screenshots');

export const baseUrl = () => inject('baseUrl');

/**
 * A fontconfig file that adds the Noto Sans SC shipped through npm (the PDF toolkit's font) to the
 * system's fonts: a bare Debian has no Chinese font, and screenshots would show empty boxes.
 */
function fontConfig(): string {
  const fonts = path.resolve('node_modules', '@expo-google-fonts', 'noto-sans-sc');
  const dir = mkdtempSync(path.join(tmpdir(), 'yimen-fonts-'));
  const file = path.join(dir, 'fonts.conf');
  writeFileSync(
    file,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${path.join(fonts, '400Regular')}</dir>
  <dir>${path.join(fonts, '700Bold')}</dir>
  <cachedir>${path.join(dir, 'cache')}</cachedir>
</fontconfig>
`,
  );
  return file;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    env: { ...process.env, FONTCONFIG_FILE: fontConfig() },
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
}

/** A fresh context (own cookies) at a desktop size the issue asks to be usable at: 1366×768. */
export async function desktop(browser: Browser, locale = 'zh-CN'): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1366, height: 768 }, locale, baseURL: baseUrl() });
}

/** Demo administrators and leaders sign in with a second factor: the demo secret's current code. */
const ADMIN_USERNAMES: Record<string, string> = {
  sysadmin: 'sys_admin',
  secadmin: 'security_admin',
  auditor: 'audit_admin',
};
export function demoTotp(username: string): string | undefined {
  const role = ADMIN_USERNAMES[username] ?? username.split('.')[0]!;
  return secondFactorRequired(role) ? totpCode(demoTotpSecret(username), new Date()) : undefined;
}

/**
 * Repeats an interaction until it holds, at most three times. antd can lose a click that lands
 * while its dialog or dropdown is still opening, or while a list is being replaced (seen on loaded
 * CI machines: a checkbox, a select's role and unit, a rating star). `action` must itself check
 * that it held (and throw when it did not); `between` undoes a half-done try.
 */
export async function untilItHolds(
  action: () => Promise<void>,
  between?: () => Promise<void>,
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await action();
      return;
    } catch (err) {
      if (attempt === 3) throw err;
      await between?.();
    }
  }
}

/** Checks a radio or checkbox until it holds. */
export async function checkFirmly(box: Locator): Promise<void> {
  await untilItHolds(() => box.check({ timeout: 5_000 }));
}

/**
 * Picks an option of an antd Select by its title; with `search`, types it first and waits for the
 * server's filtered list (the select shows a spinner while it loads); repeated until the select
 * shows the option (CI, 2026-11-27 and 28: the role, then the unit stayed empty).
 */
export async function pickOption(
  page: Page,
  field: Locator,
  title: string | RegExp,
  search?: string,
): Promise<void> {
  const select = field.locator('xpath=ancestor::*[contains(concat(" ", @class, " "), " ant-select ")][1]');
  const exact = typeof title === 'string' ? { exact: true } : {};
  await untilItHolds(
    async () => {
      await field.click({ timeout: 10_000 });
      if (search !== undefined) {
        await field.fill(search);
        await select.locator('.anticon-loading').waitFor({ state: 'detached', timeout: 15_000 });
      }
      const option = page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
        .getByTitle(title, exact)
        .first();
      await option.click({ timeout: 10_000 });
      await select.getByTitle(title, exact).first().waitFor({ timeout: 5_000 });
    },
    () => page.keyboard.press('Escape'),
  );
}

/** Submits the open modal form and waits for it to close; says what it showed when it stays open. */
export async function submitDialog(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: /提\s*交/ }).click();
  await dialog.waitFor({ state: 'detached' }).catch(async (err: Error) => {
    // a field's error or the server's message, not only the timeout
    const shown = await dialog.textContent({ timeout: 1_000 }).catch(() => '(gone)');
    throw new Error(`${err.message}\nthe dialog showed: ${shown}`);
  });
}

/** Clicks the element (or the element of a test id) and returns the file the browser downloads. */
export async function downloaded(
  page: Page,
  target: string | Locator,
): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    (typeof target === 'string' ? page.getByTestId(target) : target).click(),
  ]);
  return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
}

export async function loginAs(page: Page, username: string, password = 'Yimen@Demo2026'): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/密码|Password/).fill(password);
  await page.getByRole('button', { name: /登\s*录|Log in/ }).click();
  const code = demoTotp(username);
  if (code) {
    // the page asks for the authenticator's code once the password is right
    await page.getByLabel(/动态验证码|Authenticator code/).fill(code);
    await page.getByRole('button', { name: /登\s*录|Log in/ }).click();
  }
  await page.getByTestId('user-name').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A staff user driving the API directly (for the steps a test is not about), with its own cookies. */
export async function staffApi(browser: Browser, username: string, password = 'Yimen@Demo2026') {
  const context = await browser.newContext({ baseURL: baseUrl() });
  const totpCode = demoTotp(username);
  const login = await context.request.post('/api/auth/login', {
    data: { username, password, ...(totpCode ? { totpCode } : {}) },
  });
  if (!login.ok()) throw new Error(`log-in of ${username} failed: ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    get: async (url: string) => (await context.request.get(url)).json(),
    post: async (url: string, data: unknown) => {
      const res = await context.request.post(url, { data, headers: { 'x-csrf-token': csrfToken } });
      if (!res.ok()) throw new Error(`${url}: ${res.status()} ${await res.text()}`);
      return res.json();
    },
    close: () => context.close(),
  };
}

/** A phone-sized context, as a resident scanning a 解纷码 has. */
export async function phone(browser: Browser, locale = 'zh-CN'): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
    baseURL: baseUrl(),
  });
}

/** A resident proves their phone: the code is read from the development outbox (no SMS here). */
export async function phoneCheck(page: Page, number: string): Promise<void> {
  await page.getByRole('textbox', { name: '手机号码' }).fill(number);
  await page.getByRole('button', { name: '获取验证码' }).click();
  let code: string | null = null;
  await expect
    .poll(async () => {
      const res = await page.request.get(`/api/dev/outbox?phone=${number}`);
      const { messages } = (await res.json()) as { messages: { code: string | null }[] };
      code = messages.find((m) => m.code)?.code ?? null;
      return code;
    })
    .toMatch(/^\d{6}$/);
  await page.getByRole('textbox', { name: '验证码' }).fill(code!);
  await page.getByRole('button', { name: '验证并继续' }).click();
}

/** A small real PNG (a 64×48 gradient), for uploads. */
export function samplePng(): Buffer {
  const png = new PNG({ width: 64, height: 48 });
  for (let y = 0; y < 48; y++)
    for (let x = 0; x < 64; x++) {
      const i = (y * 64 + x) * 4;
      png.data[i] = x * 4;
      png.data[i + 1] = y * 5;
      png.data[i + 2] = 128;
      png.data[i + 3] = 255;
    }
  return PNG.sync.write(png);
}

/**
 * Opens the registration form's place cascader (发生地点) and goes down to the first village and
 * its first grid. Each level loads when its parent is opened; a click that lands while the list
 * is still being drawn is repeated.
 */
export async function chooseFirstGrid(page: Page): Promise<void> {
  await page.getByLabel('发生地点').click();
  const menus = page.locator('.ant-cascader-menu');
  for (let level = 0; level < 3; level++) {
    const item = menus.nth(level).locator('.ant-cascader-menu-item').first();
    await expect
      .poll(
        async () => {
          if (level < 2 && (await menus.count()) > level + 1) return true;
          await item.click();
          return level === 2 || (await menus.count()) > level + 1;
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBe(true);
  }
  await page.keyboard.press('Escape');
}
