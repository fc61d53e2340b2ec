// The public reference data over HTTP (region tree, units, categories, routing suggestion), the
// health check and the OpenAPI document. All of it answers without a log-in: the resident's form
// needs it first. Bad input gets a 4xx and, being a read, writes nothing either.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused, type Refusal } from '../../../../test/helpers/expect-refused.js';
import { createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';

let t: TestApp;
let anon: Client;

beforeAll(async () => {
  t = await createTestApp();
  anon = t.anonymous();
});
afterAll(async () => t?.close());

const ok = async (url: string) => {
  const res = await anon.get(url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('region tree, units, categories and routing, without a log-in', () => {
  it('lists the 12 county-level units of Dezhou (3714)', async () => {
    const rows = await ok('/api/regions?parent=3714');
    expect(rows).toHaveLength(12);
    expect(
      rows.every(
        (r: { level: string; parentCode: string; code: string }) =>
          r.level === 'county' && r.parentCode === '3714' && /^3714\d{2}$/.test(r.code),
      ),
    ).toBe(true);
    expect(rows.map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining(['德城区', '陵城区', '齐河县', '夏津县', '乐陵市', '禹城市']),
    );
  });

  it('gives a township with its path from the province and its full name', async () => {
    const r = await ok('/api/regions/371403105');
    expect(r).toMatchObject({
      code: '371403105',
      name: '神头镇',
      level: 'township',
      parentCode: '371403',
      fullName: '德州市陵城区神头镇',
    });
    expect(r.path.map((p: { name: string }) => p.name)).toEqual(['山东省', '德州市', '陵城区', '神头镇']);
    expect(r.path.map((p: { code: string }) => p.code)).toEqual(['37', '3714', '371403', '371403105']);
  });

  it('finds regions by name, the township first', async () => {
    const rows = await ok(`/api/regions?q=${encodeURIComponent('神头')}`);
    expect(rows[0]).toMatchObject({ code: '371403105', name: '神头镇' });
    expect(rows.every((r: { name: string }) => r.name.includes('神头'))).toBe(true);
  });

  it('lists the units at 371403105 (center, stationed departments, mediation) and, with `under`, its village committees', async () => {
    const at = await ok('/api/units?region=371403105');
    expect(at.map((u: { code: string }) => u.code).sort()).toEqual(
      [
        '371403105-center',
        '371403105-court',
        '371403105-justice',
        '371403105-people-mediation',
        '371403105-police',
      ].sort(),
    );
    const under = await ok('/api/units?under=371403105');
    expect(under.length).toBeGreaterThan(at.length);
    expect(under.every((u: { regionCode: string }) => u.regionCode.startsWith('371403105'))).toBe(true);
    expect(under.some((u: { kind: string }) => u.kind === 'village_committee')).toBe(true);
    const mediation = await ok('/api/units?region=371403105&kind=mediation_org');
    expect(mediation.map((u: { name: string }) => u.name)).toEqual(['神头镇人民调解委员会']);
  });

  it('lists the 13 default dispute categories', async () => {
    const rows = await ok('/api/categories');
    expect(rows.map((c: { code: string }) => c.code)).toEqual([
      'neighbor',
      'marriage_family',
      'labor',
      'land',
      'property',
      'consumer',
      'traffic',
      'medical',
      'expropriation',
      'debt_contract',
      'damages',
      'environment',
      'other',
    ]);
    expect(rows[2]).toEqual({ code: 'labor', nameZh: '劳动争议', nameEn: 'Labor dispute' });
  });

  it('suggests the county labor mediation committee for a labor dispute in 神头镇, the township one otherwise', async () => {
    const labor = await ok('/api/routing/suggest?category=labor&region=371403105');
    expect(labor.suggestion).toMatchObject({
      unitCode: '371403-labor-mediation',
      unitName: '陵城区劳动争议人民调解委员会',
      categoryCode: 'labor',
    });
    const neighbor = await ok('/api/routing/suggest?category=neighbor&region=371403105200');
    expect(neighbor.suggestion).toMatchObject({ unitCode: '371403105-people-mediation' });
  });
});

describe('bad input on the reference routes', () => {
  const get = (url: string) => (h: Record<string, string>) => anon.get(url, h);
  it.each([
    [
      '/api/regions/shentou',
      { status: 400, code: 'validation', zh: /“code”的格式不正确/, en: /"code" is not in the right format/ },
    ],
    ['/api/regions/3714031052000011', { status: 400, en: /"code" is not in the right format/ }],
    ['/api/regions/371403999', { status: 404, code: 'common.not_found', zh: /未找到/, en: /Not found/ }],
    ['/api/regions/99', { status: 404, code: 'common.not_found' }],
    ['/api/regions?parent=德州', { status: 400, en: /"parent" is not in the right format/ }],
    [
      '/api/regions?province=37',
      { status: 400, zh: /不认识的字段“province”/, en: /unknown field "province"/ },
    ],
    ['/api/regions?q=', { status: 400, en: /"q" must be at least 1 characters/ }],
    ['/api/units?kind=bank', { status: 400, en: /"kind" has a value that is not allowed/ }],
    ['/api/units?limit=501', { status: 400, en: /"limit" must be at most 500/ }],
    ['/api/units?town=371403105', { status: 400, en: /unknown field "town"/ }],
    ['/api/routing/suggest?region=371403105', { status: 400, en: /"category" is required/ }],
    [
      '/api/routing/suggest?category=labor&region=abc',
      { status: 400, en: /"region" is not in the right format/ },
    ],
    [
      '/api/routing/suggest?category=labor&region=371403105&unit=x',
      { status: 400, en: /unknown field "unit"/ },
    ],
    ['/api/no-such-route', { status: 404, code: 'not_found' }],
  ] as [string, Refusal][])('%s', async (url, refusal) => {
    await expectRefused(t, get(url), refusal);
  });
});

describe('service endpoints', () => {
  it('GET /healthz reports the engine', async () => {
    expect(await ok('/healthz')).toEqual({
      status: 'ok',
      db: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    });
  });

  it('GET /api/openapi.json documents every route', async () => {
    const doc = await ok('/api/openapi.json');
    expect(doc.openapi).toMatch(/^3\./);
    const routes: [string, string][] = [
      ['post', '/api/auth/login'],
      ['post', '/api/auth/logout'],
      ['get', '/api/me'],
      ['get', '/api/regions'],
      ['get', '/api/regions/{code}'],
      ['get', '/api/units'],
      ['get', '/api/categories'],
      ['get', '/api/routing/suggest'],
      ['post', '/api/cases'],
      ['get', '/api/cases'],
      ['get', '/api/cases/{id}'],
      ['post', '/api/cases/{id}/transitions'],
      ['post', '/api/cases/{id}/parties/{partyId}/unmask'],
      ['post', '/api/cases/{id}/attachments'],
      ['get', '/api/cases/{id}/attachments/{attachmentId}'],
    ];
    for (const [method, path] of routes) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    expect(doc.paths['/api/cases'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['categoryCode', 'channel', 'regionCode', 'description', 'parties']),
    );
  });
});
