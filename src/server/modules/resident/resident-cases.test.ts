import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { PNG, multipart } from '../../../../test/helpers/multipart.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';
import { verifyLedger } from '../cases/verify-ledger.js';
import { PRIVACY_NOTICE } from './privacy-notice.js';

let t: TestApp;
let resident: Client;
let neighbour: Client;
let dispatcher: Client;
let mediator: Client;
const PHONE = '13812345678';

beforeAll(async () => {
  t = await createTestApp();
  resident = await t.resident(PHONE);
  neighbour = await t.resident('13600009999');
  dispatcher = await t.login('dispatcher.yanbei');
  mediator = await t.login('mediator.yanbei');
});
afterAll(async () => t?.close());

const qrCase = (phone = PHONE, extra: Record<string, unknown> = {}) =>
  buildRegistration({
    channel: 'qr',
    regionCode: '371425002004',
    privacyNoticeVersion: PRIVACY_NOTICE.version,
    description: '楼上漏水，物业不管。',
    parties: [{ role: 'applicant', name: '孙八', phone }],
    ...extra,
  });

async function act(by: Client, id: string, body: Record<string, unknown>) {
  const current = await by.get(`/api/cases/${id}`);
  expect(current.statusCode, current.body).toBe(200);
  const res = await by.post(`/api/cases/${id}/transitions`, { version: current.json().version, ...body });
  expect(res.statusCode, `${body.action}: ${res.body}`).toBe(200);
  t.advance(60_000);
  return res.json();
}

/** A case the resident registered, taken on and concluded by the township's people's mediation. */
async function concludedCase(): Promise<string> {
  const c = await resident.post('/api/cases', qrCase());
  expect(c.statusCode, c.body).toBe(201);
  const id = c.json().id as string;
  await act(dispatcher, id, {
    action: 'assign',
    unitId: await t.unitId('371425002-people-mediation'),
    note: '内部备注：当事人情绪激动',
  });
  await act(mediator, id, { action: 'accept' });
  await act(mediator, id, { action: 'handle', note: '上门调解，王调解员到场' });
  await act(mediator, id, { action: 'conclude', outcome: 'mediated_agreement', summary: '双方达成协议' });
  return id;
}

describe('registration by a resident carries the current privacy notice version', () => {
  it('refuses a missing or outdated version in both languages and writes nothing', async () => {
    const without: Record<string, unknown> = { ...qrCase() };
    delete without.privacyNoticeVersion;
    await expectRefused(t, (h) => resident.post('/api/cases', without, h), {
      status: 422,
      code: 'case.privacy_notice_version',
      zh: /隐私告知（版本 2026-01）/,
      en: /privacy notice \(version 2026-01\)/,
    });
    await expectRefused(
      t,
      (h) => resident.post('/api/cases', qrCase(PHONE, { privacyNoticeVersion: '2025-01' }), h),
      {
        status: 422,
        code: 'case.privacy_notice_version',
      },
    );
  });

  it('stores the version with the case', async () => {
    const c = await resident.post('/api/cases', qrCase());
    expect(c.statusCode, c.body).toBe(201);
    const row = await t.db.kysely
      .selectFrom('cases')
      .select('privacy_notice_version')
      .where('id', '=', c.json().id)
      .executeTakeFirstOrThrow();
    expect(row.privacy_notice_version).toBe(PRIVACY_NOTICE.version);
  });
});

