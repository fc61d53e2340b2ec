// The Open311 GeoReport v2 suite: every endpoint in JSON and XML, every refusal in the spec's
// shape and status, and no personal data in any answer.
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeSnapshot } from '../../../../test/helpers/db-snapshot.js';
import { createTestApp, type TestApp } from '../../../../test/helpers/test-app.js';
import { createApiKey, revokeApiKey } from '../api-keys/api-keys.service.js';
import { RATE } from './open311.routes.js';

let t: TestApp;
let township: string; // 神头镇
let county: string; // 陵城区
let city: string; // 德州市
let revoked: string;
const admin = { actorId: null, actorRole: 'system', actorLabel: 'test', ip: null };

// Personal data the suite submits; none of it may come back in any answer.
const PII = [
  '欧阳',
  '明轩',
  '13912345678',
  '139****5678',
  '胜利路 88 号',
  '楼上每晚漏水',
  '36.91234',
  '116.5678',
];
const seen: string[] = [];

const xml = new XMLParser({
  isArray: (name) =>
    ['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format'].includes(name),
  parseTagValue: false,
});

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

async function post(file: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/open311/v2/${file}`,
    payload: form(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
  seen.push(res.body);
  return res;
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: 'GET', url: `/open311/v2/${url}`, headers });
  seen.push(res.body);
  return res;
}

const valid = (key: string, extra: Record<string, string> = {}) => ({
  api_key: key,
  service_code: 'neighbor',
  lat: '36.91234',
  long: '116.5678',
  description: '楼上每晚漏水，协商无果。',
  first_name: '明轩',
  last_name: '欧阳',
  phone: '13912345678',
  email: 'resident@example.cn',
  ...extra,
});

/** A refusal in both languages and formats, with nothing written. */
async function expectError(
  send: (file: string, headers: Record<string, string>) => Promise<Awaited<ReturnType<typeof get>>>,
  status: number,
  en: RegExp,
) {
  const snap = await takeSnapshot(t.db);
  const zh = await send('json', {});
  expect(zh.statusCode, zh.body).toBe(status);
  expect(zh.headers['content-type']).toMatch(/application\/json/);
  const [e] = zh.json() as { code: number; description: string }[];
  expect(e!.code).toBe(status);
  expect(e!.description).toMatch(/[\u4e00-\u9fff]/);
  const enRes = await send('json', { 'accept-language': 'en' });
  expect(enRes.json()[0].description).toMatch(en);
  const x = await send('xml', { 'accept-language': 'en' });
  expect(x.statusCode).toBe(status);
  expect(x.headers['content-type']).toMatch(/text\/xml/);
  expect(x.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const parsed = xml.parse(x.body);
  expect(parsed.errors.error[0].code).toBe(String(status));
  expect(parsed.errors.error[0].description).toMatch(en);
  expect(await snap.changes()).toEqual({});
}

beforeAll(async () => {
  t = await createTestApp();
  township = (await createApiKey(t.deps, { name: 'township-app', regionCode: '371403105' }, admin)).key;
  county = (await createApiKey(t.deps, { name: 'county-app', regionCode: '371403' }, admin)).key;
  city = (await createApiKey(t.deps, { name: 'city-app', regionCode: '3714' }, admin)).key;
  revoked = (await createApiKey(t.deps, { name: 'old-app', regionCode: '3714' }, admin)).key;
  await revokeApiKey(t.deps, 'old-app', admin);
});
afterAll(async () => {
  // no answer of the whole suite carries the personal data it submitted
  for (const body of seen) for (const p of PII) expect(body).not.toContain(p);
  await t?.close();
});

describe('discovery and services', () => {
  it('describes the endpoint in both formats', async () => {
    const j = await get('discovery.json');
    expect(j.statusCode).toBe(200);
    expect(j.json().endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: expect.stringMatching(/^http:\/\/localhost(:80)?\/open311\/v2$/),
      formats: ['text/xml', 'application/json'],
    });
    const x = await get('discovery.xml');
    expect(x.headers['content-type']).toMatch(/text\/xml; charset=utf-8/);
    expect(xml.parse(x.body).discovery.endpoints.endpoint[0].formats.format).toEqual([
      'text/xml',
      'application/json',
    ]);
  });

  it('lists the categories as realtime services with group and keywords, in either language', async () => {
    const j = await get('services.json?jurisdiction_id=3714');
    const services = j.json() as Record<string, unknown>[];
    expect(services).toHaveLength(13);
    expect(services.find((s) => s.service_code === 'labor')).toEqual({
      service_code: 'labor',
      service_name: '劳动争议',
      description: expect.stringContaining('劳动争议'),
      metadata: true,
      type: 'realtime',
      keywords: expect.stringContaining('欠薪'),
      group: '劳动与经济',
    });
    const en = await get('services.json', { 'accept-language': 'en' });
    expect(en.json().find((s: { service_code: string }) => s.service_code === 'labor')).toMatchObject({
      service_name: 'Labor dispute',
      group: 'Labor and economy',
    });
    const x = xml.parse((await get('services.xml')).body);
    expect(x.services.service).toHaveLength(13);
    expect(x.services.service[0]).toMatchObject({
      service_code: 'neighbor',
      type: 'realtime',
      metadata: 'true',
    });
  });

  it('defines each service with its region attribute', async () => {
    const j = await get('services/neighbor.json');
    expect(j.statusCode).toBe(200);
    expect(j.json()).toEqual({
      service_code: 'neighbor',
      attributes: [
        expect.objectContaining({
          code: 'region',
          datatype: 'string',
          required: false,
          variable: true,
          order: 1,
        }),
      ],
    });
    const x = xml.parse((await get('services/neighbor.xml')).body);
    expect(x.service_definition.service_code).toBe('neighbor');
    expect(x.service_definition.attributes.attribute[0]).toMatchObject({
      code: 'region',
      datatype: 'string',
    });
  });

  it('answers 404 for an unknown service or resource, in the requested format', async () => {
    await expectError(
      (f, h) => get(`services/parking.${f}`, h),
      404,
      /no service with service_code "parking"/,
    );
    await expectError((f, h) => get(`tokens/123.${f}`, h), 404, /No such resource/);
    const plain = await get('services/neighbor.txt');
    expect(plain.statusCode).toBe(404);
    expect(plain.json()[0].code).toBe(404);
  });
});

describe('POST requests', () => {
  it('creates a case with channel api at the key’s township and answers with its number', async () => {
    const res = await post('requests.json', valid(township, { jurisdiction_id: '3714' }));
    expect(res.statusCode, res.body).toBe(201);
    const [r] = res.json();
    expect(r).toEqual({
      service_request_id: expect.stringMatching(/^371403105-20260315-\d{4}$/),
      service_notice: expect.stringContaining(r.service_request_id),
      account_id: null,
    });
    const c = await t.db.kysely
      .selectFrom('cases')
      .selectAll()
      .where('case_no', '=', r.service_request_id)
      .executeTakeFirstOrThrow();
    expect(c).toMatchObject({
      channel: 'api',
      region_code: '371403105',
      category_code: 'neighbor',
      state: 'registered',
      latitude: 36.91234,
      longitude: 116.5678,
      registered_by: null,
    });
    const events = await t.db.kysely
      .selectFrom('case_events')
      .selectAll()
      .where('case_id', '=', c.id)
      .execute();
    expect(events.map((e) => [e.action, e.actor_role, e.actor_id])).toEqual([['register', 'system', null]]);
    const party = await t.db.kysely
      .selectFrom('parties')
      .selectAll()
      .where('case_id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(party).toMatchObject({ role: 'applicant', name: '欧阳明轩', phone_masked: '139****5678' });
    const link = await t.db.kysely
      .selectFrom('open311_requests')
      .selectAll()
      .where('case_id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(link).toMatchObject({ service_code: 'neighbor', jurisdiction_id: '3714' });
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('target_id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: 'case.register',
      actor_role: 'system',
      actor_label: 'open311:township-app',
    });
    const jobs = await t.jobs.boss.fetch('case-event', { batchSize: 100 });
    expect(jobs.some((j) => (j.data as { caseId: string }).caseId === c.id)).toBe(true);
  });

  it('places by address_id, else by the region attribute, and answers in XML', async () => {
    const x = await post(
      'requests.xml',
      valid(county, { address_id: '371403105200', lat: '', long: '', media_url: 'https://example.cn/p.jpg' }),
    );
    expect(x.statusCode, x.body).toBe(201);
    const id = xml.parse(x.body).service_requests.request[0].service_request_id as string;
    const byId = await t.db.kysely
      .selectFrom('cases')
      .select(['region_code', 'address_masked'])
      .where('case_no', '=', id)
      .executeTakeFirstOrThrow();
    expect(byId).toEqual({ region_code: '371403105200', address_masked: null });

    const attr = await post(
      'requests.json',
      valid(county, {
        lat: '',
        long: '',
        address_string: '胜利路 88 号',
        'attribute[region]': '371403105207',
      }),
    );
    expect(attr.statusCode, attr.body).toBe(201);
    const row = await t.db.kysely
      .selectFrom('cases')
      .select(['region_code', 'address_enc'])
      .where('case_no', '=', attr.json()[0].service_request_id)
      .executeTakeFirstOrThrow();
    expect(row.region_code).toBe('371403105207');
    expect(row.address_enc).not.toBeNull();
  });

  it('refuses a missing, wrong or revoked api_key with 403', async () => {
    for (const api_key of [undefined, 'ym_not-a-real-key', revoked]) {
      const fields = valid(api_key ?? '');
      if (!api_key) delete (fields as Partial<typeof fields>).api_key;
      await expectError(
        (f, h) => post(`requests.${f}`, fields, h),
        403,
        /api_key is missing, invalid or revoked/,
      );
    }
  });

  it('refuses bad parameters with 400 (and an unknown service with 404), writing nothing', async () => {
    // one good request first, so the key's last use is recorded and later refusals write nothing
    expect((await post('requests.json', valid(township))).statusCode).toBe(201);
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ service_code: '' }, 400, /service_code is required/],
      [{ service_code: 'parking' }, 404, /no service with service_code "parking"/],
      [{ lat: '', long: '' }, 400, /A location is required/],
      [{ long: '' }, 400, /lat and long must be given together/],
      [{ lat: '91' }, 400, /lat is not a valid coordinate/],
      [{ phone: '12345' }, 400, /phone is not a valid phone number/],
      [{ email: 'nobody' }, 400, /email is not a valid/],
      [{ media_url: 'javascript:alert(1)' }, 400, /media_url must be an http/],
      [{ 'attribute[color]': 'red' }, 400, /no attribute "color"/],
      [{ address_id: '999999999' }, 400, /"999999999" in address_id is not a known region code/],
      [{ address_id: '371402001' }, 403, /outside the region of this API key/],
      [{ description: 'x'.repeat(4001) }, 400, /description must be at most 4000/],
    ];
    for (const [extra, status, en] of cases) {
      await expectError((f, h) => post(`requests.${f}`, valid(township, extra), h), status, en);
    }
    // a key above township level needs a place below it (first uses recorded beforehand)
    await get(`requests.json?api_key=${encodeURIComponent(city)}`);
    expect((await post('requests.json', valid(county))).statusCode).toBe(400);
    await expectError((f, h) => post(`requests.${f}`, valid(city), h), 400, /above township level/);
    // a form field given twice is ambiguous
    const twice = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: `${form(valid(township))}&service_code=labor`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json()[0].code).toBe(400);
  });

  it('limits requests per key and answers 429 in the spec’s shape', async () => {
    const { key } = await createApiKey(t.deps, { name: 'busy-app', regionCode: '371403105' }, admin);
    const statuses: number[] = [];
    for (let i = 0; i < RATE.post + 1; i++) {
      statuses.push((await post('requests.json', { api_key: key })).statusCode);
    }
    expect(statuses.slice(0, RATE.post).every((s) => s === 400)).toBe(true);
    const last = await post('requests.xml', { api_key: key });
    expect(last.statusCode).toBe(429);
    expect(xml.parse(last.body).errors.error[0].code).toBe('429');
    // another key is not affected
    expect((await post('requests.json', { api_key: township })).statusCode).toBe(400);
  });
});

describe('GET requests', () => {
  let ids: string[] = [];

  beforeAll(async () => {
    ids = [];
    for (const code of ['labor', 'property']) {
      const res = await post('requests.json', valid(township, { service_code: code }));
      ids.push(res.json()[0].service_request_id);
    }
    // close one: the clerk of the township declines it
    const clerk = await t.login('clerk.shentou');
    const c = await t.db.kysely
      .selectFrom('cases')
      .select(['id', 'version'])
      .where('case_no', '=', ids[1]!)
      .executeTakeFirstOrThrow();
    const res = await clerk.post(`/api/cases/${c.id}/transitions`, {
      action: 'decline',
      version: c.version,
      legalGround: '不属于人民调解受理范围',
      guidance: 'litigation',
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('lists the key’s requests with state, unit and region name only', async () => {
    const res = await get(`requests.json?api_key=${encodeURIComponent(township)}`);
    expect(res.statusCode).toBe(200);
    const rows = res.json() as Record<string, unknown>[];
    const labor = rows.find((r) => r.service_request_id === ids[0]);
    expect(labor).toEqual({
      service_request_id: ids[0],
      status: 'open',
      status_notes: '已登记，等待分流交办。',
      service_name: '劳动争议',
      service_code: 'labor',
      agency_responsible: expect.stringContaining('综治中心'),
      service_notice: null,
      requested_datetime: '2026-03-15T01:30:00.000Z',
      updated_datetime: '2026-03-15T01:30:00.000Z',
      expected_datetime: null,
      address: '陵城区神头镇',
      address_id: '371403105',
      zipcode: null,
    });
    expect(rows.find((r) => r.service_request_id === ids[1])).toMatchObject({ status: 'closed' });
    // the township key does not see requests placed in other townships… but the county key does
    const countyRows = (await get(`requests.json?api_key=${encodeURIComponent(county)}`)).json();
    expect(countyRows.length).toBeGreaterThan(rows.length - 1);
    expect(rows.every((r) => String(r.address_id).startsWith('371403105'))).toBe(true);
  });

  it('filters by ids, service, status and dates, in both formats', async () => {
    const k = `api_key=${encodeURIComponent(township)}`;
    const byIds = (await get(`requests.json?${k}&service_request_id=${ids.join(',')}&status=open`)).json();
    expect(byIds.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual(
      [...ids].sort(),
    );
    const labor = (await get(`requests.json?${k}&service_code=labor`)).json();
    expect(labor.every((r: { service_code: string }) => r.service_code === 'labor')).toBe(true);
    const closed = (await get(`requests.json?${k}&status=closed`)).json();
    expect(closed.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([ids[1]]);
    const later = (await get(`requests.json?${k}&start_date=2026-03-16T00:00:00%2B08:00`)).json();
    expect(later).toEqual([]);
    const window = (
      await get(`requests.json?${k}&start_date=2026-03-01T00:00:00Z&end_date=2026-03-20T00:00:00Z`)
    ).json();
    expect(window.length).toBeGreaterThan(1);
    const x = xml.parse((await get(`requests.xml?${k}&status=closed`)).body);
    expect(x.service_requests.request[0]).toMatchObject({ service_request_id: ids[1], status: 'closed' });
    const empty = xml.parse((await get(`requests.xml?${k}&service_code=medical`)).body);
    expect(empty.service_requests).toBe('');
  });

  it('refuses bad filters with 400 and a missing key with 403', async () => {
    const k = `api_key=${encodeURIComponent(township)}`;
    await expectError(
      (f, h) => get(`requests.${f}?${k}&status=pending`, h),
      400,
      /status must be open or closed/,
    );
    await expectError(
      (f, h) => get(`requests.${f}?${k}&start_date=yesterday`, h),
      400,
      /start_date must be an ISO 8601/,
    );
    await expectError(
      (f, h) => get(`requests.${f}?${k}&start_date=2026-03-10T00:00:00Z&end_date=2026-03-01T00:00:00Z`, h),
      400,
      /start_date must be before end_date/,
    );
    await expectError(
      (f, h) => get(`requests.${f}?${k}&start_date=2025-01-01T00:00:00Z&end_date=2026-03-01T00:00:00Z`, h),
      400,
      /at most 90 days apart/,
    );
    await expectError((f, h) => get(`requests.${f}`, h), 403, /api_key is missing/);
    await expectError(
      (f, h) => get(`requests.${f}?api_key=${encodeURIComponent(revoked)}`, h),
      403,
      /revoked/,
    );
  });

  it('answers one request by its id, or 404 outside the key’s region', async () => {
    const one = await get(`requests/${ids[0]}.json?api_key=${encodeURIComponent(township)}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toHaveLength(1);
    expect(one.json()[0]).toMatchObject({ service_request_id: ids[0], status: 'open' });
    const x = xml.parse((await get(`requests/${ids[1]}.xml?api_key=${encodeURIComponent(township)}`)).body);
    expect(x.service_requests.request[0]).toMatchObject({ service_request_id: ids[1], status: 'closed' });

    const { key: other } = await createApiKey(t.deps, { name: 'qihe-app', regionCode: '371425' }, admin);
    await get(`requests.json?api_key=${encodeURIComponent(other)}`); // records the key's first use
    await expectError(
      (f, h) => get(`requests/${ids[0]}.${f}?api_key=${encodeURIComponent(other)}`, h),
      404,
      /outside the region of this key/,
    );
    await expectError(
      (f, h) => get(`requests/371403105-20260315-9999.${f}?api_key=${encodeURIComponent(township)}`, h),
      404,
      /No service request/,
    );
    await expectError((f, h) => get(`requests/${ids[0]}.${f}`, h), 403, /api_key/);
  });
});
