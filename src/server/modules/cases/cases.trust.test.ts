import { execFileSync } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../core/pii/validation.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';
import { withTransaction } from '../../db/transaction.js';
import type { AuthContext } from '../auth/auth.service.js';
import { registerCaseInTx } from './register-case.js';
import { verifyLedger } from './verify-ledger.js';

let t: TestApp;
let clerk: Client;

beforeAll(async () => {
  t = await createTestApp();
  clerk = await t.login('clerk.shentou');
});
afterAll(async () => t?.close());

const count = async (table: 'cases' | 'case_events' | 'audit_log' | 'parties') => {
  const row = await t.db.kysely
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
};
const jobCount = async () => {
  const { rows } = await sql<{
    n: string;
  }>`select count(*) as n from ${sql.id(t.db.jobSchema, 'job')}`.execute(t.db.kysely);
  return Number(rows[0]!.n);
};

describe('a registration is all or nothing', () => {
  it('leaves no case, ledger entry, audit row or job behind when its transaction rolls back', async () => {
    const before = {
      cases: await count('cases'),
      events: await count('case_events'),
      audit: await count('audit_log'),
      jobs: await jobCount(),
    };
    const me = await clerk.get('/api/me');
    const user = me.json().user;
    const auth: AuthContext = {
      kind: 'staff',
      user,
      tokenHash: '',
      actor: { role: user.role, userId: user.id, unitId: user.unitId, scopeCode: user.scopeCode },
    };
    let createdId = '';
    await expect(
      withTransaction(t.db, async (trx) => {
        const created = await registerCaseInTx(trx, t.deps, auth, buildRegistration() as never, '127.0.0.1');
        createdId = created.id;
        // inside the transaction everything exists, including the job
        const { rows } = await sql<{
          n: string;
        }>`select count(*) as n from ${sql.id(t.db.jobSchema, 'job')}`.execute(trx);
        expect(Number(rows[0]!.n)).toBe(before.jobs + 1);
        throw new Error('the caller fails after registering');
      }),
    ).rejects.toThrow('the caller fails');
    expect(createdId).not.toBe('');
    expect(await count('cases')).toBe(before.cases);
    expect(await count('case_events')).toBe(before.events);
    expect(await count('audit_log')).toBe(before.audit);
    expect(await jobCount()).toBe(before.jobs);
    // and the same registration committed does write all four
    const res = await clerk.post('/api/cases', buildRegistration());
    expect(res.statusCode).toBe(201);
    expect(await count('cases')).toBe(before.cases + 1);
    expect(await count('case_events')).toBe(before.events + 1);
    expect(await count('audit_log')).toBe(before.audit + 1);
    expect(await jobCount()).toBe(before.jobs + 1);
  });
});

/** PostgreSQL: pg_dump of both schemas. PGlite: every row of every table as text. */
async function rawDump(): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(t.db.kysely);
  const schema = rows[0]!.schema;
  if (t.db.engine === 'postgres') {
    return execFileSync('pg_dump', ['--data-only', '-n', schema, '-n', t.db.jobSchema, t.db.adminUrl!], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
  }
  const { rows: tables } = await sql<{ name: string }>`
    select quote_ident(schemaname) || '.' || quote_ident(tablename) as name from pg_tables
    where schemaname in (${schema}, ${t.db.jobSchema})`.execute(t.db.kysely);
  let dump = '';
  for (const { name } of tables) {
    const { rows: lines } = await sql
      .raw<{ line: string }>(`select t::text as line from ${name} t`)
      .execute(t.db.kysely);
    dump += lines.map((r) => r.line).join('\n');
  }
  return dump;
}

describe('personal data at rest', () => {
  const phone = '13912345678';
  const idNumber = makeIdNumber('371403', '19851203', '417');

  it('keeps no ID number or phone of a party in clear anywhere in the database', async () => {
    const res = await clerk.post(
      '/api/cases',
      buildRegistration({
        parties: [{ role: 'applicant', name: '赵六', phone, idNumber, address: '神头镇祖家屯村18号' }],
      }),
    );
    expect(res.statusCode).toBe(201);
    const detail = res.json();
    expect(detail.parties[0]).toMatchObject({
      phone: '139****5678',
      idNumber: `371***********${idNumber.slice(-4)}`,
    });

    const dump = await rawDump();
    expect(dump.length).toBeGreaterThan(1000);
    expect(dump).toContain('139****5678');
    expect(dump).not.toContain(phone);
    expect(dump).not.toContain(idNumber);
    expect(dump).not.toContain('祖家屯村18号');
    // PGlite: the raw data files too
    if (t.db.engine === 'pglite') {
      const raw = Buffer.from(await (await t.db.pglite!.dumpDataDir('none')).arrayBuffer());
      expect(raw.includes(Buffer.from(phone))).toBe(false);
      expect(raw.includes(Buffer.from(idNumber))).toBe(false);
    }
  });

  it('reads a value in clear only through the unmask service, and logs every read', async () => {
    const res = await clerk.post(
      '/api/cases',
      buildRegistration({ parties: [{ role: 'applicant', name: '钱七', phone, idNumber }] }),
    );
    const c = res.json();
    const logBefore = Number(
      (
        await t.db.kysely
          .selectFrom('pii_access_log')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const shown = await clerk.post(`/api/cases/${c.id}/parties/${c.parties[0].id}/unmask`, {
      field: 'id_number',
      reason: '核实身份',
    });
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json().value).toBe(idNumber);
    const log = await t.db.kysely.selectFrom('pii_access_log').selectAll().orderBy('at', 'desc').execute();
    expect(log).toHaveLength(logBefore + 1);
    expect(log[0]).toMatchObject({
      subject_type: 'party',
      subject_id: c.parties[0].id,
      field: 'id_number',
      reason: '核实身份',
    });
  });
});

describe('yimen verify-ledger', () => {
  it('passes on intact chains and names the case whose event row was tampered with', async () => {
    const res = await clerk.post('/api/cases', buildRegistration());
    const c = res.json();
    const dispatcher = await t.login('dispatcher.shentou');
    const assigned = await dispatcher.post(`/api/cases/${c.id}/transitions`, {
      version: 1,
      action: 'assign',
      unitId: await t.unitId('371403105-people-mediation'),
      note: '交办',
    });
    expect(assigned.statusCode).toBe(200);
    const hash = (s: string) => t.deps.crypto.sm3Hex(s);
    expect((await verifyLedger(t.db.kysely, hash)).problems).toEqual([]);

    // the app role cannot touch the ledger; an owner (or an attacker with its rights) can
    if (t.db.engine === 'postgres') {
      await expect(
        sql`update case_events set payload = '{}'::jsonb where case_id = ${c.id} and seq = 2`.execute(
          t.db.kysely,
        ),
      ).rejects.toMatchObject({ code: '42501' });
    }
    await t.db.asOwner((owner) =>
      sql`update case_events set payload = jsonb_set(payload, '{note}', '"改过的"') where case_id = ${c.id} and seq = 2`.execute(
        owner.kysely,
      ),
    );
    const report = await verifyLedger(t.db.kysely, hash);
    expect(report.problems).toEqual([{ caseId: c.id, caseNo: c.caseNo, seq: 2, problem: 'body_mismatch' }]);
  });
});
