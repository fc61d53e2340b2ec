// Who sees what over HTTP: two townships in different counties (神头镇 in 陵城区, 晏北街道 in 齐河县)
// never see, find or touch each other's cases (404, never 403: existence must not leak); their
// counties see their own side, the city sees both, departments see what their unit is linked to,
// and the three administrators see no case at all.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, type Action } from '../../../core/workflow/policy.js';
import { DEMO_PASSWORD } from '../../seed/demo-accounts.js';
import { buildRegistration, createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';

let t: TestApp;
const users = new Map<string, Client>();
const as = (username: string) => users.get(username)!;

// The log-in route allows 10 attempts a minute per address: each account signs in from its own.
async function signIn(username: string, n: number): Promise<Client> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
    remoteAddress: `10.1.${n >> 8}.${n & 255}`,
  });
  expect(res.statusCode, `${username}: ${res.body}`).toBe(200);
  const c: Client = {
    cookie: res.cookies.map((k) => `${k.name}=${k.value}`).join('; '),
    csrf: res.json().csrfToken,
    request: (opts) => t.app.inject({ ...opts, headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, ...(opts.headers ?? {}) } }),
    get: (url, headers) => c.request({ method: 'GET', url, headers }),
    post: (url, payload, headers) => c.request({ method: 'POST', url, payload: payload as string, headers }),
  };
  return c;
}

interface Place {
  slug: 'shentou' | 'yanbei';
  township: string;
  county: string;
  /** the grid of grid.<slug>, and its village */
  grid: string;
  village: string;
  /** in the grid, and in the township outside the grid */
  inGrid: Created;
  outsideGrid: Created;
  attachmentId: string;
  partyId: string;
}
interface Created {
  id: string;
  caseNo: string;
  title: string;
}
const places = {} as Record<'shentou' | 'yanbei', Place>;
const other = (slug: 'shentou' | 'yanbei') => places[slug === 'shentou' ? 'yanbei' : 'shentou'];

const TOWNSHIP_ROLES = ['clerk', 'dispatcher', 'leader', 'supervisor', 'grid', 'security'] as const;
const ACCOUNTS = [
  ...TOWNSHIP_ROLES.flatMap((r) => [`${r}.shentou`, `${r}.yanbei`]),
  ...['mediator', 'dept'].flatMap((r) => [`${r}.shentou`, `${r}.yanbei`, `${r}.lingcheng`, `${r}.qihe`]),
  'clerk.lingcheng', 'leader.lingcheng', 'clerk.qihe', 'leader.qihe', 'leader.dezhou', 'supervisor.dezhou',
  'sysadmin', 'secadmin', 'auditor',
];

async function register(by: string, regionCode: string, title: string): Promise<Created> {
  const res = await as(by).post('/api/cases', buildRegistration({ regionCode, title }));
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id, caseNo: res.json().caseNo, title };
}

