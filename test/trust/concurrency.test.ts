// Suite 4 of issue 10: many callers fire conflicting transitions at one case at the same version —
// assign against decline, accept against reject, conclude against another step — all at once. On
// PostgreSQL (CI's second lane) they run on separate pooled connections, truly in parallel; on
// PGlite they are serialized by its one connection. Either way: exactly one wins per version, the
// losers get 409 and write nothing, the state is always one of the workflow's, and each case's
// ledger has one event per version with no gap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_STATES } from '../../src/core/workflow/case-model.js';
import { verifyLedger } from '../../src/server/modules/cases/verify-ledger.js';
import { transitionBody, type BodyUnits, type Transition } from '../helpers/authz-kit.js';
import { buildRegistration, createTestApp, type Client, type TestApp } from '../helpers/test-app.js';

const CASES = 6;
const PER_SIDE = 8;

let t: TestApp;
let units: BodyUnits;
const who = new Map<string, Client>();

beforeAll(async () => {
  t = await createTestApp();
  for (const u of ['clerk.shentou', 'dispatcher.shentou', 'mediator.shentou', 'dept.shentou'])
    who.set(u, await t.login(u));
  units = {
    mediation: await t.unitId('371403105-people-mediation'),
    justice: await t.unitId('371403105-justice'),
    police: await t.unitId('371403105-police'),
    above: await t.unitId('371403-hrss'),
  };
}, 120_000);
afterAll(async () => t?.close());

type Shot = [username: string, action: Transition, extra?: Record<string, unknown>];

/**
 * What each side fires in each state (every shot allowed to its caller and valid in the state);
 * once assigned, the staff of whichever unit won the assignment act.
 */
function volley(
  state: string,
  handler: string,
  awaitingRuling: boolean,
  lead: string | null,
  rejectFirst: boolean,
): Shot[] {
  const n = <T>(k: number, x: T): T[] => Array.from({ length: k }, () => x);
  // a rejection that won leaves the case assigned but waiting for the dispatcher's ruling
  if (state === 'assigned' && awaitingRuling) {
    const other = lead === units.justice ? units.mediation : units.justice;
    return [
      ...n(PER_SIDE, ['dispatcher.shentou', 'rule_rejection', { decision: 'uphold', unitId: other }] as Shot),
      ...n(PER_SIDE, ['dispatcher.shentou', 'rule_rejection', { decision: 'overrule' }] as Shot),
    ];
  }
  switch (state) {
    case 'registered':
      return [
        ...n(PER_SIDE, ['dispatcher.shentou', 'assign'] as Shot),
        ...n(PER_SIDE, ['dispatcher.shentou', 'assign', { unitId: units.justice }] as Shot),
        ...n(PER_SIDE / 2, ['clerk.shentou', 'decline'] as Shot),
      ];
    case 'assigned': {
      const accept = n(PER_SIDE, [handler, 'accept'] as Shot);
      const reject = n(PER_SIDE, [handler, 'reject'] as Shot);
      // rejections first at every other case, so that where requests are served in order (PGlite)
      // a rejection wins there and the ruling branch is contested too
      return rejectFirst ? [...reject, ...accept] : [...accept, ...reject];
    }
    case 'in_progress':
      return [
        ...n(PER_SIDE, [
          handler,
          'conclude',
          { outcome: 'mediation_failed', guidance: 'litigation' },
        ] as Shot),
        ...n(PER_SIDE, [handler, 'handle'] as Shot),
      ];
    default:
      return [];
  }
}

const caseRow = (id: string) =>
  t.db.kysely
    .selectFrom('cases')
    .select(['state', 'version', 'lead_unit_id', 'awaiting_ruling'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('conflicting transitions at one case', () => {
  it('let exactly one win per version; the state stays legal and the ledger gapless', async () => {
    const clerk = who.get('clerk.shentou')!;
    const ids: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const res = await clerk.post('/api/cases', buildRegistration({ title: `并发 ${i}` }));
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    }
    let rounds = 0;
    let conflicts = 0;
    let wins = 0;
    // the cases move in parallel too: each round fires every case's volley at once
    for (let round = 0; round < 4; round++) {
      const live = [];
      for (const [i, id] of ids.entries()) {
        const { state, version, lead_unit_id, awaiting_ruling } = await caseRow(id);
        const handler = lead_unit_id === units.justice ? 'dept.shentou' : 'mediator.shentou';
        const shots = volley(state, handler, awaiting_ruling, lead_unit_id, i % 2 === 1);
        if (shots.length) live.push({ id, state, version, shots });
      }
      if (!live.length) break;
      const results = await Promise.all(
        live.map(async (c) => ({
          c,
          answers: await Promise.all(
            c.shots.map(([u, action, extra]) =>
              who.get(u)!.post(`/api/cases/${c.id}/transitions`, {
                ...transitionBody(action, units, c.version),
                ...extra,
              }),
            ),
          ),
        })),
      );
      for (const { c, answers } of results) {
        rounds++;
        const codes = answers.map((a) => a.statusCode);
        const won = codes.filter((s) => s === 200).length;
        expect(
          won,
          `${c.state} v${c.version}: ${JSON.stringify(codes)} ${answers.find((a) => a.statusCode !== 200)?.body}`,
        ).toBe(1);
        expect(codes.every((s) => s === 200 || s === 409)).toBe(true);
        for (const a of answers.filter((x) => x.statusCode === 409))
          expect(a.json().error.code).toBe('case.stale_version');
        wins += won;
        conflicts += codes.length - won;
        const after = await caseRow(c.id);
        expect(after.version).toBe(c.version + 1);
        expect(CASE_STATES).toContain(after.state);
      }
    }
    // one ledger event per version, numbered without gaps, every chain verifying
    for (const id of ids) {
      const { version } = await caseRow(id);
      const seqs = (
        await t.db.kysely
          .selectFrom('case_events')
          .select('seq')
          .where('case_id', '=', id)
          .orderBy('seq')
          .execute()
      ).map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: version }, (_, i) => i + 1));
    }
    const report = await verifyLedger(t.db.kysely, (s) => t.deps.crypto.sm3Hex(s));
    expect(report.problems).toEqual([]);
    console.info(
      `concurrency (${t.db.engine}): ${rounds} contested versions over ${CASES} cases, ${wins} winners, ` +
        `${conflicts} conflicting requests refused with 409, ledger intact`,
    );
    expect(rounds).toBeGreaterThanOrEqual(CASES * 2);
  }, 120_000);
});
