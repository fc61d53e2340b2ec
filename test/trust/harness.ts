// What the route-sweeping suites share (authorization matrix, fuzz): the app's route table as
// Fastify builds it (onRoute), a world of fixtures around 神头镇 (cases in several states, base
// information, a grid report …), actors at every scope relation to it, a valid request for every
// route derived from its JSON schema, and the ids its path parameters take.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions, RouteOptions } from 'fastify';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { CaseSnapshot } from '../../src/core/workflow/case-model.js';
import type { Actor } from '../../src/core/workflow/relations.js';
import { buildApp } from '../../src/server/app.js';
import { snapshotOf } from '../../src/server/modules/cases/case-mapper.js';
import { createAccount, CLI_ACTOR } from '../../src/server/modules/users/users.service.js';
import { DEMO_PASSWORD, ensureDemoTotp } from '../../src/server/seed/demo-accounts.js';
import { currentTotp, buildRegistration, type Client, type TestApp } from '../helpers/test-app.js';
import { multipart, PNG } from '../helpers/multipart.js';
import { makeIdNumber } from '../../src/core/pii/validation.js';

export interface RouteInfo {
  method: string;
  url: string;
  /** `${method} ${url}` */
  key: string;
  schema: {
    body?: Schema;
    querystring?: Schema;
    params?: Schema;
  };
  /** the route's own rate-limit config, if any */
  hasRateLimit: boolean;
}

/** A JSON schema as TypeBox writes it (only what the sampler reads). */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  additionalProperties?: boolean | Schema;
  default?: unknown;
}

/** Routes the web build or the API docs add (static files): not the API's, not in the matrix. */
export function isStaticRoute(r: { url: string; method: string }): boolean {
  return (
    r.url.startsWith('/assets/') ||
    r.url.startsWith('/api/docs') ||
    // each web app's page and service worker: /, /m/, /g/, /screen/ …
    /^\/([a-z]+\/)?(index\.html|sw\.js)?$/.test(r.url) ||
    /^\/[\w.-]+\.(svg|png|ico|webmanifest|json|txt|js)$/.test(r.url)
  );
}

/** Every route of the app (HEAD and OPTIONS left out: Fastify adds HEAD to each GET). */
export async function collectRoutes(t: TestApp): Promise<{ app: FastifyInstance; routes: RouteInfo[] }> {
  const routes: RouteInfo[] = [];
  const app = await buildApp(t.deps, {
    onRoute: (r: RouteOptions) => {
      for (const m of [r.method].flat()) {
        const method = String(m);
        if (method === 'HEAD' || method === 'OPTIONS') continue;
        const s = (r.schema ?? {}) as RouteInfo['schema'];
        routes.push({
          method,
          url: r.url,
          key: `${method} ${r.url}`,
          schema: { body: s.body, querystring: s.querystring, params: s.params },
          hasRateLimit: Boolean((r.config as { rateLimit?: unknown } | undefined)?.rateLimit),
        });
      }
    },
  });
  return { app, routes };
}

// ---------------------------------------------------------------------------------------------
// Actors

/** How an actor stands to the fixtures' place (神头镇 371403105 in 陵城区 371403). */
export type Scope = 'none' | 'resident' | 'own' | 'child' | 'parent' | 'city' | 'sibling' | 'other_county';

export interface MatrixActor {
  name: string;
  scope: Scope;
  role: string;
  client: Client;
  /** the workflow's view of the caller (null for the anonymous) */
  actor: Actor | null;
}

/** The township beside 神头镇 in 陵城区 whose accounts the suite makes (the demo has none there). */
export const SIBLING_TOWNSHIP = '371403106';

const TOWNSHIP_ROLES = [
  'clerk',
  'dispatcher',
  'leader',
  'supervisor',
  'dept',
  'mediator',
  'grid',
  'security',
];
const REGION_ROLES = ['clerk', 'dispatcher', 'leader', 'supervisor', 'dept', 'mediator'];

