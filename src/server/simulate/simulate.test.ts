// The city simulation at a tiny scale: counts follow the scale, the same seed gives the same rows,
// an interrupted run resumes without duplicates to the same result, personal data is stored
// sealed, the ledgers verify, and the app reads a simulated case like any other.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarFromChineseDays } from '../../core/calendar/chinese-days-source.js';
import { scaled, type CityFigure } from '../../core/simulate/city-year.js';
import type { PiiCrypto } from '../crypto/pii-crypto.js';
import type { Db } from '../db/connection.js';
import { verifyLedger } from '../modules/cases/verify-ledger.js';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.js';
import { createTestDb, type TestDb } from '../../../test/helpers/test-db.js';
import { ensureSimulateTables } from './sim-sink.js';
import { simulate, type SimulateInput } from './simulate.js';

const OPTIONS = { city: '3714', year: 2026, scale: 0.0005, seed: 42 } as const;
// several chunks per stage even at this scale, so that an interruption falls between two
const CHUNKS = {
  accounts: 4,
  cases: 5,
  grid_reports: 400,
  work_items: 1000,
  residents: 1000,
  houses: 500,
  organizations: 100,
};
// the test app's key, so that the app can read what the simulation sealed (and workers get it)
const KEY = randomBytes(32);
let crypto: PiiCrypto;
const calendar = calendarFromChineseDays();

class Interrupted extends Error {}

async function run(db: Db, extra: Partial<SimulateInput> = {}) {
  return simulate({ db, crypto, calendar }, { ...OPTIONS, chunkSizes: CHUNKS, ...extra });
}

const count = async (db: Db, q: string): Promise<number> =>
  Number((await sql<{ n: string }>`${sql.raw(q)}`.execute(db.kysely)).rows[0]!.n);

/** md5 of the key columns of every simulated table, unit ids by their codes (the org's ids differ by database). */
async function digests(db: Db): Promise<Record<string, string>> {
  const agg = (cols: string, from: string, order: string) =>
    `select md5(string_agg(concat_ws('|', ${cols}), ',' order by ${order})) as md5 from ${from}`;
  const queries: Record<string, string> = {
    users: agg(
      'u.id, u.username, u.role, n.code, u.scope_code, u.active',
      `users u join units n on n.id = u.unit_id where u.username like 'sim.%'`,
      'u.id',
    ),
    cases: agg(
      `c.id, c.case_no, c.state, c.version, c.channel, c.category_code, c.region_code, l.code, c.outcome,
       c.satisfaction, c.updated_at, c.deadline_at, c.light, c.reopen_count, c.pending_report_ins`,
      'cases c left join units l on l.id = c.lead_unit_id',
      'c.id',
    ),
    case_events: agg('case_id, seq, action, at, actor_id, to_state', 'case_events', 'case_id, seq'),
    parties: agg('id, name, phone_bidx, id_number_bidx, phone_masked, id_number_masked', 'parties', 'id'),
    conclusions: agg('case_id, seq, concluded_at, deadline_at, on_time', 'case_conclusions', 'case_id, seq'),
    report_in_tasks: agg('id, case_id, status, due_at, reported_at', 'report_in_tasks', 'id'),
    grid_reports: agg(
      'r.id, r.type, r.status, r.region_code, r.reporter_id, n.code, r.concluded_at, r.case_id',
      'grid_reports r left join units n on n.id = r.unit_id',
      'r.id',
    ),
    grid_report_events: agg('report_id, seq, action, at, actor_id', 'grid_report_events', 'report_id, seq'),
    work_items: agg('id, occurred_at, worker_id, kind, note, client_key', 'grid_work_items', 'id'),
    residents: agg(
      'id, region_code, name, id_number_bidx, phone_bidx, id_number_masked, created_by, created_at',
      'base_residents',
      'id',
    ),
    houses: agg('id, address_bidx, owner_name, address_masked', 'base_houses', 'id'),
    organizations: agg('id, name, credit_code', 'base_organizations', 'id'),
  };
  const out: Record<string, string> = {};
  for (const [k, q] of Object.entries(queries)) {
    out[k] = (await sql<{ md5: string }>`${sql.raw(q)}`.execute(db.kysely)).rows[0]!.md5;
  }
  return out;
}

