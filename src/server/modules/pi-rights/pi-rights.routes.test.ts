import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeSnapshot } from '../../../../test/helpers/db-snapshot.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';
import { CASE_RETENTION_YEARS } from '../../../core/pii/pi-rights.js';
import { makeIdNumber } from '../../../core/pii/validation.js';
import { PRIVACY_NOTICE } from '../resident/privacy-notice.js';
import { decideRequest, listRequestsInScope } from './pi-requests.service.js';

let t: TestApp;
let resident: Client;
let neighbour: Client;
let dispatcher: Client;
let clerk: Client;
let secadmin: Client;
let caseId: string;
let myPartyId: string;
const PHONE = '13812345678';
const OTHER_PHONE = '13955556666';
const OTHER_ID = makeIdNumber('371425', '19800101', '123');

beforeAll(async () => {
  t = await createTestApp();
  resident = await t.resident(PHONE);
  neighbour = await t.resident('13600009999');
  dispatcher = await t.login('dispatcher.yanbei');
  clerk = await t.login('clerk.yanbei');
  secadmin = await t.login('secadmin');
  const c = await resident.post(
    '/api/cases',
    buildRegistration({
      channel: 'qr',
      regionCode: '371425002004',
      privacyNoticeVersion: PRIVACY_NOTICE.version,
      description: '邻居装修噪音扰民。',
      parties: [
        { role: 'applicant', name: '孙八', phone: PHONE, address: '齐河县晏北街道阳光社区3号楼' },
        { role: 'respondent', name: '周九', phone: OTHER_PHONE, idNumber: OTHER_ID },
      ],
    }),
  );
  expect(c.statusCode, c.body).toBe(201);
  caseId = c.json().id;
  const parties = await t.db.kysely
    .selectFrom('parties')
    .select(['id', 'role'])
    .where('case_id', '=', caseId)
    .execute();
  myPartyId = parties.find((p) => p.role === 'applicant')!.id;
  const unmasked = await dispatcher.post(`/api/cases/${caseId}/parties/${myPartyId}/unmask`, {
    field: 'phone',
    reason: '回访核实',
  });
  expect(unmasked.statusCode, unmasked.body).toBe(200);
});
afterAll(async () => t?.close());

const party = () =>
  t.db.kysely.selectFrom('parties').selectAll().where('id', '=', myPartyId).executeTakeFirstOrThrow();

describe('我的信息: the resident’s data export (PIPL art. 45)', () => {
  it('gives my records in clear, the other party masked, notices, and who viewed my record; audited', async () => {
    const res = await resident.get('/api/resident/my-data');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const data = res.json();
    expect(data.cases).toHaveLength(1);
    const [c] = data.cases;
    expect(c.myRecords[0]).toMatchObject({ phone: PHONE, address: '齐河县晏北街道阳光社区3号楼' });
    expect(c.otherParties[0]).toMatchObject({ role: 'respondent', phone: '139****6666', name: '周*' });
    expect(res.body).not.toContain(OTHER_PHONE);
    expect(res.body).not.toContain(OTHER_ID);
    expect(data.privacyNotice.accepted).toEqual([
      expect.objectContaining({ caseNo: c.caseNo, version: PRIVACY_NOTICE.version }),
    ]);
    expect(data.accessLog).toEqual([
      expect.objectContaining({ caseNo: c.caseNo, field: 'phone', reason: '回访核实', role: 'dispatcher' }),
    ]);
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'resident.data_export')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.detail)).not.toContain(PHONE);
  });

  it('gives the same as a readable PDF, audited as its own export', async () => {
    const res = await resident.get('/api/resident/my-data.pdf');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'resident.data_export')
      .execute();
    expect(audit.map((a) => (a.detail as { format: string }).format).sort()).toEqual(['json', 'pdf']);
    expect((await neighbour.get('/api/resident/my-data.pdf')).statusCode).toBe(200);
    expect((await dispatcher.get('/api/resident/my-data.pdf')).statusCode).toBe(403);
  });

  it('shows another resident nothing of mine, and refuses staff and the anonymous', async () => {
    const other = await neighbour.get('/api/resident/my-data');
    expect(other.statusCode).toBe(200);
    expect(other.json().cases).toEqual([]);
    expect((await dispatcher.get('/api/resident/my-data')).statusCode).toBe(403);
    expect((await t.anonymous().get('/api/resident/my-data')).statusCode).toBe(401);
  });
});

