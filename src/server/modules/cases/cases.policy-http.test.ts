// The HTTP routes agree with the policy table: for every demo account and a set of cases in varied
// situations, the relations the core computes (relationsOf) predict each answer — detail 200/404,
// listing membership, unmask 404/403/200, and a transition's 404 (may not read), 403 (may not act)
// or 409 (stale version) — and none of these attempts changes a case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  STAFF_ROLES,
  type CaseSnapshot,
  type Relation,
  type Role,
} from '../../../core/workflow/case-model.js';
import { isAllowed, roleMayEver } from '../../../core/workflow/policy.js';
import { relationsOf, type Actor } from '../../../core/workflow/relations.js';
import { listDemoAccounts } from '../../seed/demo-accounts.js';
import {
  TRANSITIONS,
  listAll,
  loginFrom,
  townshipUnits,
  transitionBody,
  type BodyUnits,
  type Transition,
} from '../../../../test/helpers/authz-kit.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';
import { snapshotOf } from './case-mapper.js';

const STALE = 999_999;
// YIMEN_POLICY_FULL=1 sends every action for every account and case (~14k requests) instead of
// every action per (role, relations) class and a rotating sample for the other accounts.
const FULL = process.env.YIMEN_POLICY_FULL === '1';

interface Account {
  username: string;
  client: Client;
  actor: Actor;
}
interface Built {
  name: string;
  id: string;
  partyId: string;
  units: BodyUnits;
  snapshot: CaseSnapshot;
}

let t: TestApp;
const accounts: Account[] = [];
const cases = new Map<string, Built>();
let versionsAtStart: unknown;
const accountNamed = (u: string) => accounts.find((a) => a.username === u)!;
const byName = (u: string) => accountNamed(u).client;

/** Acts with the current version, as a client would; the case must move. */
async function act(who: string, id: string, body: Record<string, unknown>) {
  const { version } = (await byName(who).get(`/api/cases/${id}`)).json();
  const res = await byName(who).post(`/api/cases/${id}/transitions`, { version, ...body });
  expect(res.statusCode, `${who} ${String(body.action)}: ${res.body}`).toBe(200);
}

type Step = [username: string, body: Record<string, unknown>];
interface Situation {
  name: string;
  by: string;
  /** the case's place, given the grids of grid.shentou and grid.yanbei */
  place: (g: { shentou: string; yanbei: string }) => string;
  steps: (unit: (code: string) => Promise<string>, village: string) => Promise<Step[]>;
}
const assign = async (u: (code: string) => Promise<string>): Promise<Step> => [
  'dispatcher.shentou',
  { action: 'assign', unitId: await u('371403105-people-mediation') },
];
const accept: Step = ['mediator.shentou', { action: 'accept' }];
const conclude: Step = [
  'mediator.shentou',
  { action: 'conclude', outcome: 'mediation_failed', summary: '调解不成', guidance: 'litigation' },
];
const inVillage = (g: { shentou: string }) => g.shentou.slice(0, 12);