function multipart(fileName: string, bytes: Buffer) {
  const boundary = 'yimen-authz-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: image/png\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

beforeAll(async () => {
  t = await createTestApp();
  for (const [i, u] of ACCOUNTS.entries()) users.set(u, await signIn(u, i + 1));
  for (const [slug, township, county] of [['shentou', '371403105', '371403'], ['yanbei', '371425002', '371425']] as const) {
    const grid = (await as(`grid.${slug}`).get('/api/me')).json().user.scopeCode as string;
    const village = grid.slice(0, 12);
    const inGrid = await register(`clerk.${slug}`, grid, `${slug}网格内纠纷`);
    const outsideGrid = await register(`clerk.${slug}`, village, `${slug}村内纠纷`);
    const file = multipart('现场.png', PNG);
    const up = await as(`clerk.${slug}`).post(`/api/cases/${inGrid.id}/attachments`, file.payload, file.headers);
    expect(up.statusCode, up.body).toBe(201);
    const detail = (await as(`clerk.${slug}`).get(`/api/cases/${inGrid.id}`)).json();
    places[slug] = { slug, township, county, grid, village, inGrid, outsideGrid, attachmentId: up.json().id, partyId: detail.parties[0].id };
  }
  expect(places.shentou.grid.startsWith('371403105')).toBe(true);
  expect(places.yanbei.grid.startsWith('371425002')).toBe(true);
});
afterAll(async () => t?.close());

/** Every case the caller's listing yields, paging through with `cursor`. */
async function listAll(who: string, query = ''): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await as(who).get(`/api/cases?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
    ids.push(...body.items.map((i) => i.id));
    cursor = body.nextCursor;
  } while (cursor);
  return ids;
}

const COUNTED = ['cases', 'case_events', 'case_units', 'parties', 'attachments', 'audit_log', 'pii_access_log'] as const;
/** Row counts of everything a request could write, with each case's version and last hash. */
async function footprint() {
  const out: Record<string, unknown> = {};
  for (const table of COUNTED) {
    const row = await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  const jobs = await sql<{ n: string }>`select count(*) as n from ${sql.id(t.db.jobSchema, 'job')}`.execute(t.db.kysely);
  out.jobs = Number(jobs.rows[0]!.n);
  out.versions = await t.db.kysely.selectFrom('cases').select(['id', 'version', 'last_hash']).orderBy('id').execute();
  return out;
}

/** A complete, valid body for each action on a case of `p` (units that exist and fit the place). */
async function bodyFor(action: Exclude<Action, 'register'>, p: Place): Promise<Record<string, unknown>> {
  const unit = (suffix: string) => t.unitId(suffix);
  const bodies: Record<Exclude<Action, 'register'>, () => Promise<Record<string, unknown>>> = {
    assign: async () => ({ unitId: await unit(`${p.township}-people-mediation`), note: '分流交办' }),
    accept: async () => ({}),
    reject: async () => ({ reason: '不属于本单位职责' }),
    rule_rejection: async () => ({ decision: 'uphold', unitId: await unit(`${p.township}-justice`), note: '改派' }),
    transfer: async () => ({ unitId: await unit(`${p.township}-justice`), reason: '转司法所' }),
    add_co_handler: async () => ({ unitId: await unit(`${p.township}-police`) }),
    escalate: async () => ({ departmentUnitIds: [await unit(`${p.county}-hrss`)], reason: '需县级部门参与' }),
    report_in: async () => ({ note: '报到' }),
    handle: async () => ({ note: '上门调解', method: 'visit' }),
    pause_clock: async () => ({ reason: '等待当事人' }),
    resume_clock: async () => ({}),
    request_extension: async () => ({ workingDays: 5, reason: '案情复杂' }),
    rule_extension: async () => ({ approved: true, note: '同意' }),
    conclude: async () => ({ outcome: 'mediated_agreement', summary: '达成协议' }),
    follow_up: async () => ({ satisfaction: 'satisfied' }),
    reopen: async () => ({ reason: '重新办理' }),
    archive: async () => ({}),
    withdraw: async () => ({ reason: '自行和解' }),
    decline: async () => ({ legalGround: '已进入诉讼程序', guidance: 'litigation' }),
  };
  return { action, ...(await bodies[action]()) };
}
const TRANSITIONS = ACTIONS.filter((a): a is Exclude<Action, 'register'> => a !== 'register');

/** Asserts the caller gets 404 on every route of the case, alike for a case id that does not exist. */
async function expectInvisible(who: string, c: Created) {
  const res = await as(who).get(`/api/cases/${c.id}`);
  const ghost = await as(who).get(`/api/cases/${randomUUID()}`);
  expect(res.statusCode, `${who} reads ${c.caseNo}`).toBe(404);
  expect(ghost.statusCode).toBe(404);
  expect(res.json()).toEqual(ghost.json());
  expect(await listAll(who), `${who} lists ${c.caseNo}`).not.toContain(c.id);
}

describe('two townships in different counties', () => {
  for (const slug of ['shentou', 'yanbei'] as const) {
    for (const role of TOWNSHIP_ROLES) {
      const who = `${role}.${slug}`;
      const gridOnly = role === 'grid' || role === 'security';

      it(`${who} lists its own cases and none of the other township's, whatever the filters`, async () => {
        const mine = places[slug];
        const theirs = other(slug);
        const all = await listAll(who);
        expect(all).toContain(mine.inGrid.id);
        expect(all.includes(mine.outsideGrid.id)).toBe(!gridOnly);
        for (const c of [theirs.inGrid, theirs.outsideGrid]) {
          expect(all).not.toContain(c.id);
          for (const q of [
            `&region=${theirs.township}`, `&region=${theirs.grid}`, `&region=${theirs.county}`,
            `&q=${encodeURIComponent(c.caseNo)}`, `&q=${encodeURIComponent(c.title)}`,
            `&unit=${await t.unitId(`${theirs.township}-center`)}`, '&state=registered',
          ]) {
            expect(await listAll(who, q), `${who} ${q}`).not.toContain(c.id);
          }
        }
        // the same filters do find one's own case, so the test above can fail
        expect(await listAll(who, `&q=${encodeURIComponent(mine.inGrid.caseNo)}`)).toEqual([mine.inGrid.id]);
        expect(await listAll(who, `&region=${mine.grid}`)).toEqual([mine.inGrid.id]);
      });

      it(`${who} reads neither the other township's cases nor a random id: both 404 alike`, async () => {
        expect((await as(who).get(`/api/cases/${places[slug].inGrid.id}`)).statusCode).toBe(200);
        for (const c of [other(slug).inGrid, other(slug).outsideGrid]) await expectInvisible(who, c);
      });

      it(`${who} cannot act on the other township's case with any action, and nothing is written`, async () => {
        const target = other(slug).inGrid;
        const before = await footprint();
        const { version } = await t.db.kysely.selectFrom('cases').select('version').where('id', '=', target.id).executeTakeFirstOrThrow();
        for (const action of TRANSITIONS) {
          const res = await as(who).post(`/api/cases/${target.id}/transitions`, { version, ...(await bodyFor(action, other(slug))) });
          expect(res.statusCode, `${who} ${action}: ${res.body}`).toBe(404);
        }
        expect(await footprint()).toEqual(before);
      });

      it(`${who} can neither attach, download nor unmask on the other township's case`, async () => {
        const p = other(slug);
        const before = await footprint();
        const file = multipart('证据.png', PNG);
        const up = await as(who).post(`/api/cases/${p.inGrid.id}/attachments`, file.payload, file.headers);
        expect(up.statusCode, up.body).toBe(404);
        expect((await as(who).get(`/api/cases/${p.inGrid.id}/attachments/${p.attachmentId}`)).statusCode).toBe(404);
        for (const field of ['phone', 'id_number', 'address']) {
          const res = await as(who).post(`/api/cases/${p.inGrid.id}/parties/${p.partyId}/unmask`, { field, reason: '核实身份' });
          expect(res.statusCode, res.body).toBe(404);
          expect(res.body).not.toContain('138');
        }
        // a 404 is not a refusal on file: no audit row, no access-log row, no file
        expect(await footprint()).toEqual(before);
      });
    }
  }

  it('a grid worker sees the cases of their grid only, not the rest of their village', async () => {
    for (const slug of ['shentou', 'yanbei'] as const) {
      const p = places[slug];
      // a neighbouring grid: of the same village when it has several, else of the next village
      const grids = await t.db.kysely
        .selectFrom('regions').select('code').where('level', '=', 'grid').where('code', 'like', `${p.township}%`)
        .where('code', '!=', p.grid).orderBy('code').execute();
      const sibling = grids.find((g) => g.code.startsWith(p.village)) ?? grids[0]!;
      const next = await register(`clerk.${slug}`, sibling.code, `${slug}邻近网格纠纷`);
      for (const who of [`grid.${slug}`, `security.${slug}`]) {
        expect((await as(who).get(`/api/cases/${p.inGrid.id}`)).statusCode).toBe(200);
        await expectInvisible(who, p.outsideGrid);
        await expectInvisible(who, next);
        expect(await listAll(who, `&region=${p.village}`)).toEqual([p.inGrid.id]);
      }
    }
  });
});