/** Accounts of 8 roles at the sibling township (same shapes as the demo's). */
async function ensureSiblingAccounts(t: TestApp): Promise<void> {
  const db = t.db.kysely;
  const village = await db
    .selectFrom('regions')
    .select('code')
    .where('parent_code', '=', SIBLING_TOWNSHIP)
    .orderBy('code')
    .executeTakeFirstOrThrow();
  const unit = async (code: string) =>
    (await db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const plan: [string, string, string, string | undefined][] = [
    ['clerk', 'clerk', `${SIBLING_TOWNSHIP}-center`, undefined],
    ['dispatcher', 'dispatcher', `${SIBLING_TOWNSHIP}-center`, undefined],
    ['leader', 'leader', `${SIBLING_TOWNSHIP}-center`, undefined],
    ['supervisor', 'supervisor', `${SIBLING_TOWNSHIP}-center`, undefined],
    ['dept', 'department_staff', `${SIBLING_TOWNSHIP}-justice`, undefined],
    ['mediator', 'mediator', `${SIBLING_TOWNSHIP}-people-mediation`, undefined],
    ['grid', 'grid_worker', `${village.code}-committee`, `${village.code}001`],
    ['security', 'security_member', `${village.code}-committee`, `${village.code}001`],
  ];
  for (const [prefix, role, unitCode, scope] of plan) {
    const username = `${prefix}.sibling`;
    if (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst())
      continue;
    if (
      scope &&
      !(await db.selectFrom('regions').select('code').where('code', '=', scope).executeTakeFirst())
    ) {
      await db
        .insertInto('regions')
        .values({ code: scope, name: '第一网格', level: 'grid', parent_code: village.code } as never)
        .execute();
    }
    await createAccount(
      t.deps,
      {
        username,
        displayName: '邻镇人员',
        role: role as never,
        unitId: await unit(unitCode),
        scopeCode: scope ?? null,
      },
      { actor: CLI_ACTOR, password: DEMO_PASSWORD },
    );
    // shaped like the demo's (no forced change; a leader's second factor is its demo one)
    await db
      .updateTable('users')
      .set({ must_change_password: false, is_demo: true })
      .where('username', '=', username)
      .execute();
  }
  await ensureDemoTotp(t.deps);
}

/** Logs a staff account in (with its second factor where it has one), each from its own address. */
export async function staffClient(t: TestApp, username: string, n: number): Promise<Client> {
  const totpCode = await currentTotp(t, username);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD, ...(totpCode ? { totpCode } : {}) },
    remoteAddress: `10.31.${n >> 8}.${n & 255}`,
  });
  expect(res.statusCode, `${username}: ${res.body}`).toBe(200);
  const c: Client = {
    cookie: res.cookies.map((k) => `${k.name}=${k.value}`).join('; '),
    csrf: res.json().csrfToken,
    request: (opts) =>
      t.app.inject({
        ...opts,
        headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, ...(opts.headers ?? {}) },
      }),
    get: (url, headers) => c.request({ method: 'GET', url, headers }),
    post: (url, payload, headers) => c.request({ method: 'POST', url, payload: payload as string, headers }),
  };
  return c;
}

/** The fixtures' applicant (a resident who may follow their own case). */
export const APPLICANT_PHONE = '13812345678';