/** The cases, each walked over HTTP to its situation. */
const SITUATIONS: Situation[] = [
  { name: 'registered', by: 'clerk.shentou', place: inVillage, steps: async () => [] },
  {
    name: 'assigned to a township unit',
    by: 'clerk.shentou',
    place: inVillage,
    steps: async (u) => [await assign(u)],
  },
  {
    name: 'in progress with a co-handler',
    by: 'clerk.shentou',
    place: inVillage,
    steps: async (u) => [
      await assign(u),
      accept,
      ['dispatcher.shentou', { action: 'add_co_handler', unitId: await u('371403105-justice') }],
    ],
  },
  {
    name: 'escalated with a summoned department',
    by: 'clerk.shentou',
    place: inVillage,
    steps: async (u) => [
      await assign(u),
      accept,
      [
        'mediator.shentou',
        { action: 'escalate', departmentUnitIds: [await u('371403-hrss')], reason: '需县人社局参与' },
      ],
    ],
  },
  {
    name: 'concluded',
    by: 'clerk.shentou',
    place: inVillage,
    steps: async (u) => [await assign(u), accept, conclude],
  },
  {
    name: 'followed up unsatisfied',
    by: 'clerk.shentou',
    place: inVillage,
    steps: async (u) => [
      await assign(u),
      accept,
      conclude,
      ['clerk.shentou', { action: 'follow_up', satisfaction: 'unsatisfied' }],
    ],
  },
  {
    name: 'handled at village level in the grid',
    by: 'grid.shentou',
    place: (g) => g.shentou,
    steps: async () => [['grid.shentou', { action: 'accept' }]],
  },
  {
    name: 'assigned to a village committee outside its grid',
    by: 'clerk.shentou',
    place: inVillage,
    steps: async (u, village) => [
      ['dispatcher.shentou', { action: 'assign', unitId: await u(`${village}-committee`) }],
    ],
  },
  {
    name: 'registered by the county, rejection awaiting ruling',
    by: 'clerk.lingcheng',
    place: inVillage,
    steps: async (u) => [
      ['dispatcher.lingcheng', { action: 'assign', unitId: await u('371403-labor-mediation') }],
      ['mediator.lingcheng', { action: 'reject', reason: '不属于劳动争议' }],
    ],
  },
  {
    name: 'in another county with a county co-handler',
    by: 'clerk.yanbei',
    place: (g) => g.yanbei,
    steps: async (u) => [
      ['dispatcher.yanbei', { action: 'assign', unitId: await u('371425002-people-mediation') }],
      ['mediator.yanbei', { action: 'accept' }],
      ['mediator.yanbei', { action: 'add_co_handler', unitId: await u('371425-hrss') }],
    ],
  },
  {
    name: 'registered by the city and handled by city units',
    by: 'dispatcher.dezhou',
    place: () => '371402001021',
    steps: async (u) => [
      ['dispatcher.dezhou', { action: 'assign', unitId: await u('3714-justice') }],
      ['dept.dezhou', { action: 'accept' }],
      ['dept.dezhou', { action: 'add_co_handler', unitId: await u('3714-joint-mediation') }],
    ],
  },
];

/** Where a valid escalation goes from each level: departments stationed one level up. */
const ESCALATE_TO = { village: 'justice', township: 'hrss', county: 'justice', city: 'hrss' } as const;

