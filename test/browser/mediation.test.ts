// Mediation in a real browser (issue 7): the case and its joint team are set up through the API
// (not the point here); on the case page the lead mediator schedules a session, records it with an
// agreement, generates the 调解协议书 and downloads its PDF, which names the parties; records a term
// performed, and once the case is archived downloads its dossier (卷宗). Then the directory of
// mediation organizations with the mediators' workload, and the center's stationing pages.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPages, pdfText } from '../helpers/pdf-text.js';
import {
  baseUrl,
  checkFirmly,
  desktop,
  downloaded,
  launch,
  loginAs,
  screenshot,
  staffApi,
} from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const APPLICANT = `王${String.fromCharCode(0x4e00 + (Date.now() % 500))}明`;
const RESPONDENT = '德州某机械制造有限公司';

/** The same as staffApi, for the one PUT the team needs. */
async function putAs(username: string, url: string, data: unknown) {
  const context = await browser.newContext({ baseURL: baseUrl() });
  try {
    const login = await context.request.post('/api/auth/login', {
      data: { username, password: 'Yimen@Demo2026' },
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const res = await context.request.put(url, { data, headers: { 'x-csrf-token': csrfToken } });
    if (!res.ok()) throw new Error(`${url}: ${res.status()} ${await res.text()}`);
    return res.json();
  } finally {
    await context.close();
  }
}

/** A labor case of 神头镇 with the township's people's mediation committee, and its team. */
async function caseWithTeam(): Promise<string> {
  const clerk = await staffApi(browser, 'clerk.shentou');
  const dispatcher = await staffApi(browser, 'dispatcher.shentou');
  const mediator = await staffApi(browser, 'mediator.shentou');
  try {
    const created = await clerk.post('/api/cases', {
      categoryCode: 'labor',
      channel: 'window',
      regionCode: '371403105',
      description: '申请人在某公司工作期间受伤，公司与申请人对工伤赔偿数额分歧较大，多次协商未果。',
      parties: [
        { role: 'applicant', name: APPLICANT, phone: '13812345678' },
        { role: 'respondent', kind: 'organization', name: RESPONDENT },
      ],
    });
    const id: string = created.id;
    const suggestions = (await dispatcher.get(`/api/cases/${id}/mediation/suggestions`)) as {
      items: { unitId: string; name: string; mediators: { userId: string; name: string }[] }[];
    };
    const org = suggestions.items.find((i) => i.name === '神头镇人民调解委员会')!;
    let c = await dispatcher.get(`/api/cases/${id}`);
    await dispatcher.post(`/api/cases/${id}/transitions`, {
      version: c.version,
      action: 'assign',
      unitId: org.unitId,
    });
    c = await mediator.get(`/api/cases/${id}`);
    await mediator.post(`/api/cases/${id}/transitions`, { version: c.version, action: 'accept' });
    const lead: string = (await mediator.get('/api/me')).user.id;
    await putAs('dispatcher.shentou', `/api/cases/${id}/mediation`, {
      orgUnitId: org.unitId,
      leadMediatorId: lead,
      members: [
        { name: '孙经理', role: '企业代表' },
        { name: '钱师傅', role: '职工代表' },
      ],
    });
    return id;
  } finally {
    await Promise.all([clerk.close(), dispatcher.close(), mediator.close()]);
  }
}

const card = (page: Page) => page.getByTestId('mediation-card');

describe('mediation on the case page', () => {
  it('the mediator schedules a session, records an agreement, generates the agreement and downloads its PDF', async () => {
    const id = await caseWithTeam();
    const page = await (await desktop(browser)).newPage();
    await loginAs(page, 'mediator.shentou');
    await page.goto(`/cases/${id}`);
    await expect.poll(() => card(page).getByText('孙经理').count(), { timeout: 15_000 }).toBeGreaterThan(0);

    // 安排调解: a few seconds from now (the browser's own clock and zone), so it can be recorded
    await card(page).getByRole('button', { name: '安排调解' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const at = await page.evaluate(() => {
      const d = new Date(Date.now() + 8_000);
      const p = (n: number) => String(n).padStart(2, '0');
      return {
        text: `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`,
        ms: d.getTime(),
      };
    });
    const picker = dialog.getByLabel('时间');
    await picker.click();
    await picker.fill(at.text);
    await picker.press('Enter');
    await dialog.getByLabel('地点').fill('神头镇综治中心调解室');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await dialog.waitFor({ state: 'detached' });
    const session = card(page).getByTestId('mediation-session');
    await expect.poll(() => session.getAttribute('data-status')).toBe('scheduled');

    // 记录 once the session's time has come (the server refuses to record a session not yet due)
    await page.waitForFunction((ms) => Date.now() > ms + 1_000, at.ms, { timeout: 30_000 });
    await session.getByRole('button', { name: /记\s*录/ }).click();
    dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel('调解笔录').fill('双方就赔偿数额和支付方式达成一致。');
    await checkFirmly(dialog.getByRole('radio', { name: '达成协议' }));
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => session.getAttribute('data-status')).toBe('held');

    // 生成调解协议书: parties come from the case
    await card(page).getByRole('button', { name: '生成调解协议书' }).click();
    dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel('第 1 条').fill('被申请人一次性支付申请人工伤赔偿金人民币捌万元整。');
    const deadline = dialog.getByLabel('履行期限');
    await deadline.click();
    await deadline.fill('2030-04-30');
    await deadline.press('Enter');
    await dialog.getByLabel('签订地点').fill('神头镇综治中心调解室');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await dialog.waitFor({ state: 'detached' });

    const link = card(page)
      .getByTestId('mediation-agreement')
      .getByRole('link', { name: /下载 PDF/ });
    await link.waitFor();
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await screenshot(page, 'mediation-case');

    const pdf = (await downloaded(page, link)).bytes;
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const text = pdfText(pdf).replace(/\s+/g, '');
    expect(text).toContain(APPLICANT);
    expect(text).toContain(RESPONDENT);

    // 履行: the agreement's term is tracked; the mediator records it performed
    const term = card(page).getByTestId('agreement-term').first();
    await expect.poll(() => term.getAttribute('data-status')).toBe('pending');
    await term.getByRole('button', { name: /已履行/ }).click();
    dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel('说明（可选）').fill('已电话核实，款项已到账。');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => term.getAttribute('data-status')).toBe('performed');

    // once concluded, followed up and archived, the case page offers its dossier (卷宗)
    await archive(id);
    await page.reload();
    const dossier = page.getByTestId('dossier-download');
    await dossier.waitFor({ timeout: 15_000 });
    const { bytes } = await downloaded(page, dossier);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const pages = pdfPages(bytes).map((p) => p.replace(/\s+/g, ''));
    expect(pages[0]).toContain('目录');
    expect(pages[0]).toMatch(/四、调解笔录\d+/);
    const whole = pages.join('');
    expect(whole).toContain(APPLICANT);
    expect(whole).toContain('双方就赔偿数额和支付方式达成一致。');
    expect(whole).toContain('：已履行');
    await page.context().close();
  });

  it('shows the organizations with their mediators’ workload, and the center’s stationing pages', async () => {
    // an open case the township mediator leads (the other test's is archived by now)
    await caseWithTeam();
    const page = await (await desktop(browser)).newPage();
    await loginAs(page, 'dispatcher.shentou');
    await page.getByRole('link', { name: '调解组织' }).click();
    const orgs = page.getByTestId('mediation-orgs');
    await orgs.getByRole('link', { name: '神头镇人民调解委员会' }).click();
    // the township mediator leads that case: a live workload above zero
    const workload = page.getByTestId('mediators').getByTestId('workload');
    await workload.first().waitFor({ timeout: 15_000 });
    await expect
      .poll(async () =>
        Math.max(
          0,
          ...(await workload.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-open'))))),
        ),
      )
      .toBeGreaterThan(0);
    await screenshot(page, 'mediation-org');

    // 部门进驻: the board, the roster calendar (two weeks), the window's queue numbers
    await page.getByRole('link', { name: '部门进驻' }).click();
    await page.getByTestId('duty-board').waitFor();
    await page.getByRole('tab', { name: '轮驻排班' }).click();
    const roster = page.getByTestId('roster').first();
    await roster.waitFor();
    await expect.poll(() => roster.getByTestId('roster-day').count()).toBe(14);
    await page.getByRole('tab', { name: '窗口叫号' }).click();
    await page.getByRole('button', { name: /取\s*号/ }).click();
    await expect.poll(() => page.getByTestId('queue-tickets').locator('tbody tr').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: '叫下一位' }).click();
    await expect.poll(() => page.getByTestId('queue-now').textContent()).toMatch(/^\d+$/);
    await screenshot(page, 'stationing-queue');
    await page.context().close();
  });
});

/** Concludes the case with its agreement, follows it up and archives it (through the API). */
async function archive(id: string) {
  const mediator = await staffApi(browser, 'mediator.shentou');
  const clerk = await staffApi(browser, 'clerk.shentou');
  try {
    const step = async (who: typeof clerk, body: Record<string, unknown>) => {
      const c = await who.get(`/api/cases/${id}`);
      await who.post(`/api/cases/${id}/transitions`, { version: c.version, ...body });
    };
    await step(mediator, {
      action: 'conclude',
      outcome: 'mediated_agreement',
      summary: '调解成功，签订调解协议书。',
    });
    await step(clerk, { action: 'follow_up', satisfaction: 'satisfied' });
    await step(clerk, { action: 'archive' });
  } finally {
    await Promise.all([mediator.close(), clerk.close()]);
  }
}