/** Every actor of the matrix: the anonymous, two residents and staff at every scope relation. */
export async function matrixActors(t: TestApp): Promise<MatrixActor[]> {
  await ensureSiblingAccounts(t);
  const plan: [string, Scope][] = [
    ...TOWNSHIP_ROLES.map((r) => [`${r}.shentou`, 'own'] as [string, Scope]),
    ...REGION_ROLES.map((r) => [`${r}.lingcheng`, 'parent'] as [string, Scope]),
    ...REGION_ROLES.map((r) => [`${r}.dezhou`, 'city'] as [string, Scope]),
    ...['sysadmin', 'secadmin', 'auditor'].map((u) => [u, 'city'] as [string, Scope]),
    ...TOWNSHIP_ROLES.map((r) => [`${r}.sibling`, 'sibling'] as [string, Scope]),
    ...TOWNSHIP_ROLES.map((r) => [`${r}.yanbei`, 'other_county'] as [string, Scope]),
    ...REGION_ROLES.map((r) => [`${r}.qihe`, 'other_county'] as [string, Scope]),
  ];
  const out: MatrixActor[] = [
    { name: 'anonymous', scope: 'none', role: 'anonymous', client: t.anonymous(), actor: null },
    {
      name: 'resident.applicant',
      scope: 'resident',
      role: 'resident',
      client: await t.resident(APPLICANT_PHONE),
      actor: { role: 'resident', userId: null, unitId: null, scopeCode: null },
    },
    {
      name: 'resident.stranger',
      scope: 'resident',
      role: 'resident',
      client: await t.resident('13700004444'),
      actor: { role: 'resident', userId: null, unitId: null, scopeCode: null },
    },
  ];
  for (const [i, [username, scope]] of plan.entries()) {
    const client = await staffClient(t, username, i + 1);
    const user = (await client.get('/api/me')).json().user;
    // a grid worker or security member works below the township: the "child" of its scope
    const s: Scope = scope === 'own' && /^(grid|security)\./.test(username) ? 'child' : scope;
    out.push({
      name: username,
      scope: s,
      role: user.role,
      client,
      actor: { role: user.role, userId: user.id, unitId: user.unitId, scopeCode: user.scopeCode },
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Fixtures

export const STATES = ['registered', 'assigned', 'in_progress', 'concluded', 'archived'] as const;
export type FixtureState = (typeof STATES)[number];

export interface World {
  cases: Record<FixtureState, { id: string; partyId: string; snapshot: CaseSnapshot }>;
  /** a case in 晏北街道 (齐河县), foreign to 神头镇's staff */
  foreignCase: string;
  attachmentId: string;
  resident: string;
  house: string;
  organization: string;
  gridReport: string;
  gridUpload: string;
  gridPlan: string;
  gridWorker: string;
  grid: string;
  center: string;
  mediationUnit: string;
  justiceUnit: string;
  webhook: string;
}

async function act(c: Client, id: string, body: Record<string, unknown>) {
  const { version } = (await c.get(`/api/cases/${id}`)).json();
  const res = await c.post(`/api/cases/${id}/transitions`, { version, ...body });
  expect(res.statusCode, `${String(body.action)}: ${res.body}`).toBe(200);
}

export async function snapshotFor(t: TestApp, id: string): Promise<CaseSnapshot> {
  const row = await t.db.kysely
    .selectFrom('cases')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const links = await t.db.kysely
    .selectFrom('case_units')
    .select(['unit_id', 'relation'])
    .where('case_id', '=', id)
    .execute();
  return snapshotOf(row, links);
}

/** Builds the fixtures through the API, as their users would. */
export async function buildWorld(t: TestApp, by: (name: string) => Client): Promise<World> {
  const clerk = by('clerk.shentou');
  const dispatcher = by('dispatcher.shentou');
  const mediator = by('mediator.shentou');
  const grid = by('grid.shentou');
  const gridMe = (await grid.get('/api/me')).json().user;
  const village = (gridMe.scopeCode as string).slice(0, 12);
  const mediationUnit = await t.unitId('371403105-people-mediation');
  const justiceUnit = await t.unitId('371403105-justice');
  const register = async (regionCode: string, c = clerk) => {
    const res = await c.post('/api/cases', buildRegistration({ regionCode }));
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const cases = {} as World['cases'];
  for (const state of STATES) {
    const id = await register(village);
    if (state !== 'registered') await act(dispatcher, id, { action: 'assign', unitId: mediationUnit });
    if (state === 'in_progress' || state === 'concluded' || state === 'archived')
      await act(mediator, id, { action: 'accept' });
    if (state === 'concluded' || state === 'archived')
      await act(mediator, id, { action: 'conclude', outcome: 'mediated_agreement', summary: '达成协议' });
    if (state === 'archived') {
      await act(clerk, id, { action: 'follow_up', satisfaction: 'satisfied' });
      await act(clerk, id, { action: 'archive' });
    }
    const partyId = (await clerk.get(`/api/cases/${id}`)).json().parties[0].id as string;
    cases[state] = { id, partyId, snapshot: await snapshotFor(t, id) };
  }
  const foreignCase = await register('371425002004', by('clerk.yanbei'));
  const up = multipart([{ name: 'file', filename: 'a.png', type: 'image/png', data: PNG }]);
  const att = await clerk.request({
    method: 'POST',
    url: `/api/cases/${cases.in_progress.id}/attachments`,
    payload: up.payload,
    headers: up.headers,
  });
  expect(att.statusCode, att.body).toBe(201);
  const house = await grid.post('/api/base/houses', {
    address: '德州市陵城区神头镇幸福路 1 号院',
    ownerName: '王五',
    ownerPhone: '13522220000',
    occupants: 2,
  });
  expect(house.statusCode, house.body).toBe(201);
  const resident = await grid.post('/api/base/residents', {
    name: '赵六',
    idNumber: makeIdNumber('371403', '19800101', '246'),
    phone: '13911112222',
    address: '德州市陵城区神头镇幸福路 1 号院 2 单元',
    houseId: house.json().id,
    houseRelation: 'owner',
  });
  expect(resident.statusCode, resident.body).toBe(201);
  const org = await grid.post('/api/base/organizations', {
    name: '神头某公司',
    phone: '13933334444',
    address: '德州市陵城区神头镇工业园 9 号',
  });
  expect(org.statusCode, org.body).toBe(201);
  const gridUp = multipart([
    { name: 'clientKey', data: randomUUID() },
    { name: 'file', filename: 'b.png', type: 'image/png', data: PNG },
  ]);
  const upload = await grid.request({
    method: 'POST',
    url: '/api/grid/uploads',
    payload: gridUp.payload,
    headers: gridUp.headers,
  });
  expect(upload.statusCode, upload.body).toBe(201);
  const report = await grid.post('/api/grid/reports', {
    clientKey: randomUUID(),
    type: 'fire',
    description: '楼道堆放杂物',
    regionCode: gridMe.scopeCode,
  });
  expect(report.statusCode, report.body).toBe(201);
  const plan = await dispatcher.post('/api/grid/plans', {
    regionCode: gridMe.scopeCode,
    kind: 'visit',
    title: '每周走访',
    every: 'week',
    count: 3,
  });
  const webhook = await by('sysadmin').post('/api/webhooks', {
    name: 'hook',
    url: 'https://example.org/hook',
    events: ['*'],
  });
  return {
    cases,
    foreignCase,
    attachmentId: att.json().id,
    resident: resident.json().id,
    house: house.json().id,
    organization: org.json().id,
    gridReport: report.json().id,
    gridUpload: upload.json().id,
    gridPlan: plan.statusCode === 201 ? plan.json().id : randomUUID(),
    gridWorker: gridMe.id,
    grid: gridMe.scopeCode,
    center: await t.unitId('371403105-center'),
    mediationUnit,
    justiceUnit,
    webhook: webhook.statusCode === 201 ? webhook.json().id : randomUUID(),
  };
}

// ---------------------------------------------------------------------------------------------
// Requests

const samples = new WeakMap<Schema, Map<string, string>>();

/** A valid instance of a schema (minimal: required members only), deterministic for a seed. */
export function sampleOf(schema: Schema | undefined, name = '', seed = 1): unknown {
  if (!schema) return undefined;
  const key = `${name}|${seed}`;
  const known = samples.get(schema)?.get(key);
  if (known !== undefined) return JSON.parse(known) as unknown;
  const value = sampleFresh(schema, name, seed);
  if (!samples.has(schema)) samples.set(schema, new Map());
  samples.get(schema)!.set(key, JSON.stringify(value ?? null));
  return value;
}

function sampleFresh(schema: Schema | undefined, name: string, seed: number): unknown {
  if (!schema) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.anyOf) {
    const first = schema.anyOf.find((s) => s.type !== 'null') ?? schema.anyOf[0];
    return sampleOf(first, name, seed);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const keys = Object.keys(props);
      const wanted = keys.filter((k) => required.has(k));
      for (const k of keys)
        if (wanted.length < (schema.minProperties ?? 0) && !required.has(k)) wanted.push(k);
      for (const k of wanted) out[k] = sampleOf(props[k], k, seed);
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleOf(schema.items, name, seed));
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
      return Math.min(Math.max(min, 1), schema.maximum ?? Number.MAX_SAFE_INTEGER);
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      return sampleString(schema, name, seed);
    default:
      return {};
  }
}

function sampleString(schema: Schema, name: string, seed: number): string {
  if (schema.format === 'uuid') return randomUUID();
  if (schema.format === 'date-time') return '2026-03-16T02:00:00.000Z';
  if (schema.format === 'date') return '2026-03-16';
  if (schema.format === 'uri' || schema.format === 'url') return 'https://example.org/x';
  if (schema.format === 'email') return 'a@example.org';
  let s: string;
  if (schema.pattern) {
    const re = new RegExp(schema.pattern, 'u');
    const arb = fc
      .stringMatching(re)
      .filter(
        (x) =>
          x.length >= (schema.minLength ?? 0) &&
          x.length <= (schema.maxLength ?? 1000) &&
          ![...x].some((ch) => ch.charCodeAt(0) < 0x20),
      );
    s = fc.sample(arb, { seed, numRuns: 1 })[0]!;
  } else {
    s = /phone/i.test(name) ? '13900001234' : '测试内容abc';
    if (s.length < (schema.minLength ?? 0)) s = s.padEnd(schema.minLength!, '字');
    if (schema.maxLength !== undefined) s = s.slice(0, schema.maxLength);
  }
  return s;
}

/** The real id a path parameter takes in the world, by its name and the route. */
export function fillParams(url: string, w: World, caseId: string, params?: Schema): string {
  return url.replace(/:(\w+)/g, (_, name: string) => {
    const own = params?.properties?.[name];
    if (own?.enum || own?.anyOf) return String(sampleOf(own, name));
    if (name === 'partyId')
      return Object.values(w.cases).find((c) => c.id === caseId)?.partyId ?? randomUUID();
    if (name === 'attachmentId') return w.attachmentId;
    if (name === 'unitId') return url.includes('report-ins') ? w.mediationUnit : w.justiceUnit;
    if (name === 'userId') return w.gridWorker;
    if (name === 'code') return url.startsWith('/api/categories') ? 'neighbor' : w.grid;
    if (name === 'year') return '2026';
    if (name === 'day') return '2026-03-16';
    if (name === 'step') return 'start';
    if (name === 'file') {
      if (url.includes('templates')) return 'residents.csv';
      if (url.includes('requests')) return 'x.json';
      if (url.includes('services')) return 'neighbor.json';
      return `${w.grid}.svg`;
    }
    if (url.startsWith('/api/base/residents')) return w.resident;
    if (url.startsWith('/api/base/houses')) return w.house;
    if (url.startsWith('/api/base/organizations')) return w.organization;
    if (url.startsWith('/api/grid/reports')) return w.gridReport;
    if (url.startsWith('/api/grid/uploads')) return w.gridUpload;
    if (url.startsWith('/api/grid/plans')) return w.gridPlan;
    if (url.startsWith('/api/centers')) return w.center;
    if (url.startsWith('/api/webhooks')) return w.webhook;
    if (url.startsWith('/api/cases') || url.startsWith('/api/resident/cases')) return caseId;
    return randomUUID();
  });
}

/** A request for the route that passes its schema: path ids from the world, query and body sampled. */
export function requestFor(r: RouteInfo, w: World, caseId: string, seed = 1): InjectOptions {
  const url = fillParams(r.url, w, caseId, r.schema.params);
  const query = sampleOf(r.schema.querystring, '', seed) as Record<string, unknown> | undefined;
  const qs =
    query && Object.keys(query).length
      ? '?' + new URLSearchParams(query as Record<string, string>).toString()
      : '';
  const opts: InjectOptions = { method: r.method as InjectOptions['method'], url: url + qs };
  if (MULTIPART.has(r.key)) {
    const m = multipart([
      { name: 'clientKey', data: randomUUID() },
      { name: 'file', filename: 'x.png', type: 'image/png', data: PNG },
    ]);
    opts.payload = m.payload;
    opts.headers = m.headers;
  } else if (r.method !== 'GET' && r.method !== 'DELETE') {
    opts.payload = (sampleOf(r.schema.body, '', seed) ?? {}) as InjectOptions['payload'];
  }
  return opts;
}

/** Routes whose body is a file upload (no JSON schema). */
export const MULTIPART = new Set([
  'POST /api/cases/:id/attachments',
  'POST /api/grid/uploads',
  'POST /api/imports',
]);