describe('yimen simulate (scale 0.0005, PGlite by default)', () => {
  let t: TestApp;
  let resumed: TestDb;

  beforeAll(async () => {
    t = await createTestApp({ masterKey: KEY });
    crypto = t.deps.crypto;
    resumed = await createTestDb({ organization: true });
    for (const db of [t.db, resumed]) await db.asOwner((owner) => ensureSimulateTables(owner));
    await run(t.db);
  }, 180_000);

  afterAll(async () => {
    await resumed?.close();
    await t?.close();
  });

  it('writes each figure of the city year at the scale asked', async () => {
    const db = t.db;
    const expected = (f: CityFigure) => scaled(f, OPTIONS.scale);
    expect(await count(db, `select count(*) as n from users where username like 'sim.%'`)).toBe(
      expected('accounts'),
    );
    expect(await count(db, 'select count(*) as n from cases')).toBe(expected('disputes'));
    expect(await count(db, 'select count(*) as n from grid_reports')).toBe(expected('gridReports'));
    expect(await count(db, 'select count(*) as n from grid_work_items')).toBe(expected('workItems'));
    expect(await count(db, 'select count(*) as n from base_residents')).toBe(expected('residents'));
    expect(await count(db, 'select count(*) as n from base_houses')).toBe(expected('houses'));
    expect(await count(db, 'select count(*) as n from base_organizations')).toBe(expected('organizations'));
    // disputes from the grid are grid reports linked to their case
    expect(
      await count(
        db,
        `select count(*) as n from grid_reports r join cases c on c.id = r.case_id where r.type = 'dispute'`,
      ),
    ).toBe(await count(db, `select count(*) as n from cases where channel in ('grid', 'patrol')`));
    // each report's trail starts with its report; concluded ones end with a conclusion
    expect(
      await count(
        db,
        `select count(*) as n from grid_reports r where not exists (select 1 from grid_report_events e where e.report_id = r.id and e.seq = 1 and e.action = 'report')`,
      ),
    ).toBe(0);
    // the year lies in 2026 (CST) and the reports are mostly concluded
    expect(
      await count(
        db,
        `select count(*) as n from grid_work_items where occurred_at < '2026-01-01T00:00:00+08' or occurred_at >= '2027-01-01T00:00:00+08'`,
      ),
    ).toBe(0);
    const open = await count(
      db,
      `select count(*) as n from grid_reports where type <> 'dispute' and status <> 'concluded'`,
    );
    expect(open / expected('gridReports')).toBeLessThan(0.02);
  });

  it('chains every simulated case’s ledger and projects it as the workflow does', async () => {
    const report = await verifyLedger(t.db.kysely, (s) => crypto.sm3Hex(s));
    expect(report.cases).toBe(scaled('disputes', OPTIONS.scale));
    expect(report.events).toBeGreaterThan(report.cases * 3);
    expect(report.problems).toEqual([]);
  });

  it('stores personal data sealed: masked, encrypted, blind-indexed, never in clear', async () => {
    const db = t.db;
    const row = (
      await sql<{ id_number_enc: Buffer; phone_enc: Buffer | null; id_number_masked: string }>`
        select id_number_enc, phone_enc, id_number_masked from base_residents where phone_enc is not null limit 1`.execute(
        db.kysely,
      )
    ).rows[0]!;
    const idNumber = crypto.decrypt('id_number', row.id_number_enc);
    const phone = crypto.decrypt('phone', row.phone_enc!);
    expect(idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(phone).toMatch(/^1\d{10}$/);
    expect(row.id_number_masked).toBe(`${idNumber.slice(0, 3)}${'*'.repeat(11)}${idNumber.slice(-4)}`);
    expect(
      await count(
        db,
        `select count(*) as n from base_residents r where row_to_json(r)::text like '%${idNumber}%' or row_to_json(r)::text like '%${phone}%'`,
      ),
    ).toBe(0);
    expect(
      await count(db, `select count(*) as n from base_residents where id_number_bidx !~ '^[0-9a-f]{64}$'`),
    ).toBe(0);
    const party = (
      await sql<{ id_number_enc: Buffer }>`select id_number_enc from parties limit 1`.execute(db.kysely)
    ).rows[0]!;
    const partyId = crypto.decrypt('id_number', party.id_number_enc);
    expect(
      await count(db, `select count(*) as n from parties p where row_to_json(p)::text like '%${partyId}%'`),
    ).toBe(0);
  });

  it('resumes an interrupted run without duplicates, to the same rows as an uninterrupted one', async () => {
    // a stop after the second chunk of cases has committed
    await expect(
      run(resumed, {
        hooks: {
          afterChunk: (stage, chunk) => {
            if (stage === 'cases' && chunk === 1) throw new Interrupted();
          },
        },
      }),
    ).rejects.toThrow(Interrupted);
    expect(await count(resumed, 'select count(*) as n from cases')).toBe(2 * CHUNKS.cases);
    // a failure inside a chunk of work items: that chunk rolls back whole
    await expect(
      run(resumed, {
        hooks: {
          beforeCommit: (stage, chunk) => {
            if (stage === 'work_items' && chunk === 2) throw new Interrupted();
          },
        },
      }),
    ).rejects.toThrow(Interrupted);
    expect(await count(resumed, 'select count(*) as n from grid_work_items')).toBe(2 * CHUNKS.work_items);
    // the rest with the base information made on worker threads: the same rows as on the main thread
    const report = await run(resumed, { sealWorkers: 1, masterKey: KEY });
    expect(report.cases.resumedChunks).toBe(Math.ceil(scaled('disputes', OPTIONS.scale) / CHUNKS.cases));
    expect(report.work_items.resumedChunks).toBe(2);
    expect(await digests(resumed)).toEqual(await digests(t.db));
  }, 180_000);

  it('refuses to lay a different simulation over the one a database holds', async () => {
    await expect(simulate({ db: t.db, crypto, calendar }, { ...OPTIONS, seed: 43 })).rejects.toThrow(
      /holds a simulation of city 3714, year 2026, scale 0.0005, seed 42/,
    );
  });

  it('serves a simulated case through the API like any other', async () => {
    const c = (
      await sql<{ id: string; case_no: string; state: string }>`
        select id, case_no, state from cases where state = 'archived' order by id limit 1`.execute(
        t.db.kysely,
      )
    ).rows[0]!;
    const clerk = await t.login('clerk.dezhou');
    const res = await clerk.get(`/api/cases/${c.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: c.id, caseNo: c.case_no, state: 'archived' });
    expect(res.json().parties.length).toBeGreaterThanOrEqual(2);
  });
});