beforeAll(async () => {
  t = await createTestApp();
  const demo = await listDemoAccounts(t.db.kysely);
  for (const [i, d] of demo.entries()) {
    const client = await loginFrom(t, d.username, i + 1, 2);
    const user = (await client.get('/api/me')).json().user;
    accounts.push({
      username: d.username,
      client,
      actor: { role: user.role, userId: user.id, unitId: user.unitId, scopeCode: user.scopeCode },
    });
  }
  accounts.sort((a, b) => a.username.localeCompare(b.username));
  const grids = {
    shentou: accountNamed('grid.shentou').actor.scopeCode!,
    yanbei: accountNamed('grid.yanbei').actor.scopeCode!,
  };
  const u = (code: string) => t.unitId(code);
  for (const s of SITUATIONS) {
    const regionCode = s.place(grids);
    const res = await byName(s.by).post(
      '/api/cases',
      buildRegistration({ regionCode, title: s.name, channel: s.by.startsWith('grid') ? 'grid' : 'window' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    for (const [who, body] of await s.steps(u, grids.shentou.slice(0, 12))) await act(who, id, body);
    const db = t.db.kysely;
    const party = await db
      .selectFrom('parties')
      .select('id')
      .where('case_id', '=', id)
      .where('role', '=', 'applicant')
      .executeTakeFirstOrThrow();
    const { handling_level } = await db
      .selectFrom('cases')
      .select('handling_level')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const township = regionCode.slice(0, 9);
    const upCode = {
      village: township,
      township: regionCode.slice(0, 6),
      county: regionCode.slice(0, 4),
      city: regionCode.slice(0, 6),
    }[handling_level];
    const built: Omit<Built, 'snapshot'> = {
      name: s.name,
      id,
      partyId: party.id,
      units: await townshipUnits(t, township, `${upCode}-${ESCALATE_TO[handling_level]}`),
    };
    cases.set(s.name, { ...built, snapshot: await snapshotFor(id) });
  }
  versionsAtStart = await caseState();
});
afterAll(async () => t?.close());

/** What must not move: each case's version and ledger head, its unit links, the ledger, case audit rows. */
async function caseState() {
  const db = t.db.kysely;
  const n = (q: Promise<{ n: string }>) => q.then((r) => r.n);
  return {
    cases: await db
      .selectFrom('cases')
      .select(['id', 'version', 'last_hash', 'state'])
      .orderBy('id')
      .execute(),
    links: await db
      .selectFrom('case_units')
      .select(['case_id', 'unit_id', 'relation'])
      .orderBy('case_id')
      .orderBy('unit_id')
      .execute(),
    events: await n(
      db
        .selectFrom('case_events')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
    // refused transitions are not audited (only a refused unmask is): no case.* row may appear
    caseAudit: await n(
      db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('action', 'like', 'case.%')
        .executeTakeFirstOrThrow(),
    ),
  };
}

/** The case as the workflow sees it, from the stored row and links (read once: no case moves). */
async function snapshotFor(id: string): Promise<CaseSnapshot> {
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
/** The caller's relations to the case as the core computes them. */
const relationsTo = (a: Account, c: Built): Relation[] => relationsOf(a.actor, c.snapshot);

const expectedTransition = (role: Role, action: Transition, rels: Relation[]) =>
  !isAllowed(role, 'read', rels) ? 404 : !isAllowed(role, action, rels) ? 403 : 409;
const classOf = (a: Account, rels: Relation[]) => `${a.actor.role}|${[...rels].sort().join(',')}`;
/** What the run went through: answers per action, relations and (role, relations) classes. */
const seen = { answers: new Set<string>(), relations: new Set<Relation>(), classes: new Set<string>() };

/**
 * What each account tries on case number i. Every account reads it. One account of each
 * (role, relations) class — a different one from case to case — sends every action; the others
 * send one, rotating. A 404 does not depend on the action, so an unreadable class sends a quarter
 * of them (a different quarter on each case); unreadable non-representatives skip the unmask.
 */
function planFor(c: Built, i: number) {
  const withRels = accounts.map((a) => ({ a, rels: relationsTo(a, c) }));
  return withRels.map(({ a, rels }, k) => {
    const members = withRels.filter((x) => classOf(x.a, x.rels) === classOf(a, rels));
    const representative = members[i % members.length]!.a === a;
    const readable = isAllowed(a.actor.role, 'read', rels);
    const actions =
      FULL || (representative && readable)
        ? TRANSITIONS
        : representative
          ? TRANSITIONS.filter((_, j) => j % 4 === i % 4)
          : [TRANSITIONS[(k + i) % TRANSITIONS.length]!];
    return { a, rels, actions, unmask: FULL || readable || representative };
  });
}

/** Runs fn over items, a few at a time (PostgreSQL serves them concurrently; PGlite queues them). */
async function inParallel<T>(items: T[], fn: (item: T) => Promise<void>, width = 6): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  // let every worker finish before failing, so no stray request lands in the next test
  const failed = (await Promise.allSettled(Array.from({ length: width }, worker))).find(
    (r) => r.status === 'rejected',
  );
  if (failed) throw failed.reason;
}

describe('the HTTP routes agree with the policy table', () => {
  it('builds cases whose relations cover lead, co-handler, summoned, owner and in-scope', async () => {
    for (const c of cases.values()) {
      for (const a of accounts) for (const r of relationsTo(a, c)) seen.relations.add(r);
    }
    expect([...seen.relations].sort()).toEqual([
      'co_handler',
      'in_scope',
      'lead',
      'none',
      'owner',
      'summoned',
    ]);
    // anchors: the computation of relations is itself what the story says
    const rels = (u: string, name: string) => relationsTo(accountNamed(u), cases.get(name)!).sort();
    expect(rels('dept.lingcheng', 'escalated with a summoned department')).toEqual(['summoned']);
    expect(rels('dept.shentou', 'in progress with a co-handler')).toEqual(['co_handler']);
    expect(rels('clerk.shentou', 'registered')).toEqual(['in_scope', 'owner']);
    expect(rels('grid.shentou', 'assigned to a village committee outside its grid')).toEqual(['lead']);
    expect(rels('leader.dezhou', 'in another county with a county co-handler')).toEqual(['in_scope']);
  });

  for (const [i, { name }] of SITUATIONS.entries()) {
    it(`${name}: detail, unmask and every transition answer as the table says`, async () => {
      const c = cases.get(name)!;
      const before = await piiCounts();
      const tally = { unmasked: 0, refused: 0 };
      await inParallel(planFor(c, i), async ({ a, rels, actions, unmask }) => {
        const role = a.actor.role;
        const readable = isAllowed(role, 'read', rels);
        const who = `${a.username} on ${c.name} [${rels}]`;
        seen.classes.add(classOf(a, rels));
        const detail = await a.client.get(`/api/cases/${c.id}`);
        expect(detail.statusCode, `${who} reads`).toBe(readable ? 200 : 404);
        if (readable) expect([...detail.json().relations].sort(), who).toEqual([...rels].sort());

        if (unmask) {
          const res = await a.client.post(`/api/cases/${c.id}/parties/${c.partyId}/unmask`, {
            field: 'phone',
            reason: '电话回访核实',
          });
          const want = !readable ? 404 : isAllowed(role, 'unmask', rels) ? 200 : 403;
          expect(res.statusCode, `${who} unmasks: ${res.body}`).toBe(want);
          if (want === 200) expect(res.json()).toEqual({ field: 'phone', value: '13812345678' });
          else expect(res.body).not.toContain('13812345678');
          if (want === 200) tally.unmasked++;
          if (want === 403) tally.refused++;
        }
        for (const action of actions) {
          const res = await a.client.post(
            `/api/cases/${c.id}/transitions`,
            transitionBody(action, c.units, STALE),
          );
          const want = expectedTransition(role, action, rels);
          expect(res.statusCode, `${who} ${action}: ${res.body}`).toBe(want);
          seen.answers.add(`${action} ${want}`);
        }
      });
      // every clear read is on file (access log and audit), and so is every refusal
      const after = await piiCounts();
      expect(after.access - before.access).toBe(tally.unmasked);
      expect(after.success - before.success).toBe(tally.unmasked);
      expect(after.denied - before.denied).toBe(tally.refused);
    });
  }

  it('lists, paging with the cursor, exactly the cases the table lets each account read', async () => {
    for (const a of accounts) {
      const expected: string[] = [];
      for (const c of cases.values())
        if (isAllowed(a.actor.role, 'read', relationsTo(a, c))) expected.push(c.id);
      if (!roleMayEver(a.actor.role, 'read')) {
        expect((await a.client.get('/api/cases')).statusCode, a.username).toBe(403);
        expect(expected).toEqual([]);
        continue;
      }
      expect((await listAll(a.client)).sort(), a.username).toEqual(expected.sort());
    }
  });

  it('changed no case, and exercised every answer and every role of the demo accounts', async () => {
    expect(await caseState()).toEqual(versionsAtStart);
    // every action was refused (404 and 403) and let through to the version check (409) somewhere
    expect([...seen.answers].sort()).toEqual(
      TRANSITIONS.flatMap((a) => [`${a} 403`, `${a} 404`, `${a} 409`]).sort(),
    );
    const roles = new Set([...seen.classes].map((k) => k.split('|')[0]));
    expect([...roles].sort()).toEqual([...STAFF_ROLES].sort());
  });
});

async function piiCounts() {
  const n = async (q: Promise<{ n: string }>) => Number((await q).n);
  const db = t.db.kysely;
  const audit = (result: 'success' | 'denied') =>
    db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', 'pii.unmask')
      .where('result', '=', result)
      .executeTakeFirstOrThrow();
  return {
    access: await n(
      db
        .selectFrom('pii_access_log')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
    success: await n(audit('success')),
    denied: await n(audit('denied')),
  };
}