describe('correction and deletion requests (PIPL arts. 46–47)', () => {
  let correctionId: string;

  it('refuses bad input readably and writes nothing', async () => {
    const snap = await takeSnapshot(t.db);
    const badId = await resident.post('/api/resident/pi-requests', {
      kind: 'correction',
      partyId: myPartyId,
      field: 'id_number',
      value: '371425198001011230',
      reason: '号码填错',
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.message).toContain('身份证号码不正确');
    const mixed = await resident.post(
      '/api/resident/pi-requests',
      { kind: 'deletion', field: 'phone', reason: '不再需要' },
      { 'accept-language': 'en' },
    );
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().error.message).toContain('deletion carries no new value');
    const blank = await resident.post('/api/resident/pi-requests', {
      kind: 'deletion',
      reason: '  ',
      caseId,
    });
    expect(blank.statusCode).toBe(400);
    // another resident's record: as if it did not exist
    const foreign = await neighbour.post('/api/resident/pi-requests', {
      kind: 'correction',
      partyId: myPartyId,
      field: 'address',
      value: '某地某街道某号',
      reason: '改地址',
    });
    expect(foreign.statusCode).toBe(404);
    expect(await snap.changes()).toEqual({});
  });

  it('files a correction due in 15 working days, which the security administrator sees', async () => {
    const res = await resident.post('/api/resident/pi-requests', {
      kind: 'correction',
      partyId: myPartyId,
      field: 'address',
      value: '齐河县晏北街道阳光社区5号楼2单元',
      reason: '搬家了，地址写错',
    });
    expect(res.statusCode, res.body).toBe(201);
    correctionId = res.json().id;
    expect(res.json()).toMatchObject({ status: 'pending', kind: 'correction', field: 'address' });
    // filed Sunday 15 March 2026: 15 working days later is Friday 3 April, 24:00 CST
    expect(res.json().dueAt).toBe('2026-04-03T16:00:00.000Z');
    const list = await secadmin.get('/api/pi-requests?status=pending');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({ id: correctionId, workingDaysLeft: 15, partyName: '孙八' }),
    ]);
    expect(list.body).not.toContain('5号楼2单元');
    expect((await neighbour.get('/api/resident/pi-requests')).json().items).toEqual([]);
    expect((await resident.get('/api/resident/pi-requests')).json().items).toHaveLength(1);
  });

  it('lets only the security administrator answer, a rejection only with a reason', async () => {
    const snap = await takeSnapshot(t.db);
    expect((await dispatcher.get('/api/pi-requests')).statusCode).toBe(403);
    expect((await resident.get('/api/pi-requests')).statusCode).toBe(403);
    const byClerk = await clerk.post(`/api/pi-requests/${correctionId}/decision`, { decision: 'approve' });
    expect(byClerk.statusCode).toBe(403);
    const noReason = await secadmin.post(`/api/pi-requests/${correctionId}/decision`, { decision: 'reject' });
    expect(noReason.statusCode).toBe(400);
    const unknown = await secadmin.post(`/api/pi-requests/${t.deps.newId()}/decision`, {
      decision: 'approve',
    });
    expect(unknown.statusCode).toBe(404);
    // only the refused attempt is on file
    expect(await snap.changes()).toEqual({ audit_log: 1 });
  });

  it('applies an approved correction through the sealed write path and renews the blind index', async () => {
    const before = await party();
    const res = await secadmin.post(`/api/pi-requests/${correctionId}/decision`, { decision: 'approve' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('completed');
    const after = await party();
    expect(after.address_bidx).not.toBe(before.address_bidx);
    expect(t.deps.crypto.decrypt('address', after.address_enc!)).toBe('齐河县晏北街道阳光社区5号楼2单元');
    const mine = (await resident.get('/api/resident/my-data')).json();
    expect(mine.cases[0].myRecords[0].address).toBe('齐河县晏北街道阳光社区5号楼2单元');
    expect(mine.requests[0]).toMatchObject({ id: correctionId, status: 'completed' });
    const again = await secadmin.post(`/api/pi-requests/${correctionId}/decision`, {
      decision: 'reject',
      note: '重复',
    });
    expect(again.statusCode).toBe(409);
  });

  it('restricts a case under retention instead of deleting it: no lookup finds me, I still see it', async () => {
    const filed = await resident.post('/api/resident/pi-requests', {
      kind: 'deletion',
      caseId,
      reason: '不希望继续保存我的信息',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    // a deletion names no party: the security administrator sees whose it is by the phone
    const pending = (await secadmin.get('/api/pi-requests?status=pending')).json().items;
    expect(pending).toEqual([
      expect.objectContaining({ id: filed.json().id, kind: 'deletion', partyName: '孙八' }),
    ]);
    const res = await secadmin.post(`/api/pi-requests/${filed.json().id}/decision`, { decision: 'approve' });
    expect(res.statusCode, res.body).toBe(200);
    // the case is still open: kept until it ends, then for the retention period
    expect(res.json()).toMatchObject({ status: 'restricted', retainedUntil: null });
    const p = await party();
    expect(p.restricted_at).not.toBeNull();
    expect(p.phone_enc).not.toBeNull();
    const known = await clerk.get(`/api/parties/known?phone=${PHONE}`);
    expect(known.statusCode, known.body).toBe(200);
    expect(JSON.stringify(known.json())).not.toContain(caseId);
    const unmask = await dispatcher.post(`/api/cases/${caseId}/parties/${myPartyId}/unmask`, {
      field: 'phone',
      reason: '回访核实',
    });
    expect(unmask.statusCode).toBe(403);
    expect((await resident.get('/api/resident/cases')).json().items).toHaveLength(1);
    // the same phone returning is no repeat (重复诉求) of a restricted party
    const again = await resident.post(
      '/api/cases',
      buildRegistration({
        channel: 'qr',
        regionCode: '371425002004',
        privacyNoticeVersion: PRIVACY_NOTICE.version,
        parties: [{ role: 'applicant', name: '孙八', phone: PHONE }],
      }),
    );
    expect(again.statusCode, again.body).toBe(201);
    const repeats = await t.db.kysely
      .selectFrom('warnings')
      .select('id')
      .where('kind', '=', 'repeat')
      .where('case_id', '=', again.json().id)
      .execute();
    expect(repeats).toEqual([]);
  });

  it('deletes the channel’s own traces at once: codes and their SMS, no review needed', async () => {
    const phone = '13711112222';
    const otp = await t.anonymous().post('/api/resident/otp', { phone });
    expect(otp.statusCode, otp.body).toBe(202);
    const who = await t.resident(phone);
    const res = await who.post('/api/resident/pi-requests', { kind: 'deletion', reason: '注销' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('completed');
    const bidx = t.deps.crypto.blindIndex('phone', phone);
    const left = await t.db.kysely
      .selectFrom('resident_otps')
      .select('id')
      .where('phone_bidx', '=', bidx)
      .execute();
    expect(left).toEqual([]);
  });
});

describe('scope and the end of retention', () => {
  it('keeps a request from a security administrator of another place (404, nothing written)', async () => {
    const filed = await resident.post('/api/resident/pi-requests', {
      kind: 'correction',
      partyId: myPartyId,
      field: 'address',
      value: '齐河县晏北街道阳光社区6号楼',
      reason: '地址有误',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const me = (await secadmin.get('/api/me')).json().user;
    // the same account seen with a scope of 德城区, not 齐河县 where the case is
    const elsewhere = { ...me, scopeCode: '371402' };
    expect(await listRequestsInScope(t.deps, elsewhere)).toEqual([]);
    const snap = await takeSnapshot(t.db);
    await expect(
      decideRequest(t.deps, { user: elsewhere, ip: null }, filed.json().id, { decision: 'approve' }),
    ).rejects.toMatchObject({ statusCode: 404 });
    expect(await snap.changes()).toEqual({});
    const no = await secadmin.post(`/api/pi-requests/${filed.json().id}/decision`, {
      decision: 'reject',
      note: '已核实原地址无误',
    });
    expect(no.json()).toMatchObject({ status: 'rejected', decisionNote: '已核实原地址无误' });
  });

  it('removes the identity once the case’s retention has passed', async () => {
    const phone = '13822223333';
    let who = await t.resident(phone);
    const c = await who.post(
      '/api/cases',
      buildRegistration({
        channel: 'qr',
        regionCode: '371425002004',
        privacyNoticeVersion: PRIVACY_NOTICE.version,
        parties: [{ role: 'applicant', name: '吴十', phone, address: '齐河县晏北街道阳光社区8号楼' }],
      }),
    );
    expect(c.statusCode, c.body).toBe(201);
    const id = c.json().id as string;
    const { version } = (await who.get(`/api/cases/${id}`)).json();
    const w = await who.post(`/api/cases/${id}/transitions`, {
      version,
      action: 'withdraw',
      reason: '已协商',
    });
    expect(w.statusCode, w.body).toBe(200);
    t.advance((CASE_RETENTION_YEARS * 366 + 1) * 86_400_000);
    who = await t.resident(phone);
    const admin = await t.login('secadmin');
    const filed = await who.post('/api/resident/pi-requests', {
      kind: 'deletion',
      caseId: id,
      reason: '请删除',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const res = await admin.post(`/api/pi-requests/${filed.json().id}/decision`, { decision: 'approve' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('completed');
    const row = await t.db.kysely
      .selectFrom('parties')
      .selectAll()
      .where('case_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: '已删除', phone_enc: null, phone_bidx: null, address_enc: null });
    // the case itself, and its ledger, stay
    expect(
      await t.db.kysely.selectFrom('case_events').select('seq').where('case_id', '=', id).execute(),
    ).toHaveLength(2);
  });
});
