// Issue 6's done-means on a phone (375×667): a grid worker logs a visit with a photo, reports a
// fire hazard and a neighbor dispute (whose case reaches the township's inbox), goes offline, logs a
// patrol (queued on the phone, kept through a reload without a connection), comes back online, and
// the patrol arrives exactly once.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, phone, samplePng, screenshot, staffApi } from './browser.js';

const WORKER = 'grid.shentou';
const stamp = Date.now().toString(36);
const VISIT_NOTE = `走访独居老人王大爷，身体状况良好。${stamp}`;
const PATROL_NOTE = `夜间巡查，发现车辆未锁已联系车主。${stamp}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface Item {
  id: string;
  kind: string;
  note: string;
  photoIds: string[];
  patrol: { route: string; findings?: { text: string; action: string }[] } | null;
  position: { lat: number; lng: number } | null;
}

async function workItems(kind: string): Promise<Item[]> {
  const api = await staffApi(browser, WORKER);
  const page = (await api.get(`/api/grid/work-items?kind=${kind}&limit=100`)) as { items: Item[] };
  await api.close();
  return page.items;
}

async function login(page: Page): Promise<void> {
  await page.goto('/g/login');
  await page.getByRole('textbox', { name: '用户名' }).fill(WORKER);
  await page.getByLabel('密码').fill('Yimen@Demo2026');
  await page
    .getByRole('button', { name: '登 录' })
    .or(page.getByRole('button', { name: '登录' }))
    .click();
  await page.getByText('今日任务').first().waitFor();
}

/** The service worker controls the page: a reload without a connection opens the app. */
async function shellKept(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(async () => {
        await navigator.serviceWorker.ready;
        return !!navigator.serviceWorker.controller;
      }),
    )
    .toBe(true);
}

describe('the grid worker H5', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await phone(browser);
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: 37.3312, longitude: 116.4621, accuracy: 25 });
    page = await context.newPage();
    await page.setViewportSize({ width: 375, height: 667 });
  });
  afterAll(async () => {
    await context?.close();
  });

  it('logs a visit with a photo and the phone position, counted on today’s task', async () => {
    // the township plans visits every day in the worker's grid
    const worker = await staffApi(browser, WORKER);
    const grid = ((await worker.get('/api/me')) as { user: { scopeCode: string } }).user.scopeCode;
    await worker.close();
    const dispatcher = await staffApi(browser, 'dispatcher.shentou');
    const title = `重点户走访 ${stamp}`;
    await dispatcher.post('/api/grid/plans', {
      regionCode: grid,
      kind: 'visit',
      title,
      every: 'day',
      count: 20,
    });
    await dispatcher.close();

    await login(page);
    // Chinese first, English on request
    await page.getByText('English', { exact: true }).first().click();
    await page.getByText('Today’s tasks').first().waitFor();
    await page.getByText('中文', { exact: true }).first().click();
    await page.getByText('今日任务').first().waitFor();
    const task = page.getByTestId('task').filter({ hasText: title });
    // done counts the worker's visits in the grid today (other runs against the same server included)
    const before = Number((await task.getByTestId('task-progress').textContent())!.split('/')[0]);
    await task.getByRole('button', { name: '去完成' }).click();
    await page.getByText(`任务：${title}`).waitFor();
    await page.getByText(/已定位/).waitFor();
    await page.getByRole('textbox', { name: '情况记录' }).fill(VISIT_NOTE);
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'visit.png', mimeType: 'image/png', buffer: samplePng() });
    await page.locator('.adm-image-uploader-cell-image').first().waitFor();
    expect(await page.locator('.adm-image-uploader-cell-image').count()).toBe(1);
    await screenshot(page, 'grid-log-visit');
    await page
      .getByRole('button', { name: '提 交' })
      .or(page.getByRole('button', { name: '提交' }))
      .click();
    await page.getByText('今日任务').first().waitFor();
    await expect.poll(() => task.getByTestId('task-progress').textContent()).toBe(`${before + 1}/20`);
    await screenshot(page, 'grid-today');

    const visits = (await workItems('visit')).filter((w) => w.note === VISIT_NOTE);
    expect(visits).toHaveLength(1);
    expect(visits[0]!.photoIds).toHaveLength(1);
    expect(visits[0]!.position).toMatchObject({ lat: 37.3312, lng: 116.4621 });
    // the draft was cleared with the submission
    await page
      .getByRole('button', { name: '记一笔' })
      .or(page.getByText('记一笔', { exact: true }))
      .first()
      .click();
    await expect.poll(() => page.getByRole('textbox', { name: '情况记录' }).inputValue()).toBe('');
  });

  it('reports a fire hazard and a neighbor dispute, which becomes a case in the township inbox', async () => {
    await page.getByText('上报', { exact: true }).last().click();
    await page.getByText('消防隐患', { exact: true }).click();
    await page.getByRole('textbox', { name: '事件描述' }).fill(`楼道内堆放大量纸箱，堵塞安全出口。${stamp}`);
    await page
      .getByRole('button', { name: '上 报' })
      .or(page.getByRole('button', { name: '上报' }))
      .click();
    await page.getByText('我的上报').first().waitFor();
    await page.getByTestId('report').first().waitFor();
    expect(await page.getByTestId('report').first().textContent()).toContain('消防隐患');
    expect(await page.getByTestId('report').first().textContent()).toContain('已上报');

    await page.getByText('上报', { exact: true }).last().click();
    await page.getByText('矛盾纠纷', { exact: true }).click();
    await page.getByTestId('report-notice').waitFor();
    expect(await page.getByTestId('report-notice').textContent()).toContain('登记为案件');
    await page
      .getByRole('textbox', { name: '事件描述' })
      .fill(`两户邻居因院墙排水问题发生争执，需要调解。${stamp}`);
    await page.getByText('邻里纠纷', { exact: true }).click();
    await page.getByRole('textbox', { name: '姓名 1' }).fill('李桂兰');
    await page.getByRole('textbox', { name: '姓名 2' }).fill('赵建国');
    await screenshot(page, 'grid-report-dispute');
    await page
      .getByRole('button', { name: '上 报' })
      .or(page.getByRole('button', { name: '上报' }))
      .click();
    const caseText = await page.getByTestId('report-case-no').textContent();
    const caseNo = caseText!.replace(/.*案件编号\s*/, '').trim();
    expect(caseNo).toMatch(/^\d{4}/);
    await page.getByRole('button', { name: '查看与办理' }).click();
    await page.getByTestId('case-state').waitFor();
    const caseId = new URL(page.url()).pathname.split('/').pop()!;

    // the village takes it on and records its mediation; the whistle is offered for what it cannot solve
    const submitAction = () =>
      page
        .getByTestId('case-action-form')
        .getByRole('button', { name: '提 交' })
        .or(page.getByTestId('case-action-form').getByRole('button', { name: '提交' }))
        .click();
    const sheet = page.locator('.adm-action-sheet');
    await page.getByTestId('case-actions').click();
    await sheet.getByText('受理', { exact: true }).click();
    await submitAction();
    await expect.poll(() => page.getByTestId('case-state').textContent()).toBe('办理中');
    await page.getByTestId('case-actions').click();
    await sheet.getByText('村级调解记录', { exact: true }).waitFor();
    expect(await sheet.getByText('吹哨上报乡镇', { exact: true }).count()).toBe(1);
    await sheet.getByText('村级调解记录', { exact: true }).click();
    await page.getByText('上门走访', { exact: true }).click();
    await page
      .getByRole('textbox', { name: '备注' })
      .fill('村两委与法律顾问上门，双方同意共同疏通排水沟，下周复查。');
    await submitAction();
    await page.getByTestId('case-action-form').waitFor({ state: 'detached' });
    await page.getByText('办理记录', { exact: true }).waitFor();
    await screenshot(page, 'grid-case');

    const dispatcher = await staffApi(browser, 'dispatcher.shentou');
    const inbox = (await dispatcher.get('/api/cases?limit=100')) as {
      items: { id: string; caseNo: string }[];
    };
    await dispatcher.close();
    expect(inbox.items.find((c) => c.id === caseId)?.caseNo).toBe(caseNo);

    // 我的上报 links the dispute to its case number and state
    await page.goto('/g/reports');
    await page.getByTestId('report-case').first().waitFor();
    expect(await page.getByTestId('report-case').first().textContent()).toContain(caseNo);
  });

  it('queues a patrol offline, keeps it through a reload, and sends it exactly once when back online', async () => {
    await shellKept(page);
    await page.goto('/g/');
    await page.getByText('今日任务').first().waitFor();
    await context.setOffline(true);
    await page.getByText(/当前离线/).waitFor();

    await page.getByRole('button', { name: '巡查' }).click();
    await page.getByRole('textbox', { name: '巡查路线' }).fill('村委会—东街—学校—南湖');
    await page.getByRole('button', { name: '添加一条发现' }).click();
    await page.getByRole('textbox', { name: '发现情况' }).fill('路边一辆轿车未锁，车内有现金一万余元');
    await page.getByRole('textbox', { name: '处置措施' }).fill('按挡风玻璃上的电话联系到车主，车主到场取回');
    await page.getByRole('textbox', { name: '情况记录' }).fill(PATROL_NOTE);
    await page
      .getByRole('button', { name: '提 交' })
      .or(page.getByRole('button', { name: '提交' }))
      .click();

    await page.getByTestId('outbox-count').waitFor();
    await expect.poll(() => page.getByTestId('outbox-count').textContent()).toBe('待发送 1 条');
    expect(await page.getByTestId('outbox-state').first().textContent()).toBe('等待发送');
    await screenshot(page, 'grid-outbox-offline');

    // a reload without a connection: the app opens from the phone and the patrol is still queued
    await page.reload();
    await expect.poll(() => page.getByTestId('outbox-count').textContent()).toBe('待发送 1 条');
    expect(await page.getByTestId('outbox-entry').first().textContent()).toContain('巡查');
    expect(await workItems('patrol').then((l) => l.filter((w) => w.note === PATROL_NOTE))).toHaveLength(0);

    await context.setOffline(false);
    await expect
      .poll(() => page.getByTestId('outbox-count').textContent(), { timeout: 30_000 })
      .toBe('没有待发送的内容');
    const patrols = (await workItems('patrol')).filter((w) => w.note === PATROL_NOTE);
    expect(patrols).toHaveLength(1);
    expect(patrols[0]!.patrol).toMatchObject({
      route: '村委会—东街—学校—南湖',
      findings: [
        {
          text: '路边一辆轿车未锁，车内有现金一万余元',
          action: '按挡风玻璃上的电话联系到车主，车主到场取回',
        },
      ],
    });

    // another round of offline/online sends nothing again
    await context.setOffline(true);
    await context.setOffline(false);
    await page.goto('/g/items');
    await page.getByText(PATROL_NOTE).waitFor();
    expect(await workItems('patrol').then((l) => l.filter((w) => w.note === PATROL_NOTE))).toHaveLength(1);
    await screenshot(page, 'grid-items');
  });

  it('records a patrol once when the answer to the first try was lost on the way', async () => {
    // no service worker here, so that the test can cut the answer of the first request
    const ctx = await browser.newContext({
      viewport: { width: 375, height: 667 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      baseURL: baseUrl(),
      serviceWorkers: 'block',
    });
    const p = await ctx.newPage();
    let cut = 0;
    await p.route('**/api/grid/work-items', async (route) => {
      if (route.request().method() !== 'POST' || cut > 0) return route.fallback();
      cut++;
      await route.fetch(); // the server records it …
      await route.abort('connectionreset'); // … and the phone never hears back
    });
    await login(p);
    const note = `巡查集贸市场消防通道，未见异常。${stamp}`;
    await p.getByRole('button', { name: '巡查' }).click();
    await p.getByRole('textbox', { name: '巡查路线' }).fill('集贸市场');
    await p.getByRole('textbox', { name: '情况记录' }).fill(note);
    await p
      .getByRole('button', { name: '提 交' })
      .or(p.getByRole('button', { name: '提交' }))
      .click();
    // the retry (after the backoff) carries the same clientKey; the server answers with the first item
    await expect.poll(async () => (await workItems('patrol')).filter((w) => w.note === note).length).toBe(1);
    await p.goto('/g/outbox');
    await expect
      .poll(() => p.getByTestId('outbox-count').textContent(), { timeout: 30_000 })
      .toBe('没有待发送的内容');
    expect(cut).toBe(1);
    expect((await workItems('patrol')).filter((w) => w.note === note)).toHaveLength(1);
    await ctx.close();
  });
});
