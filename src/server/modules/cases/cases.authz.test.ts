// Who sees what over HTTP: two townships in different counties (神头镇 in 陵城区, 晏北街道 in 齐河县)
// never see, find or touch each other's cases (404, never 403: existence must not leak); their
// counties see their own side, the city sees both, departments see what their unit is linked to,
// grid workers their grid, and the three administrators no case at all.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TRANSITIONS,
  listAll,
  loginFrom,
  townshipUnits,
  transitionBody,
  type BodyUnits,
} from '../../../../test/helpers/authz-kit.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';

type Slug = 'shentou' | 'yanbei';
interface Created {
  id: string;
  caseNo: string;
  title: string;
}
interface Place {
  township: string;
  county: string;
  /** the grid of grid.<slug>, and its village */
  grid: string;
  village: string;
  inGrid: Created;
  outsideGrid: Created;
  attachmentId: string;
  partyId: string;
  units: BodyUnits;
}

let t: TestApp;
const users = new Map<string, Client>();
const as = (username: string) => users.get(username)!;
const places = {} as Record<Slug, Place>;
const other = (slug: Slug) => places[slug === 'shentou' ? 'yanbei' : 'shentou'];

const TOWNSHIP_ROLES = ['clerk', 'dispatcher', 'leader', 'supervisor', 'grid', 'security'] as const;
const ACCOUNTS = [
  ...TOWNSHIP_ROLES.flatMap((r) => [`${r}.shentou`, `${r}.yanbei`]),
  ...['mediator', 'dept'].flatMap((r) => [`${r}.shentou`, `${r}.yanbei`, `${r}.lingcheng`, `${r}.qihe`]),
  ...[
    'clerk.lingcheng',
    'leader.lingcheng',
    'clerk.qihe',
    'leader.qihe',
    'leader.dezhou',
    'supervisor.dezhou',
  ],
  ...['sysadmin', 'secadmin', 'auditor'],
];
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);

async function register(by: string, regionCode: string, title: string): Promise<Created> {
  const res = await as(by).post('/api/cases', buildRegistration({ regionCode, title }));
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id, caseNo: res.json().caseNo, title };
}

function upload(who: string, caseId: string) {
  const boundary = 'yimen-authz-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scene.png"\r\nContent-Type: image/png\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), PNG, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return as(who).post(`/api/cases/${caseId}/attachments`, payload, {
    'content-type': `multipart/form-data; boundary=${boundary}`,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  for (const [i, u] of ACCOUNTS.entries()) users.set(u, await loginFrom(t, u, i + 1, 1));
  for (const [slug, township, county] of [
    ['shentou', '371403105', '371403'],
    ['yanbei', '371425002', '371425'],
  ] as const) {
    const grid = (await as(`grid.${slug}`).get('/api/me')).json().user.scopeCode as string;
    expect(grid.startsWith(township)).toBe(true);
    const inGrid = await register(`clerk.${slug}`, grid, `${slug}网格内纠纷`);
    const outsideGrid = await register(`clerk.${slug}`, grid.slice(0, 12), `${slug}村内纠纷`);
    const up = await upload(`clerk.${slug}`, inGrid.id);
    expect(up.statusCode, up.body).toBe(201);
    const partyId = (await as(`clerk.${slug}`).get(`/api/cases/${inGrid.id}`)).json().parties[0].id;
    const units = await townshipUnits(t, township, `${county}-hrss`);
    places[slug] = {
      township,
      county,
      grid,
      village: grid.slice(0, 12),
      inGrid,
      outsideGrid,
      attachmentId: up.json().id,
      partyId,
      units,
    };
  }
});
afterAll(async () => t?.close());

