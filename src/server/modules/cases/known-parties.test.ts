// GET /api/parties/known: the registration form's "this person came before" hint. It finds earlier
// cases by the blind index of a phone or ID number, only among cases the caller may read, answers
// no personal data, audits every lookup, and is open only to the roles that register cases.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar, makeIdNumber } from '../../../core/pii/validation.js';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { takeSnapshot } from '../../../../test/helpers/db-snapshot.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';

const PHONE = '13912347531';
const RESPONDENT_PHONE = '13912340002';
const ID = makeIdNumber('371403', '19850203', '045');

let t: TestApp;
let clerk: Client;
let shentouCase: { id: string; caseNo: string };
let yanbeiCase: { id: string; caseNo: string };
let gridCase: { id: string; caseNo: string };

const party = (role: string, name: string, more: Record<string, string> = {}) => ({ role, name, ...more });

async function register(by: Client, body: Record<string, unknown>) {
  const res = await by.post('/api/cases', buildRegistration(body));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; caseNo: string };
}

const known = (c: Client, qs: string, h: Record<string, string> = {}) => c.get(`/api/parties/known?${qs}`, h);

beforeAll(async () => {
  t = await createTestApp();
  clerk = await t.login('clerk.shentou');
  shentouCase = await register(clerk, {
    title: '通道堆放杂物',
    parties: [
      party('applicant', '王五', { phone: PHONE, idNumber: ID }),
      party('respondent', '赵六', { phone: RESPONDENT_PHONE }),
    ],
  });
  // the same person at a township of another county (晏北街道, 齐河县)
  const yanbeiClerk = await t.login('clerk.yanbei');
  yanbeiCase = await register(yanbeiClerk, {
    regionCode: '371425002004',
    title: '晏北的纠纷',
    parties: [party('applicant', '王五', { phone: PHONE })],
  });
  // and in the grid of grid.shentou, registered by that grid worker, as a respondent
  const gridWorker = await t.login('grid.shentou');
  const { scope_code } = await t.db.kysely
    .selectFrom('users')
    .select('scope_code')
    .where('username', '=', 'grid.shentou')
    .executeTakeFirstOrThrow();
  gridCase = await register(gridWorker, {
    channel: 'grid',
    regionCode: scope_code,
    title: '网格里的纠纷',
    parties: [
      party('applicant', '孙七', { phone: '13912340003' }),
      party('respondent', '王五', { phone: PHONE }),
    ],
  });
});
afterAll(async () => t?.close());

