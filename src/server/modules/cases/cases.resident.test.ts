import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';

let t: TestApp;
let resident: Client;
let neighbour: Client;

beforeAll(async () => {
  t = await createTestApp();
  resident = await t.resident('13812345678');
  neighbour = await t.resident('13600009999');
});
afterAll(async () => t?.close());

const qrCase = (phone: string) =>
  buildRegistration({
    channel: 'qr',
    regionCode: '371425002004',
    privacyNoticeVersion: '2026-01',
    parties: [{ role: 'applicant', name: '孙八', phone }],
  });

describe('a resident (a phone-verified session, not an account)', () => {
  it('registers through the QR channel and sees only cases where their phone is a party', async () => {
    const mine = await resident.post('/api/cases', qrCase('13812345678'));
    expect(mine.statusCode, mine.body).toBe(201);
    const theirs = await neighbour.post('/api/cases', qrCase('13600009999'));
    expect(theirs.statusCode).toBe(201);
    // registered at the township center of the place, first-contact owner is that center
    expect(mine.json().caseNo).toMatch(/^371425002-/);
    expect(mine.json().ownerUnitName).toBe('齐河县晏北街道综治中心');

    const list = await resident.get('/api/cases');
    expect(list.json().items.map((c: { id: string }) => c.id)).toEqual([mine.json().id]);
    expect((await resident.get(`/api/cases/${theirs.json().id}`)).statusCode).toBe(404);
    const other = await resident.post(`/api/cases/${theirs.json().id}/transitions`, {
      version: 1,
      action: 'withdraw',
      reason: '不要了',
    });
    expect(other.statusCode).toBe(404);
  });

  it('reads a progress line without staff names or internal notes, and may withdraw', async () => {
    const c = (await resident.post('/api/cases', qrCase('13812345678'))).json();
    const dispatcher = await t.login('dispatcher.yanbei');
    const assigned = await dispatcher.post(`/api/cases/${c.id}/transitions`, {
      version: 1,
      action: 'assign',
      unitId: await t.unitId('371425002-people-mediation'),
      note: '内部备注：当事人情绪激动',
    });
    expect(assigned.statusCode).toBe(200);
    const seen = (await resident.get(`/api/cases/${c.id}`)).json();
    expect(seen.timeline).toHaveLength(2);
    expect(seen.timeline[1]).toMatchObject({ action: 'assign', actorName: null, payload: {} });
    expect(JSON.stringify(seen)).not.toContain('内部备注');

    // residents may not act as staff
    const refused = await resident.post(`/api/cases/${c.id}/transitions`, { version: 2, action: 'accept' });
    expect(refused.statusCode).toBe(403);
    const withdrawn = await resident.post(`/api/cases/${c.id}/transitions`, {
      version: 2,
      action: 'withdraw',
      reason: '已和解',
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().state).toBe('withdrawn');
  });

  it('does not see a case where their phone is only the respondent’s', async () => {
    const body = qrCase('13600009999');
    body.parties = [...body.parties, { role: 'respondent', name: '周九', phone: '13812345678' }];
    const c = await neighbour.post('/api/cases', body);
    expect(c.statusCode).toBe(201);
    expect((await resident.get(`/api/cases/${c.json().id}`)).statusCode).toBe(404);
    expect(
      (await resident.get('/api/cases')).json().items.some((i: { id: string }) => i.id === c.json().id),
    ).toBe(false);
  });

  it('registers only as the applicant with the verified phone, through the QR channel', async () => {
    const asSomeoneElse = await resident.post('/api/cases', qrCase('13600009999'));
    expect(asSomeoneElse.statusCode).toBe(422);
    const viaWindow = await resident.post('/api/cases', { ...qrCase('13812345678'), channel: 'window' });
    expect(viaWindow.statusCode).toBe(422);
  });

  it('cannot see personal data in clear, not even their own', async () => {
    const c = (await resident.post('/api/cases', qrCase('13812345678'))).json();
    const res = await resident.post(`/api/cases/${c.id}/parties/${c.parties[0].id}/unmask`, {
      field: 'phone',
      reason: '查看',
    });
    expect(res.statusCode).toBe(403);
  });
});