describe('counties and the city', () => {
  const cases = (slug: 'shentou' | 'yanbei') => [places[slug].inGrid, places[slug].outsideGrid];
  for (const [county, own, foreign] of [['lingcheng', 'shentou', 'yanbei'], ['qihe', 'yanbei', 'shentou']] as const) {
    for (const who of [`clerk.${county}`, `leader.${county}`]) {
      it(`${who} sees its own township's cases and not the other county's`, async () => {
        const all = await listAll(who);
        for (const c of cases(own)) {
          expect(all).toContain(c.id);
          expect((await as(who).get(`/api/cases/${c.id}`)).statusCode).toBe(200);
        }
        for (const c of cases(foreign)) await expectInvisible(who, c);
        expect(await listAll(who, `&region=${places[foreign].township}`)).toEqual([]);
        const target = places[foreign].inGrid;
        const before = await footprint();
        const { version } = await t.db.kysely.selectFrom('cases').select('version').where('id', '=', target.id).executeTakeFirstOrThrow();
        for (const action of ['withdraw', 'assign', 'decline'] as const) {
          const res = await as(who).post(`/api/cases/${target.id}/transitions`, { version, ...(await bodyFor(action, places[foreign])) });
          expect(res.statusCode, `${action}: ${res.body}`).toBe(404);
        }
        expect(await footprint()).toEqual(before);
      });
    }
  }

  for (const who of ['leader.dezhou', 'supervisor.dezhou']) {
    it(`${who} (city) sees the cases of both townships`, async () => {
      const all = await listAll(who);
      for (const c of [...cases('shentou'), ...cases('yanbei')]) {
        expect(all).toContain(c.id);
        expect((await as(who).get(`/api/cases/${c.id}`)).statusCode).toBe(200);
      }
      expect(await listAll(who, `&q=${encodeURIComponent(places.yanbei.inGrid.caseNo)}`)).toEqual([places.yanbei.inGrid.id]);
    });
  }
});

