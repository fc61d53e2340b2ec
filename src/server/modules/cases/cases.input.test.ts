// Bad input on the registration and read routes of cases: each answer is a 4xx with a code and a
// readable message (Chinese by default, English for Accept-Language: en), and every table (rows and
// content) and the job queue are exactly as before (test/helpers/expect-refused.ts). No refusal
// here writes anything, not even audit_log: registration audits only what it commits.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar, makeIdNumber } from '../../../core/pii/validation.js';
import { takeSnapshot } from '../../../../test/helpers/db-snapshot.js';
import {
  expectRefused as refused,
  type Refusal,
  type Send,
} from '../../../../test/helpers/expect-refused.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';

let t: TestApp;
let clerk: Client;
let baseId: string;

beforeAll(async () => {
  t = await createTestApp();
  clerk = await t.login('clerk.shentou');
  const res = await clerk.post('/api/cases', buildRegistration());
  expect(res.statusCode, res.body).toBe(201);
  baseId = res.json().id;
});
afterAll(async () => t?.close());

const expectRefused = (send: Send, x: Refusal) => refused(t, send, x);

const register =
  (body: unknown, by: () => Client = () => clerk, key?: string): Send =>
  (h) =>
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
  const required = (f: string) => ({
    status: 400,
    code: 'validation',
    zh: new RegExp(`缺少必填项“${f}”`),
    en: new RegExp(`"${f}" is required`),
  });
  it.each([
    ['missing categoryCode', without('categoryCode'), required('categoryCode')],
    ['missing description', without('description'), required('description')],
    ['missing parties', without('parties'), required('parties')],
    [
      'empty parties',
      buildRegistration({ parties: [] }),
      { status: 400, zh: /parties/, en: /"parties" needs at least 1 items/ },
    ],
    [
      'no applicant',
      buildRegistration({ parties: [{ role: 'respondent', name: '李四' }] }),
      { status: 422, code: 'case.no_applicant', en: /applicant/ },
    ],
    [
      'an object for description',
      buildRegistration({ description: { text: '纠纷' } }),
      { status: 400, en: /"description" must be of type string/ },
    ],
    [
      'a word for latitude',
      buildRegistration({ latitude: 'north' }),
      { status: 400, zh: /latitude/, en: /"latitude" must be of type number/ },
    ],
    [
      'latitude out of range',
      buildRegistration({ latitude: 91 }),
      { status: 400, en: /"latitude" must be at most 90/ },
    ],
    [
      'description of 4001 characters',
      buildRegistration({ description: '纠'.repeat(4001) }),
      { status: 400, zh: /不能超过 4000 个字符/, en: /"description" must be at most 4000 characters/ },
    ],
    [
      'a 30-digit region code',
      buildRegistration({ regionCode: '3'.repeat(30) }),
      { status: 400, en: /"regionCode" is not in the right format/ },
    ],
    [
      'an unknown region of valid shape',
      buildRegistration({ regionCode: '371403199' }),
      { status: 422, code: 'case.unknown_region', zh: /371403199/, en: /Unknown region code "371403199"/ },
    ],
    [
      'a county code (above township)',
      buildRegistration({ regionCode: '371403' }),
      { status: 422, code: 'case.region_not_leaf_enough', zh: /乡镇/, en: /township/ },
    ],
    [
      'an unknown category',
      buildRegistration({ categoryCode: 'alien_abduction' }),
      { status: 422, code: 'case.unknown_category', en: /Unknown dispute category "alien_abduction"/ },
    ],
    [
      'an unknown channel',
      buildRegistration({ channel: 'pigeon' }),
      { status: 400, en: /"channel" has a value that is not allowed/ },
    ],
    [
      'an ID number with a wrong check digit',
      buildRegistration(applicant({ idNumber: badCheck })),
      { status: 422, code: 'case.bad_id_number', zh: /张三/, en: /ID number of party "张三" is invalid/ },
    ],
    [
      'an invalid phone',
      buildRegistration(applicant({ phone: '12345' })),
      { status: 422, code: 'case.bad_phone', en: /phone number of party "张三" is invalid/ },
    ],
    [
      'an unknown extra field',
      buildRegistration({ priority: 'high' }),
      { status: 400, zh: /不认识的字段“priority”/, en: /unknown field "priority"/ },
    ],
    [
      'an unknown field of a party',
      buildRegistration(applicant({ email: 'a@b.c' })),
      { status: 400, en: /unknown field "email"/ },
    ],
  ] as [string, unknown, Refusal][])('%s', async (_label, body, refusal) => {
    await expectRefused(register(body), refusal);
  });

  // KNOWN GAP (reported to the lead): Fastify's Ajv runs with coerceTypes 'array' for every part
  // of the request, so 12345 or true sent as the description is coerced to "12345" and the case
  // is registered. Turn this into `it` once the body validator stops coercing scalars.
  it('refuses a number for description rather than converting it', async () => {
    await expectRefused(register(buildRegistration({ description: 12345 })), { status: 400 });
  });

  it('refuses a body that is broken JSON, plain text or of an unknown content type', async () => {
    const raw =
      (payload: string, type: string): Send =>
      (h) =>
        clerk.request({
          method: 'POST',
          url: '/api/cases',
          payload,
          headers: { 'content-type': type, ...h },
        });
    await expectRefused(raw('{"categoryCode":', 'application/json'), {
      status: 400,
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
      en: /not valid JSON/,
    });
    await expectRefused(raw('categoryCode=neighbor', 'text/plain'), {
      status: 400,
      en: /"body" must be of type object/,
    });
    await expectRefused(raw('<case/>', 'application/xml'), { status: 415, en: /Unsupported content type/ });
  });

  it('refuses an Idempotency-Key that is too short to be one', async () => {
    await expectRefused(
      register(buildRegistration(), () => clerk, 'short'),
      { status: 400, en: /idempotency-key/ },
    );
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
    const rows = await t.db.kysely
      .selectFrom('cases')
      .select('id')
      .where('description', '=', '重复提交的同一份登记')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses the key reused with a different body (422) and writes nothing', async () => {
    const key = `reuse-${randomUUID()}`;
    expect((await register(buildRegistration(), () => clerk, key)({})).statusCode).toBe(201);
    await expectRefused(
      register(buildRegistration({ description: '另一份登记' }), () => clerk, key),
      {
        status: 422,
        code: 'case.idempotency_mismatch',
        zh: /幂等键/,
        en: /already used for a different registration/,
      },
    );
  });
});

