// Bad input on every case route: each answer is a 4xx with a code and a readable message (Chinese
// by default, English for Accept-Language: en), and the database (every table's rows and content,
// and the job queue) and the attachment folder are exactly as before. The one deliberate write on
// a refusal is the audit row of a denied unmask (unmask-party.ts keeps attempts on file).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar, makeIdNumber } from '../../../core/pii/validation.js';
import { takeSnapshot } from '../../../../test/helpers/db-snapshot.js';
import { attachmentFiles, expectRefused as refused, type Refusal, type Send } from '../../../../test/helpers/expect-refused.js';
import { buildRegistration, createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';

let t: TestApp;
let clerk: Client;
let dispatcher: Client;
let leader: Client;
let otherClerk: Client;
let base: { id: string; version: number; partyId: string };

beforeAll(async () => {
  t = await createTestApp();
  const users = ['clerk.shentou', 'dispatcher.shentou', 'leader.shentou', 'clerk.xinhu'] as const;
  [clerk, dispatcher, leader, otherClerk] = await Promise.all(users.map((u) => t.login(u)));
  const res = await clerk.post('/api/cases', buildRegistration());
  expect(res.statusCode, res.body).toBe(201);
  const c = res.json();
  base = { id: c.id, version: c.version, partyId: c.parties[0].id };
});
afterAll(async () => t?.close());

const expectRefused = (send: Send, x: Refusal) => refused(t, send, x);

const register = (body: unknown, by: () => Client = () => clerk, key?: string): Send => (h) =>
  by().post('/api/cases', body, { ...(key ? { 'idempotency-key': key } : {}), ...h });
const without = (field: string) => {
  const body: Record<string, unknown> = buildRegistration();
  delete body[field];
  return body;
};
const applicant = (over: Record<string, unknown>) => ({
  parties: [{ role: 'applicant', name: '张三', phone: '13812345678', ...over }],
});
const validId = makeIdNumber('371403', '19900101', '123');
const badCheck = validId.slice(0, 17) + (idCheckChar(validId.slice(0, 17)) === '0' ? '1' : '0');

describe('POST /api/cases refuses bad registrations and writes nothing', () => {
  const required = (f: string) => ({ status: 400, code: 'validation', zh: new RegExp(`缺少必填项“${f}”`), en: new RegExp(`"${f}" is required`) });
  it.each([
    ['missing categoryCode', without('categoryCode'), required('categoryCode')],
    ['missing description', without('description'), required('description')],
    ['missing parties', without('parties'), required('parties')],
    ['empty parties', buildRegistration({ parties: [] }), { status: 400, zh: /parties/, en: /"parties" needs at least 1 items/ }],
    ['no applicant', buildRegistration({ parties: [{ role: 'respondent', name: '李四' }] }), { status: 422, code: 'case.no_applicant', en: /applicant/ }],
    ['an object for description', buildRegistration({ description: { text: '纠纷' } }), { status: 400, en: /"description" must be of type string/ }],
    ['a word for latitude', buildRegistration({ latitude: 'north' }), { status: 400, zh: /latitude/, en: /"latitude" must be of type number/ }],
    ['latitude out of range', buildRegistration({ latitude: 91 }), { status: 400, en: /"latitude" must be at most 90/ }],
    ['description of 4001 characters', buildRegistration({ description: '纠'.repeat(4001) }), { status: 400, zh: /不能超过 4000 个字符/, en: /"description" must be at most 4000 characters/ }],
    ['a 30-digit region code', buildRegistration({ regionCode: '3'.repeat(30) }), { status: 400, en: /"regionCode" is not in the right format/ }],
    ['an unknown region of valid shape', buildRegistration({ regionCode: '371403199' }), { status: 422, code: 'case.unknown_region', zh: /371403199/, en: /Unknown region code "371403199"/ }],
    ['a county code (above township)', buildRegistration({ regionCode: '371403' }), { status: 422, code: 'case.region_not_leaf_enough', zh: /乡镇/, en: /township/ }],
    ['an unknown category', buildRegistration({ categoryCode: 'alien_abduction' }), { status: 422, code: 'case.unknown_category', en: /Unknown dispute category "alien_abduction"/ }],
    ['an unknown channel', buildRegistration({ channel: 'pigeon' }), { status: 400, en: /"channel" has a value that is not allowed/ }],
    ['an ID number with a wrong check digit', buildRegistration(applicant({ idNumber: badCheck })), { status: 422, code: 'case.bad_id_number', zh: /张三/, en: /ID number of party "张三" is invalid/ }],
    ['an invalid phone', buildRegistration(applicant({ phone: '12345' })), { status: 422, code: 'case.bad_phone', en: /phone number of party "张三" is invalid/ }],
    ['an unknown extra field', buildRegistration({ priority: 'high' }), { status: 400, zh: /不认识的字段“priority”/, en: /unknown field "priority"/ }],
    ['an unknown field of a party', buildRegistration(applicant({ email: 'a@b.c' })), { status: 400, en: /unknown field "email"/ }],
  ] as [string, unknown, Refusal][])('%s', async (_label, body, refusal) => {
    await expectRefused(register(body), refusal);
  });

  // KNOWN GAP (reported to the lead): Fastify's Ajv runs with coerceTypes 'array' for every part
  // of the request, so 12345 or true sent as the description is coerced to "12345" and the case
  // is registered. Turn this into `it` once the body validator stops coercing scalars.
  it.fails('refuses a number for description (today Ajv coerces it to a string and registers)', async () => {
    await expectRefused(register(buildRegistration({ description: 12345 })), { status: 400 });
  });

  it('refuses a body that is broken JSON, plain text or of an unknown content type', async () => {
    const raw = (payload: string, type: string): Send => (h) =>
      clerk.request({ method: 'POST', url: '/api/cases', payload, headers: { 'content-type': type, ...h } });
    await expectRefused(raw('{"categoryCode":', 'application/json'), { status: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY', en: /not valid JSON/ });
    await expectRefused(raw('categoryCode=neighbor', 'text/plain'), { status: 400, en: /"body" must be of type object/ });
    await expectRefused(raw('<case/>', 'application/xml'), { status: 415, en: /Unsupported content type/ });
  });

  it('refuses an Idempotency-Key that is too short to be one', async () => {
    await expectRefused(register(buildRegistration(), () => clerk, 'short'), { status: 400, en: /idempotency-key/ });
  });
});

describe('Idempotency-Key', () => {
  it('registers the same body sent twice with one key once, answering the retry 200 with the same case', async () => {
    const key = `retry-${randomUUID()}`;
    const body = buildRegistration({ description: '重复提交的同一份登记' });
    const first = await register(body, () => clerk, key)({});
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const snap = await takeSnapshot(t.db);
    const again = await register(body, () => clerk, key)({});
    expect(again.statusCode, again.body).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toMatchObject({ id: first.json().id, caseNo: first.json().caseNo, version: 1 });
    expect(await snap.changes()).toEqual({});
    const rows = await t.db.kysely.selectFrom('cases').select('id').where('description', '=', '重复提交的同一份登记').execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses the key reused with a different body (422) and writes nothing', async () => {
    const key = `reuse-${randomUUID()}`;
    expect((await register(buildRegistration(), () => clerk, key)({})).statusCode).toBe(201);
    await expectRefused(register(buildRegistration({ description: '另一份登记' }), () => clerk, key), {
      status: 422,
      code: 'case.idempotency_mismatch',
      zh: /幂等键/,
      en: /already used for a different registration/,
    });
  });
});

describe('CSRF and authentication on writes', () => {
  const withCookieOnly = (token?: string): Send => (h) =>
    t.app.inject({
      method: 'POST',
      url: '/api/cases',
      payload: buildRegistration(),
      headers: { cookie: clerk.cookie, ...(token ? { 'x-csrf-token': token } : {}), ...h },
    });

  it('refuses a cookie-authenticated POST without the x-csrf-token header (403)', async () => {
    await expectRefused(withCookieOnly(), { status: 403, code: /^FST_CSRF/, zh: /CSRF/, en: /CSRF check failed/ });
  });

  it('refuses a cookie-authenticated POST with a forged token (403)', async () => {
    await expectRefused(withCookieOnly('forged-token'), { status: 403, code: /^FST_CSRF/ });
  });

  it('refuses an unauthenticated registration (401)', async () => {
    await expectRefused(register(buildRegistration(), () => t.anonymous()), { status: 401, code: 'auth.required', zh: /请先登录/, en: /log in/ });
  });
});

describe('POST /api/cases/:id/transitions refuses bad actions and writes nothing', () => {
  const act = (by: () => Client, body: Record<string, unknown>, id = () => base.id): Send => (h) =>
    by().post(`/api/cases/${id()}/transitions`, body, h);
  const assign = (over: Record<string, unknown>) => ({ action: 'assign', version: base.version, ...over });
  const people = () => t.unitId('371403105-people-mediation');

  it('answers 404 for an unknown case id, and the same for a case of another township', async () => {
    const notFound = { status: 404, code: 'common.not_found', zh: /未找到/, en: /Not found/ };
    await expectRefused(act(() => dispatcher, { action: 'accept', version: 1 }, () => randomUUID()), notFound);
    await expectRefused(act(() => otherClerk, { action: 'archive', version: 1 }), notFound);
  });

  it('answers 400 for a malformed id, an unknown action, a missing or zero version, an unknown field', async () => {
    await expectRefused(act(() => dispatcher, { action: 'accept', version: 1 }, () => 'not-a-uuid'), { status: 400, en: /"id" is not in the right format/ });
    await expectRefused(act(() => dispatcher, { action: 'teleport', version: 1 }), { status: 400, en: /"action" has a value that is not allowed/ });
    await expectRefused(act(() => dispatcher, { action: 'accept' }), { status: 400, zh: /缺少必填项“version”/, en: /"version" is required/ });
    await expectRefused(act(() => dispatcher, { action: 'accept', version: 0 }), { status: 400, en: /"version" must be at least 1/ });
    await expectRefused(act(() => dispatcher, assign({ unitId: 'unit-7' })), { status: 400, en: /"unitId" is not in the right format/ });
    await expectRefused(act(() => dispatcher, assign({ unitId: randomUUID(), urgent: true })), { status: 400, en: /unknown field "urgent"/ });
  });

  it("answers 400 naming the field an action requires (assign without unitId, conclude without outcome)", async () => {
    await expectRefused(act(() => dispatcher, assign({})), { status: 400, zh: /缺少必填项“unitId”/, en: /"unitId" is required/ });
    await expectRefused(act(() => dispatcher, { action: 'conclude', version: 1, summary: '结案' }), { status: 400, en: /"outcome" is required/ });
  });

  it('answers 422 for an unknown unit and for a unit outside the case’s region', async () => {
    const id = randomUUID();
    await expectRefused(act(() => dispatcher, assign({ unitId: id })), { status: 422, code: 'case.unknown_unit', en: new RegExp(`Unknown unit "${id}"`) });
    const otherCounty = await t.unitId('371402-labor-mediation'); // 德城区, not 陵城区
    await expectRefused(act(() => dispatcher, assign({ unitId: otherCounty })), {
      status: 422,
      code: 'case.unit_out_of_scope',
      zh: /德城区劳动争议人民调解委员会.*不在本案件所属区域内/,
      en: /outside the region of this case/,
    });
  });

  it('answers 409 with the current version for a stale version', async () => {
    const unitId = await people();
    await expectRefused(act(() => dispatcher, assign({ version: base.version + 1, unitId })), {
      status: 409,
      code: 'case.stale_version',
      zh: new RegExp(`当前版本 ${base.version}`),
      en: new RegExp(`now version ${base.version}`),
    });
  });

  it('answers 409 for an action the case’s state does not allow (archive a registered case)', async () => {
    await expectRefused(act(() => clerk, { action: 'archive', version: base.version }), {
      status: 409,
      code: 'invalid_state',
      zh: /已回访的案件才能归档/,
      en: /Only a followed-up case can be archived/,
    });
  });

  it('answers 403 to a role the policy table does not allow (a leader assigning)', async () => {
    await expectRefused(act(() => leader, assign({ unitId: await people() })), { status: 403, code: 'forbidden', en: /may not perform this action/ });
  });

  it('still accepts the valid action afterwards: the refusals changed nothing', async () => {
    const res = await dispatcher.post(`/api/cases/${base.id}/transitions`, assign({ unitId: await people() }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'assigned', version: base.version + 1 });
    base.version += 1;
  });
});

describe('POST /api/cases/:id/parties/:partyId/unmask', () => {
  const unmask = (by: () => Client, body: Record<string, unknown>, party = () => base.partyId): Send => (h) =>
    by().post(`/api/cases/${base.id}/parties/${party()}/unmask`, body, h);

  it('refuses an empty or blank reason, an unknown field, a malformed or unknown party, writing nothing', async () => {
    await expectRefused(unmask(() => clerk, { field: 'phone', reason: '' }), { status: 400, en: /"reason" must be at least 2 characters/ });
    await expectRefused(unmask(() => clerk, { field: 'phone', reason: '   ' }), { status: 400, code: 'case.unmask_reason', zh: /理由/, en: /reason is required/ });
    await expectRefused(unmask(() => clerk, { field: 'password', reason: '核实身份' }), { status: 400, en: /"field" has a value that is not allowed/ });
    await expectRefused(unmask(() => clerk, { field: 'phone' }), { status: 400, en: /"reason" is required/ });
    await expectRefused(unmask(() => clerk, { field: 'phone', reason: '核实身份' }, () => 'p1'), { status: 400, en: /"partyId" is not in the right format/ });
    await expectRefused(unmask(() => clerk, { field: 'phone', reason: '核实身份' }, () => randomUUID()), { status: 404, code: 'common.not_found' });
  });

  it('refuses a reader without the unmask right (403) and keeps the attempt in audit_log, the only write', async () => {
    await expectRefused(unmask(() => leader, { field: 'id_number', reason: '想看看' }), {
      status: 403,
      code: 'auth.forbidden',
      en: /not allowed/,
      writes: { audit_log: 1 },
    });
    const denied = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'pii.unmask').where('result', '=', 'denied').execute();
    expect(denied.map((r) => r.actor_label)).toEqual(['leader.shentou', 'leader.shentou']);
  });

  it('answers a well-formed request from a clerk with the value, logging the access', async () => {
    const snap = await takeSnapshot(t.db);
    const res = await unmask(() => clerk, { field: 'phone', reason: '电话回访核实' })({});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ field: 'phone', value: '13812345678' });
    expect(await snap.changes()).toEqual({ pii_access_log: 1, audit_log: 1 });
  });
});