describe('GET /api/parties/known finds earlier cases of a party', () => {
  it('by phone, newest first, with the party role and no personal data; audited without the number', async () => {
    const snap = await takeSnapshot(t.db);
    const res = await known(clerk, `phone=${PHONE}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: Record<string, unknown>[]; more: boolean };
    // the township sees its own case and the grid's; not 晏北's
    expect(body.items.map((i) => i.caseNo)).toEqual([gridCase.caseNo, shentouCase.caseNo]);
    expect(body.more).toBe(false);
    expect(body.items[0]).toEqual({
      id: gridCase.id,
      caseNo: gridCase.caseNo,
      title: '网格里的纠纷',
      state: 'registered',
      createdAt: expect.stringMatching(/^2026-03-15T/),
      partyRole: 'respondent',
    });
    expect(body.items[1]).toMatchObject({ id: shentouCase.id, partyRole: 'applicant' });
    // nothing of the person: neither number (clear or masked) nor names or addresses
    expect(res.body).not.toMatch(/7531|\*{4}/);
    expect(res.body).not.toContain('王五');
    expect(await snap.changes()).toEqual({ audit_log: 1 });
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'party.lookup')
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_role: 'clerk', actor_label: 'clerk.shentou', result: 'success' });
    expect(audit.detail).toEqual({ by: 'phone', found: 2 });
    expect(JSON.stringify(audit)).not.toContain(PHONE.slice(-4));
  });

  it('by phone however it is typed (+86, dashes, spaces)', async () => {
    const res = await known(clerk, `phone=${encodeURIComponent('+86 139-1234-7531')}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toHaveLength(2);
  });

  it('by ID number, a lowercase check character too', async () => {
    const res = await known(clerk, `idNumber=${ID.toLowerCase()}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({ id: shentouCase.id, partyRole: 'applicant' }),
    ]);
  });

  it('answers an empty list for a person never seen (and still audits the lookup)', async () => {
    const snap = await takeSnapshot(t.db);
    const res = await known(clerk, 'phone=13700000000');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ items: [], more: false });
    expect(await snap.changes()).toEqual({ audit_log: 1 });
  });

  it('finds a respondent by their phone', async () => {
    const res = await known(clerk, `phone=${RESPONDENT_PHONE}`);
    expect(res.json().items).toEqual([
      expect.objectContaining({ id: shentouCase.id, partyRole: 'respondent' }),
    ]);
  });
});

describe('GET /api/parties/known reveals only cases the caller may read', () => {
  it('another county’s township sees only its own case of the same person', async () => {
    const res = await known(await t.login('clerk.yanbei'), `phone=${PHONE}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((i: { id: string }) => i.id)).toEqual([yanbeiCase.id]);
  });

  it('a county dispatcher sees its townships’ cases, not another county’s', async () => {
    const res = await known(await t.login('dispatcher.lingcheng'), `phone=${PHONE}`);
    expect(res.json().items.map((i: { id: string }) => i.id)).toEqual([gridCase.id, shentouCase.id]);
  });

  it('a grid worker sees the cases of the grid, not the rest of the township', async () => {
    const res = await known(await t.login('grid.shentou'), `phone=${PHONE}`);
    expect(res.json().items.map((i: { id: string }) => i.id)).toEqual([gridCase.id]);
    const byId = await known(await t.login('grid.shentou'), `idNumber=${ID}`);
    expect(byId.json().items).toEqual([]);
  });

  it('a security member of that grid may ask too', async () => {
    const res = await known(await t.login('security.shentou'), `phone=${PHONE}`);
    expect(res.statusCode, res.body).toBe(200);
  });

  it('lists at most 10 cases and says there are more', async () => {
    for (let i = 0; i < 11; i++) {
      await register(clerk, { parties: [party('applicant', '钱八', { phone: '13912349999' })] });
    }
    const res = await known(clerk, 'phone=13912349999');
    expect(res.json().items).toHaveLength(10);
    expect(res.json().more).toBe(true);
  });
});

describe('GET /api/parties/known is for the roles that register', () => {
  it.each([
    'dept.shentou',
    'mediator.shentou',
    'leader.shentou',
    'supervisor.lingcheng',
    'sysadmin',
    'auditor',
  ])('%s gets 403 in both languages and nothing is written', async (username) => {
    const c = await t.login(username);
    await expectRefused(t, (h) => known(c, `phone=${PHONE}`, h), {
      status: 403,
      zh: /没有执行此操作的权限/,
      en: /not allowed/,
    });
  });

  it('a resident (even the person themself) gets 403', async () => {
    const resident = await t.resident(PHONE);
    await expectRefused(t, (h) => known(resident, `phone=${PHONE}`, h), { status: 403 });
  });

  it('an anonymous caller gets 401', async () => {
    await expectRefused(t, (h) => known(t.anonymous(), `phone=${PHONE}`, h), { status: 401, en: /log in/ });
  });
});

describe('GET /api/parties/known refuses bad input in both languages and writes nothing', () => {
  const badCheck = ID.slice(0, 17) + (idCheckChar(ID.slice(0, 17)) === '0' ? '1' : '0');
  it.each([
    [
      'neither phone nor ID number',
      '',
      { zh: /电话号码或身份证号码/, en: /either a phone number or an ID number/ },
    ],
    ['both phone and ID number', `phone=${PHONE}&idNumber=${ID}`, { zh: /只能一项/, en: /exactly one/ }],
    [
      'a phone that is no phone number',
      'phone=12345',
      { zh: /电话号码不正确/, en: /phone number is invalid/ },
    ],
    [
      'an ID number with a wrong check character',
      `idNumber=${badCheck}`,
      { zh: /身份证号码不正确/, en: /ID number is invalid/ },
    ],
    [
      'an ID number that is too long',
      `idNumber=${ID}1`,
      { code: 'validation', zh: /idNumber/, en: /idNumber/ },
    ],
    [
      'an unknown parameter',
      `name=${encodeURIComponent('王五')}`,
      { code: 'validation', en: /unknown field "name"/ },
    ],
  ])('%s', async (_, qs, x) => {
    await expectRefused(t, (h) => known(clerk, qs, h), { status: 400, ...x });
  });

  it('the refusals left no lookup in the audit log', async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from audit_log where action = 'party.lookup' and result <> 'success'`.execute(
      t.db.kysely,
    );
    expect(rows[0]!.n).toBe(0);
  });
});