const COUNTED = [
  'cases',
  'case_events',
  'case_units',
  'parties',
  'attachments',
  'audit_log',
  'pii_access_log',
] as const;
/** Row counts of everything a request could write, jobs included, and each case's version and ledger head. */
async function footprint() {
  const out: Record<string, unknown> = {};
  for (const table of COUNTED) {
    out[table] = (
      await t.db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  }
  out.jobs = (
    await sql<{ n: string }>`select count(*) as n from ${sql.id(t.db.jobSchema, 'job')}`.execute(t.db.kysely)
  ).rows[0]!.n;
  out.versions = await t.db.kysely
    .selectFrom('cases')
    .select(['id', 'version', 'last_hash'])
    .orderBy('id')
    .execute();
  return out;
}
const versionOf = async (id: string) =>
  (await t.db.kysely.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow())
    .version;

/** The caller gets 404 for the case, exactly as for an id that does not exist, and never lists it. */
async function expectInvisible(who: string, c: Created) {
  const res = await as(who).get(`/api/cases/${c.id}`);
  const ghost = await as(who).get(`/api/cases/${randomUUID()}`);
  expect(res.statusCode, `${who} reads ${c.title}`).toBe(404);
  expect(res.json()).toEqual(ghost.json());
  expect(await listAll(as(who)), `${who} lists ${c.title}`).not.toContain(c.id);
}

describe('two townships in different counties', () => {
  for (const slug of ['shentou', 'yanbei'] as const) {
    for (const who of TOWNSHIP_ROLES.map((r) => `${r}.${slug}`)) {
      const gridOnly = who.startsWith('grid') || who.startsWith('security');

      it(`${who} lists its own cases and none of the other township's, whatever the filters`, async () => {
        const [mine, theirs] = [places[slug], other(slug)];
        const all = await listAll(as(who));
        expect(all).toContain(mine.inGrid.id);
        expect(all.includes(mine.outsideGrid.id)).toBe(!gridOnly);
        const center = await t.unitId(`${theirs.township}-center`);
        for (const c of [theirs.inGrid, theirs.outsideGrid]) {
          expect(all).not.toContain(c.id);
          for (const filter of [
            `&region=${theirs.township}`,
            `&region=${theirs.grid}`,
            `&region=${theirs.county}`,
            '&region=37',
            `&q=${encodeURIComponent(c.caseNo)}`,
            `&q=${encodeURIComponent(c.title)}`,
            `&unit=${center}`,
            '&state=registered',
          ]) {
            expect(await listAll(as(who), filter), `${who} ${filter}`).not.toContain(c.id);
          }
        }
        // the same filters find one's own case, so the assertions above can fail
        expect(await listAll(as(who), `&q=${encodeURIComponent(mine.inGrid.caseNo)}`)).toEqual([
          mine.inGrid.id,
        ]);
        expect(await listAll(as(who), `&region=${mine.grid}`)).toEqual([mine.inGrid.id]);
      });

      it(`${who} reads neither the other township's cases nor a random id: both 404 alike`, async () => {
        expect((await as(who).get(`/api/cases/${places[slug].inGrid.id}`)).statusCode).toBe(200);
        for (const c of [other(slug).inGrid, other(slug).outsideGrid]) await expectInvisible(who, c);
      });

      it(`${who} cannot act on the other township's case with any action, and nothing is written`, async () => {
        const p = other(slug);
        const before = await footprint();
        const version = await versionOf(p.inGrid.id);
        for (const action of TRANSITIONS) {
          const res = await as(who).post(
            `/api/cases/${p.inGrid.id}/transitions`,
            transitionBody(action, p.units, version),
          );
          expect(res.statusCode, `${who} ${action}: ${res.body}`).toBe(404);
        }
        expect(await footprint()).toEqual(before);
      });

      it(`${who} can neither attach, download nor unmask on the other township's case, nor register there`, async () => {
        const p = other(slug);
        const before = await footprint();
        expect((await upload(who, p.inGrid.id)).statusCode).toBe(404);
        expect(
          (await as(who).get(`/api/cases/${p.inGrid.id}/attachments/${p.attachmentId}`)).statusCode,
        ).toBe(404);
        for (const field of ['phone', 'id_number', 'address']) {
          const res = await as(who).post(`/api/cases/${p.inGrid.id}/parties/${p.partyId}/unmask`, {
            field,
            reason: '核实身份',
          });
          expect(res.statusCode, res.body).toBe(404);
        }
        // registering needs the place in one's scope; a refusal here reveals nothing that exists
        expect((await as(who).post('/api/cases', buildRegistration({ regionCode: p.grid }))).statusCode).toBe(
          403,
        );
        // a 404 is not a refusal on file: no audit row, no access-log row, no file, no job
        expect(await footprint()).toEqual(before);
      });
    }
  }

  it("reaches neither the other township's party, file nor units through one's own case", async () => {
    const [mine, theirs] = [places.shentou, places.yanbei];
    const before = await footprint();
    const unmask = await as('clerk.shentou').post(
      `/api/cases/${mine.inGrid.id}/parties/${theirs.partyId}/unmask`,
      { field: 'phone', reason: '核实' },
    );
    expect(unmask.statusCode).toBe(404);
    expect(
      (await as('clerk.shentou').get(`/api/cases/${mine.inGrid.id}/attachments/${theirs.attachmentId}`))
        .statusCode,
    ).toBe(404);
    const version = await versionOf(mine.outsideGrid.id);
    for (const action of ['assign', 'escalate'] as const) {
      const body = transitionBody(action, theirs.units, version);
      const res = await as('dispatcher.shentou').post(`/api/cases/${mine.outsideGrid.id}/transitions`, body);
      expect(res.statusCode, `${action}: ${res.body}`).toBe(422);
    }
    expect(await footprint()).toEqual(before);
  });

  it('a grid worker (and security member) sees the cases of their grid only, not the rest of their village', async () => {
    for (const slug of ['shentou', 'yanbei'] as const) {
      const p = places[slug];
      // a neighbouring grid: of the same village when it has several, else of the next village
      const grids = await t.db.kysely
        .selectFrom('regions')
        .select('code')
        .where('level', '=', 'grid')
        .where('code', 'like', `${p.township}%`)
        .where('code', '!=', p.grid)
        .orderBy('code')
        .execute();
      const neighbour = await register(
        `clerk.${slug}`,
        (grids.find((g) => g.code.startsWith(p.village)) ?? grids[0]!).code,
        '邻近网格纠纷',
      );
      for (const who of [`grid.${slug}`, `security.${slug}`]) {
        expect((await as(who).get(`/api/cases/${p.inGrid.id}`)).statusCode).toBe(200);
        await expectInvisible(who, p.outsideGrid);
        await expectInvisible(who, neighbour);
        expect(await listAll(as(who), `&region=${p.village}`)).toEqual([p.inGrid.id]);
      }
    }
  });
});

describe('counties and the city', () => {
  const both = (slug: Slug) => [places[slug].inGrid, places[slug].outsideGrid];
  for (const [county, own, foreign] of [
    ['lingcheng', 'shentou', 'yanbei'],
    ['qihe', 'yanbei', 'shentou'],
  ] as const) {
    for (const who of [`clerk.${county}`, `leader.${county}`]) {
      it(`${who} sees its own township's cases and not the other county's`, async () => {
        const all = await listAll(as(who));
        for (const c of both(own)) {
          expect(all).toContain(c.id);
          expect((await as(who).get(`/api/cases/${c.id}`)).statusCode).toBe(200);
        }
        for (const c of both(foreign)) await expectInvisible(who, c);
        expect(await listAll(as(who), `&region=${places[foreign].township}`)).toEqual([]);
        const p = places[foreign];
        const before = await footprint();
        const version = await versionOf(p.inGrid.id);
        for (const action of TRANSITIONS) {
          const res = await as(who).post(
            `/api/cases/${p.inGrid.id}/transitions`,
            transitionBody(action, p.units, version),
          );
          expect(res.statusCode, `${action}: ${res.body}`).toBe(404);
        }
        expect(await footprint()).toEqual(before);
      });
    }
  }

  for (const who of ['leader.dezhou', 'supervisor.dezhou']) {
    it(`${who} (city) sees the cases of both townships`, async () => {
      const all = await listAll(as(who));
      for (const c of [...both('shentou'), ...both('yanbei')]) {
        expect(all).toContain(c.id);
        expect((await as(who).get(`/api/cases/${c.id}`)).statusCode).toBe(200);
      }
      expect(await listAll(as(who), `&q=${encodeURIComponent(places.yanbei.inGrid.caseNo)}`)).toEqual([
        places.yanbei.inGrid.id,
      ]);
    });
  }
});

describe('department staff and mediators', () => {
  it('see a case only while their unit is linked to it: lead, co-handler, summoned', async () => {
    const c = await register('clerk.shentou', places.shentou.village, '神头镇劳动争议');
    const act = async (who: string, body: Record<string, unknown>) => {
      const res = await as(who).post(`/api/cases/${c.id}/transitions`, {
        version: await versionOf(c.id),
        ...body,
      });
      expect(res.statusCode, `${who} ${String(body.action)}: ${res.body}`).toBe(200);
    };
    const staff = ['shentou', 'lingcheng', 'yanbei', 'qihe'].flatMap((s) => [`mediator.${s}`, `dept.${s}`]);
    const expectSeenBy = async (seeing: string[]) => {
      for (const who of staff) {
        if (!seeing.includes(who)) await expectInvisible(who, c);
        else {
          expect((await as(who).get(`/api/cases/${c.id}`)).statusCode, who).toBe(200);
          expect(await listAll(as(who)), who).toContain(c.id);
        }
      }
    };
    await expectSeenBy([]); // registered at the township center: no unit of theirs is linked
    await act('dispatcher.shentou', {
      action: 'assign',
      unitId: await t.unitId('371403105-people-mediation'),
    });
    await expectSeenBy(['mediator.shentou']);
    await act('mediator.shentou', { action: 'accept' });
    await act('dispatcher.shentou', {
      action: 'add_co_handler',
      unitId: await t.unitId('371403105-justice'),
    });
    await expectSeenBy(['mediator.shentou', 'dept.shentou']);
    await act('mediator.shentou', {
      action: 'escalate',
      departmentUnitIds: [await t.unitId('371403-hrss')],
      reason: '需县人社局参与',
    });
    await expectSeenBy(['mediator.shentou', 'dept.shentou', 'dept.lingcheng']);
    await act('dept.lingcheng', { action: 'report_in' });
    // the lead hands the case to the county's labor mediation and loses sight of it
    await act('mediator.shentou', {
      action: 'transfer',
      unitId: await t.unitId('371403-labor-mediation'),
      reason: '劳动争议',
    });
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
        for (const c of [p.inGrid, p.outsideGrid])
          expect((await as(who).get(`/api/cases/${c.id}`)).statusCode).toBe(404);
        const version = await versionOf(p.inGrid.id);
        for (const action of TRANSITIONS) {
          const res = await as(who).post(
            `/api/cases/${p.inGrid.id}/transitions`,
            transitionBody(action, p.units, version),
          );
          expect(res.statusCode, `${action}: ${res.body}`).toBe(404);
        }
        expect((await upload(who, p.inGrid.id)).statusCode).toBe(404);
        expect(
          (await as(who).get(`/api/cases/${p.inGrid.id}/attachments/${p.attachmentId}`)).statusCode,
        ).toBe(404);
        const unmask = await as(who).post(`/api/cases/${p.inGrid.id}/parties/${p.partyId}/unmask`, {
          field: 'phone',
          reason: '审计抽查',
        });
        expect(unmask.statusCode).toBe(404);
      }
      expect(await footprint()).toEqual(before);
    });
  }
});
