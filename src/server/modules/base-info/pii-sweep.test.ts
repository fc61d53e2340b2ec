// "A user without the permission never receives an unmasked value from any route" (issue 6), as a
// sweep: known clear values are planted in a resident, a house, an organization and a case's
// party; then every GET route the app registers (enumerated by Fastify's onRoute hook, path
// parameters filled with the real ids), the list/search/export variants and every unmask route
// are called by users without the unmask permission, and no response body may contain a clear
// value or its hidden middle.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../core/pii/validation.js';
import { buildApp } from '../../app.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';

let t: TestApp;
let app: FastifyInstance;
const routes: { method: string; url: string }[] = [];

const RESIDENT = {
  idNumber: makeIdNumber('371403', '19771212', '357'),
  phone: '13966667777',
  address: '德州市陵城区神头镇幸福路 88 号院 3 单元',
};
const HOUSE = {
  address: '德州市陵城区神头镇幸福路 90 号院',
  ownerIdNumber: makeIdNumber('371403', '19600101', '111'),
  ownerPhone: '13522223333',
};
const ORGANIZATION = { phone: '13244445555', address: '德州市陵城区神头镇工业园 99 号' };
const PARTY = {
  idNumber: makeIdNumber('371403', '19880808', '246'),
  phone: '15811112222',
  address: '德州市陵城区神头镇和平街 66 号',
};
const CASE_ADDRESS = '德州市陵城区神头镇和平街 68 号';

/** Every clear value, and the part of each a mask hides (so a partial leak is caught too). */
const SECRETS = [
  ...[RESIDENT.idNumber, HOUSE.ownerIdNumber, PARTY.idNumber].flatMap((id) => [id, id.slice(3, 14)]),
  ...[RESIDENT.phone, HOUSE.ownerPhone, ORGANIZATION.phone, PARTY.phone].flatMap((p) => [p, p.slice(1)]),
  ...[RESIDENT.address, HOUSE.address, ORGANIZATION.address, PARTY.address, CASE_ADDRESS].flatMap((a) => [
    a,
    a.slice(6),
  ]),
];

const ids = {
  resident: '',
  house: '',
  organization: '',
  case: '',
  caseNo: '',
  party: '',
  gridWorker: '',
  grid: '',
};

beforeAll(async () => {
  t = await createTestApp();
  // a second app on the same database, built with the hook that sees every route
  app = await buildApp(t.deps, { onRoute: (r: RouteOptions) => routes.push(...methodsOf(r)) });
  await app.ready();

  const grid = await t.login('grid.shentou');
  const me = (await grid.get('/api/me')).json().user;
  ids.gridWorker = me.id;
  ids.grid = me.scopeCode;
  const house = await grid.post('/api/base/houses', { ...HOUSE, ownerName: '孙大圣', occupants: 2 });
  expect(house.statusCode, house.body).toBe(201);
  ids.house = house.json().id;
  const resident = await grid.post('/api/base/residents', {
    name: '秘密人',
    ...RESIDENT,
    houseId: ids.house,
    houseRelation: 'owner',
  });
  expect(resident.statusCode, resident.body).toBe(201);
  ids.resident = resident.json().id;
  const org = await grid.post('/api/base/organizations', { name: '秘密公司', ...ORGANIZATION });
  expect(org.statusCode, org.body).toBe(201);
  ids.organization = org.json().id;
  // the dispatcher flags a key group, so key-group pages have something to leak
  const dispatcher = await t.login('dispatcher.shentou');
  await dispatcher.post(`/api/base/residents/${ids.resident}/key-groups`, {
    groups: ['at_risk_youth'],
    reason: '学校通报',
  });

  const clerk = await t.login('clerk.shentou');
  const reg = await clerk.post(
    '/api/cases',
    buildRegistration({
      address: CASE_ADDRESS,
      parties: [
        { role: 'applicant', name: '甲', ...PARTY },
        { role: 'respondent', name: '乙', phone: '13900001111' },
      ],
    }),
  );
  expect(reg.statusCode, reg.body).toBe(201);
  ids.case = reg.json().id;
  ids.caseNo = reg.json().caseNo;
  ids.party = (await clerk.get(`/api/cases/${ids.case}`)).json().parties[0].id;
  // privileged unmasks happened, so the access log and audit pages have entries
  await clerk.post(`/api/cases/${ids.case}/parties/${ids.party}/unmask`, { field: 'phone', reason: '回访' });
  await grid.post(`/api/base/residents/${ids.resident}/unmask`, { field: 'address', reason: '走访' });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await t?.close();
});

function methodsOf(r: RouteOptions): { method: string; url: string }[] {
  const list = Array.isArray(r.method) ? r.method : [r.method];
  return list.map((m) => ({ method: String(m), url: r.url }));
}

/** The real id for a path parameter, by the route it appears in. */
function fill(url: string): string {
  return url.replace(/:(\w+)/g, (_, name: string) => {
    if (name === 'partyId') return ids.party;
    if (name === 'userId') return ids.gridWorker;
    if (name === 'code') return ids.grid;
    if (name === 'year') return '2026';
    if (name === 'file') {
      if (url.includes('templates')) return 'residents.csv';
      if (url.includes('requests')) return `${ids.caseNo}.json`;
      if (url.includes('services')) return 'neighbor.json';
      return `${ids.grid}.svg`;
    }
    if (url.startsWith('/api/base/residents')) return ids.resident;
    if (url.startsWith('/api/base/houses')) return ids.house;
    if (url.startsWith('/api/base/organizations')) return ids.organization;
    return ids.case;
  });
}