/** A multipart body with the given parts, as a browser would send it. */
function multipart(parts: { name: string; filename?: string; type?: string; data: Buffer | string }[]) {
  const boundary = `----yimen${randomUUID().replace(/-/g, '')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head), Buffer.from(p.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

// a 1x1 transparent PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe('POST /api/cases/:id/attachments and GET …/attachments/:attachmentId', () => {
  const upload = (by: () => Client, body: ReturnType<typeof multipart>, id = () => base.id): Send => (h) =>
    by().request({ method: 'POST', url: `/api/cases/${id()}/attachments`, payload: body.payload, headers: { ...body.headers, ...h } });
  const file = (filename: string, data: Buffer | string, type = 'application/octet-stream') =>
    multipart([{ name: 'file', filename, type, data }]);

  it('refuses a request without a file (400) and a body that is not multipart at all', async () => {
    await expectRefused(upload(() => clerk, multipart([{ name: 'note', data: '没有附件' }])), { status: 400, zh: /缺少必填项“file”/, en: /"file" is required/ });
    await expectRefused((h) => clerk.post(`/api/cases/${base.id}/attachments`, { file: 'x' }, h), { status: 406 });
  });

  it('refuses bytes that are not an allowed type, whatever the name and the claimed type say (422)', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200)]);
    const bad = { status: 422, code: 'case.bad_attachment_type', zh: /不支持的附件类型/, en: /Unsupported attachment type/ };
    await expectRefused(upload(() => clerk, file('setup.exe', exe, 'application/x-msdownload')), bad);
    await expectRefused(upload(() => clerk, file('photo.jpg', '这其实是一段文字', 'image/jpeg')), bad);
    await expectRefused(upload(() => clerk, file('photo.jpg', zip, 'image/jpeg')), bad);
  });

  it('refuses a file over the upload limit (413, the test app allows 256 KiB)', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(256 * 1024 + 1 - PNG.length)]);
    await expectRefused(upload(() => clerk, file('big.png', big, 'image/png')), {
      status: 413,
      code: 'case.attachment_too_large',
      zh: /附件超过 256 KB/,
      en: /exceeds 256 KB/,
    });
  });

  it('refuses an upload to an unknown case (404) or by a reader who may not add evidence (403)', async () => {
    await expectRefused(upload(() => clerk, file('a.png', PNG, 'image/png'), () => randomUUID()), { status: 404 });
    await expectRefused(upload(() => leader, file('a.png', PNG, 'image/png')), { status: 403, code: 'auth.forbidden' });
  });

  it('stores a real PNG (201) and gives back the same bytes; unknown or malformed attachment ids are refused', async () => {
    const before = attachmentFiles(t);
    const res = await upload(() => clerk, file('现场照片.png', PNG, 'image/png'))({});
    expect(res.statusCode, res.body).toBe(201);
    const saved = res.json() as { id: string; fileName: string; sizeBytes: number };
    expect(saved).toMatchObject({ fileName: '现场照片.png', sizeBytes: PNG.length });
    expect(attachmentFiles(t).length).toBeGreaterThan(before.length);

    const down = await clerk.get(`/api/cases/${base.id}/attachments/${saved.id}`);
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-type']).toBe('image/png');
    expect(down.rawPayload.equals(PNG)).toBe(true);
    expect((await clerk.get(`/api/cases/${base.id}`)).json().attachments).toEqual([expect.objectContaining({ id: saved.id })]);

    const get = (by: () => Client, attachment: string): Send => (h) => by().get(`/api/cases/${base.id}/attachments/${attachment}`, h);
    await expectRefused(get(() => clerk, randomUUID()), { status: 404, code: 'common.not_found' });
    await expectRefused(get(() => clerk, 'photo.png'), { status: 400, en: /"attachmentId" is not in the right format/ });
    await expectRefused(get(() => otherClerk, saved.id), { status: 404, code: 'common.not_found' });
  });
});

describe('GET /api/cases and GET /api/cases/:id', () => {
  const list = (qs: string): Send => (h) => clerk.get(`/api/cases?${qs}`, h);

  it('refuses bad filters and paging (400)', async () => {
    await expectRefused(list('state=foo'), { status: 400, zh: /state/, en: /"state.0" has a value that is not allowed$/ });
    await expectRefused(list('limit=0'), { status: 400, en: /"limit" must be at least 1/ });
    await expectRefused(list('limit=101'), { status: 400, zh: /“limit”不能大于 100/, en: /"limit" must be at most 100/ });
    await expectRefused(list('limit=many'), { status: 400, en: /"limit" must be of type integer/ });
    await expectRefused(list('cursor=abc'), { status: 400, en: /"cursor" is not in the right format/ });
    await expectRefused(list('sort=oldest'), { status: 400, en: /unknown field "sort"/ });
  });

  it('answers good filters (so the refusals above are about the values)', async () => {
    const res = await clerk.get('/api/cases?state=assigned&limit=1');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([expect.objectContaining({ id: base.id, state: 'assigned' })]);
  });

  it('refuses a malformed case id (400), an unknown one (404) and anonymous callers (401)', async () => {
    await expectRefused((h) => clerk.get('/api/cases/42', h), { status: 400, en: /"id" is not in the right format/ });
    await expectRefused((h) => clerk.get(`/api/cases/${randomUUID()}`, h), { status: 404, code: 'common.not_found' });
    await expectRefused((h) => t.anonymous().get('/api/cases', h), { status: 401, code: 'auth.required' });
  });
});