describe('department staff and mediators', () => {
  it('see a case only while their unit is linked to it (lead, co-handler, summoned)', async () => {
    const p = places.shentou;
    const c = await register('clerk.shentou', p.village, '神头镇劳动争议');
    const act = async (who: string, body: Record<string, unknown>) => {
      const { version } = (await as(who).get(`/api/cases/${c.id}`)).json();
      const res = await as(who).post(`/api/cases/${c.id}/transitions`, { version, ...body });
      expect(res.statusCode, `${who} ${String(body.action)}: ${res.body}`).toBe(200);
    };
    const UNIT_STAFF = ['mediator.shentou', 'dept.shentou', 'mediator.lingcheng', 'dept.lingcheng', 'mediator.yanbei', 'dept.yanbei', 'mediator.qihe', 'dept.qihe'];
    const expectSeenBy = async (seeing: string[]) => {
      for (const who of UNIT_STAFF) {
        if (!seeing.includes(who)) {
          await expectInvisible(who, c);
          continue;
        }
        expect((await as(who).get(`/api/cases/${c.id}`)).statusCode, who).toBe(200);
        expect(await listAll(who), who).toContain(c.id);
      }
    };
    // registered at the township center: no unit of theirs is linked yet
    await expectSeenBy([]);
    await act('dispatcher.shentou', { action: 'assign', unitId: await t.unitId('371403105-people-mediation') });
    await expectSeenBy(['mediator.shentou']);
    await act('mediator.shentou', { action: 'accept' });
    await act('dispatcher.shentou', { action: 'add_co_handler', unitId: await t.unitId('371403105-justice') });
    await expectSeenBy(['mediator.shentou', 'dept.shentou']);
    await act('mediator.shentou', { action: 'escalate', departmentUnitIds: [await t.unitId('371403-hrss')], reason: '需县人社局参与' });
    await expectSeenBy(['mediator.shentou', 'dept.shentou', 'dept.lingcheng']);
    await act('dept.lingcheng', { action: 'report_in' });
    // the lead hands the case to the county's labor mediation: the former lead loses sight of it
    await act('mediator.shentou', { action: 'transfer', unitId: await t.unitId('371403-labor-mediation'), reason: '劳动争议' });
    await expectSeenBy(['dept.shentou', 'dept.lingcheng', 'mediator.lingcheng']);
  });
});

describe('the three administrators (三员分立)', () => {
  for (const who of ['sysadmin', 'secadmin', 'auditor']) {
    it(`${who} may not list cases and finds none of them`, async () => {
      expect((await as(who).get('/api/cases')).statusCode).toBe(403);
      expect((await as(who).get('/api/cases?region=3714')).statusCode).toBe(403);
      const before = await footprint();
      for (const p of [places.shentou, places.yanbei]) {
        await expectInvisibleToAdmin(who, p);
      }
      expect(await footprint()).toEqual(before);
    });
  }
});

async function expectInvisibleToAdmin(who: string, p: Place) {
  for (const c of [p.inGrid, p.outsideGrid]) expect((await as(who).get(`/api/cases/${c.id}`)).statusCode).toBe(404);
  const { version } = await t.db.kysely.selectFrom('cases').select('version').where('id', '=', p.inGrid.id).executeTakeFirstOrThrow();
  for (const action of TRANSITIONS) {
    const res = await as(who).post(`/api/cases/${p.inGrid.id}/transitions`, { version, ...(await bodyFor(action, p)) });
    expect(res.statusCode, `${action}: ${res.body}`).toBe(404);
  }
  const file = multipart('a.png', PNG);
  expect((await as(who).post(`/api/cases/${p.inGrid.id}/attachments`, file.payload, file.headers)).statusCode).toBe(404);
  expect((await as(who).get(`/api/cases/${p.inGrid.id}/attachments/${p.attachmentId}`)).statusCode).toBe(404);
  const unmask = await as(who).post(`/api/cases/${p.inGrid.id}/parties/${p.partyId}/unmask`, { field: 'phone', reason: '审计抽查' });
  expect(unmask.statusCode).toBe(404);
}