describe('我的诉求: the resident’s own cases with a readable progress line', () => {
  it('lists their cases with steps, dates and unit names only; another phone sees none of it', async () => {
    const id = await concludedCase();
    const list = await resident.get('/api/resident/cases');
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((i: { id: string }) => i.id === id);
    expect(item).toMatchObject({
      caseNo: expect.stringMatching(/^371425002-/),
      title: '楼上漏水，物业不管。',
      categoryName: '邻里纠纷',
      state: 'concluded',
      stateText: '已办结',
      can: { followUp: true, withdraw: false, attach: false },
      link: `http://localhost:3000/m/cases/${id}`,
      qrSvg: `/api/cases/${id}/qr.svg`,
    });
    expect(item.progress.map((s: { action: string }) => s.action)).toEqual([
      'register',
      'assign',
      'accept',
      'conclude',
    ]);
    expect(item.progress[0]).toMatchObject({ text: '诉求已登记，由齐河县晏北街道综治中心负责' });
    expect(item.progress[1].unitName).toMatch(/人民调解委员会|调解/);
    expect(item.progress[3].text).toBe('已办结：调解成功');
    const json = JSON.stringify(list.json());
    expect(json).not.toContain('内部备注');
    expect(json).not.toContain('上门调解');
    expect(json).not.toContain('双方达成协议');
    // no staff names: neither the dispatcher's nor the mediator's display name appears
    const staff = await t.db.kysely
      .selectFrom('users')
      .select('display_name')
      .where('username', 'in', ['dispatcher.yanbei', 'mediator.yanbei'])
      .execute();
    for (const s of staff) expect(json).not.toContain(s.display_name);

    const en = await resident.get(`/api/resident/cases/${id}`, { 'accept-language': 'en' });
    expect(en.statusCode).toBe(200);
    expect(en.json()).toMatchObject({
      stateText: 'Concluded',
      description: '楼上漏水，物业不管。',
      attachmentCount: 0,
    });
    expect(en.json().progress[3].text).toBe('Concluded: settled by mediation');

    expect((await neighbour.get('/api/resident/cases')).json().items).toEqual([]);
    await expectRefused(t, (h) => neighbour.get(`/api/resident/cases/${id}`, h), { status: 404 });
    const other = await neighbour.post(`/api/cases/${id}/transitions`, {
      version: 5,
      action: 'follow_up',
      satisfaction: 'unsatisfied',
    });
    expect(other.statusCode).toBe(404);
  });

  it('"unsatisfied" from the resident reopens the case (重办) as the system’s step', async () => {
    const id = await concludedCase();
    const seen = (await resident.get(`/api/resident/cases/${id}`)).json();
    const res = await resident.post(`/api/cases/${id}/transitions`, {
      version: seen.version,
      action: 'follow_up',
      satisfaction: 'unsatisfied',
      note: '漏水仍未解决',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'in_progress', reopenCount: 1, satisfaction: null });
    const events = await t.db.kysely
      .selectFrom('case_events')
      .select(['action', 'actor_role', 'to_state'])
      .where('case_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(events.slice(-2)).toEqual([
      { action: 'follow_up', actor_role: 'resident', to_state: 'followed_up' },
      { action: 'reopen', actor_role: 'system', to_state: 'in_progress' },
    ]);
    const mine = (await resident.get(`/api/resident/cases/${id}`)).json();
    expect(mine.progress.slice(-2).map((s: { text: string }) => s.text)).toEqual([
      '已回访（不满意）',
      '已重新办理',
    ]);
    expect(mine.can).toEqual({ followUp: false, withdraw: true, attach: true });
    const report = await verifyLedger(t.db.kysely, (s) => t.deps.crypto.sm3Hex(s));
    expect(report.problems).toEqual([]);
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select(['actor_role', 'actor_label'])
      .where('target_id', '=', id)
      .where('action', '=', 'case.reopen')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_role: 'system', actor_label: 'system' });
  });

  it('"satisfied" closes the follow-up without reopening; staff follow-ups reopen only by a dispatcher', async () => {
    const id = await concludedCase();
    const done = await act(resident, id, { action: 'follow_up', satisfaction: 'satisfied' });
    expect(done).toMatchObject({ state: 'followed_up', satisfaction: 'satisfied', reopenCount: 0 });

    const other = await concludedCase();
    const clerk = await t.login('clerk.yanbei');
    const byPhone = await act(clerk, other, { action: 'follow_up', satisfaction: 'unsatisfied' });
    expect(byPhone.state).toBe('followed_up');
  });

  it('while open the resident may add evidence and withdraw through the case routes', async () => {
    const c = (await resident.post('/api/cases', qrCase())).json();
    const { payload, headers } = multipart([
      { name: 'file', filename: '漏水照片.png', type: 'image/png', data: PNG },
    ]);
    const up = await resident.request({
      method: 'POST',
      url: `/api/cases/${c.id}/attachments`,
      payload,
      headers,
    });
    expect(up.statusCode, up.body).toBe(201);
    const withdrawn = await act(resident, c.id, { action: 'withdraw', reason: '已自行协商解决' });
    expect(withdrawn.state).toBe('withdrawn');
    const mine = (await resident.get(`/api/resident/cases/${c.id}`)).json();
    expect(mine).toMatchObject({ state: 'withdrawn', stateText: '已撤回', attachmentCount: 1 });
    expect(mine.progress.at(-1).text).toBe('诉求已撤回');
    expect(JSON.stringify(mine)).not.toContain('已自行协商解决');
  });
});