describe('CSRF and authentication on writes', () => {
  const withCookieOnly =
    (token?: string): Send =>
    (h) =>
      t.app.inject({
        method: 'POST',
        url: '/api/cases',
        payload: buildRegistration(),
        headers: { cookie: clerk.cookie, ...(token ? { 'x-csrf-token': token } : {}), ...h },
      });

  it('refuses a cookie-authenticated POST without the x-csrf-token header (403)', async () => {
    await expectRefused(withCookieOnly(), {
      status: 403,
      code: /^FST_CSRF/,
      zh: /CSRF/,
      en: /CSRF check failed/,
    });
  });

  it('refuses a cookie-authenticated POST with a forged token (403)', async () => {
    await expectRefused(withCookieOnly('forged-token'), { status: 403, code: /^FST_CSRF/ });
  });

  it('refuses an unauthenticated registration (401)', async () => {
    await expectRefused(
      register(buildRegistration(), () => t.anonymous()),
      { status: 401, code: 'auth.required', zh: /请先登录/, en: /log in/ },
    );
  });
});

describe('GET /api/cases and GET /api/cases/:id', () => {
  const list =
    (qs: string): Send =>
    (h) =>
      clerk.get(`/api/cases?${qs}`, h);

  it('refuses bad filters and paging (400)', async () => {
    await expectRefused(list('state=foo'), {
      status: 400,
      zh: /state/,
      en: /"state.0" has a value that is not allowed$/,
    });
    await expectRefused(list('limit=0'), { status: 400, en: /"limit" must be at least 1/ });
    await expectRefused(list('limit=101'), {
      status: 400,
      zh: /“limit”不能大于 100/,
      en: /"limit" must be at most 100/,
    });
    await expectRefused(list('limit=many'), { status: 400, en: /"limit" must be of type integer/ });
    await expectRefused(list('cursor=abc'), { status: 400, en: /"cursor" is not in the right format/ });
    await expectRefused(list('sort=oldest'), { status: 400, en: /unknown field "sort"/ });
  });

  it('answers good filters (so the refusals above are about the values)', async () => {
    const res = await clerk.get('/api/cases?state=registered&limit=100');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { id: string; state: string }[];
    expect(items.map((c) => c.id)).toContain(baseId);
    expect(items.every((c) => c.state === 'registered')).toBe(true);
  });

  it('refuses a malformed case id (400), an unknown one (404) and anonymous callers (401)', async () => {
    await expectRefused((h) => clerk.get('/api/cases/42', h), {
      status: 400,
      en: /"id" is not in the right format/,
    });
    await expectRefused((h) => clerk.get(`/api/cases/${randomUUID()}`, h), {
      status: 404,
      code: 'common.not_found',
    });
    await expectRefused((h) => t.anonymous().get('/api/cases', h), { status: 401, code: 'auth.required' });
  });
});