/** Search, filter and export variants of the list routes: each would find the planted data. */
const VARIANTS = [
  `/api/base/residents?q=${RESIDENT.idNumber}`,
  `/api/base/residents?q=${RESIDENT.phone}`,
  `/api/base/residents?q=${encodeURIComponent('秘密')}`,
  '/api/base/residents?keyGroup=at_risk_youth',
  `/api/base/residents?houseId=${'{house}'}`,
  `/api/base/houses?q=${encodeURIComponent(HOUSE.address)}`,
  `/api/base/houses?q=${HOUSE.ownerPhone}`,
  `/api/base/organizations?q=${ORGANIZATION.phone}`,
  `/api/cases?q=${PARTY.phone}`,
  `/api/cases?q=${encodeURIComponent('甲')}`,
  `/api/cases/export.csv`,
  `/api/cases/export.csv?q=${PARTY.phone}`,
  `/api/parties/known?phone=${PARTY.phone}`,
  `/api/parties/known?idNumber=${PARTY.idNumber}`,
  '/api/admin/pii-access',
  '/api/admin/audit?limit=100',
];

// server-sent events never end: an injected request would wait for ever (no personal data is
// sent on it, only ids of changed cases)
const NEVER_ENDS = new Set(['/api/events/stream']);

const UNPRIVILEGED = [
  'clerk.xinhu',
  'dispatcher.xinhu',
  'leader.shentou',
  'supervisor.shentou',
  'security.shentou',
  'dept.shentou',
  'sysadmin',
  'secadmin',
  'auditor',
];

function leaks(body: string): string[] {
  return SECRETS.filter((s) => body.includes(s));
}

describe('no route gives personal data in clear to a user without the unmask permission', () => {
  it('enumerates the routes, base information among them', () => {
    const gets = routes.filter((r) => r.method === 'GET');
    expect(gets.length).toBeGreaterThan(40);
    expect(gets.map((r) => r.url)).toEqual(
      expect.arrayContaining(['/api/base/residents', '/api/base/residents/:id', '/api/cases/:id']),
    );
  });

  it('holds for every GET route and every list, search and export variant', async () => {
    const clients: [string, Client][] = [
      ['anonymous', t.anonymous()],
      ['resident', await t.resident('13700009999')],
    ];
    for (const u of UNPRIVILEGED) clients.push([u, await t.login(u)]);
    const urls = [
      ...new Set(routes.filter((r) => r.method === 'GET' && !NEVER_ENDS.has(r.url)).map((r) => fill(r.url))),
      ...VARIANTS.map((v) => v.replace('{house}', ids.house)),
    ];
    const found: string[] = [];
    const okByUser = new Map<string, number>();
    for (const [name, c] of clients) {
      for (const url of urls) {
        const res = await app.inject({ method: 'GET', url, headers: c.cookie ? { cookie: c.cookie } : {} });
        const hit = leaks(res.body);
        if (hit.length) found.push(`${name} GET ${url} → ${res.statusCode}: ${hit.join(', ')}`);
        if (res.statusCode === 200) okByUser.set(name, (okByUser.get(name) ?? 0) + 1);
      }
    }
    expect(found).toEqual([]);
    // not vacuous: the in-scope readers did read the planted records (masked)
    for (const name of ['leader.shentou', 'supervisor.shentou', 'security.shentou']) {
      expect(okByUser.get(name) ?? 0, name).toBeGreaterThan(20);
    }
    const leader = clients.find(([n]) => n === 'leader.shentou')![1];
    const page = await app.inject({
      method: 'GET',
      url: `/api/base/residents/${ids.resident}`,
      headers: { cookie: leader.cookie },
    });
    expect(page.json()).toMatchObject({ idNumber: `371***********${RESIDENT.idNumber.slice(-4)}` });
  }, 300_000);

  it('holds for every unmask route: refused, never a value', async () => {
    const unmasks = routes
      .filter((r) => r.method === 'POST' && r.url.endsWith('/unmask'))
      .map((r) => fill(r.url));
    expect(unmasks).toEqual(
      expect.arrayContaining([
        `/api/base/residents/${ids.resident}/unmask`,
        `/api/cases/${ids.case}/parties/${ids.party}/unmask`,
      ]),
    );
    // the control: the same request by a grid worker of the grid does give the clear value
    const grid = await t.login('grid.shentou');
    const shown = await app.inject({
      method: 'POST',
      url: `/api/base/residents/${ids.resident}/unmask`,
      payload: { field: 'phone', reason: '核实身份' },
      headers: { cookie: grid.cookie, 'x-csrf-token': grid.csrf },
    });
    expect(leaks(shown.body)).toContain(RESIDENT.phone);
    const clients: [string, Client][] = [['resident', await t.resident('13700009999')]];
    for (const u of UNPRIVILEGED) clients.push([u, await t.login(u)]);
    for (const [name, c] of clients) {
      for (const url of unmasks) {
        for (const field of ['phone', 'id_number', 'address']) {
          const res = await app.inject({
            method: 'POST',
            url,
            payload: { field, reason: '核实身份' },
            headers: { cookie: c.cookie, 'x-csrf-token': c.csrf },
          });
          expect([401, 403, 404], `${name} ${url} ${field}: ${res.body}`).toContain(res.statusCode);
          expect(leaks(res.body)).toEqual([]);
        }
      }
    }
  }, 300_000);
});
