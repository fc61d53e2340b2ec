// The history tables partitioned by month of their UUIDv7 keys (migration 0016): rows land in the
// partition of their month, a case's ledger stays in one partition, the sweep keeps months ahead,
// the append-only rule holds on every partition, and a lookup by key reads one partition.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistration, createTestApp, type TestApp } from '../../../test/helpers/test-app.js';
import { HISTORY_TABLES, sweepHistoryPartitions } from './history-partitions.sweep.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const partitionsOf = async (table: string) =>
  (
    await sql<{ name: string }>`
      select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = to_regclass(${table}) order by 1`.execute(t.db.kysely)
  ).rows.map((r) => r.name);
const partOf = async (table: string, where: ReturnType<typeof sql>) =>
  (
    await sql<{
      part: string;
    }>`select distinct tableoid::regclass::text as part from ${sql.table(table)} where ${where}`.execute(
      t.db.kysely,
    )
  ).rows.map((r) => r.part.replace(/^.*\./, ''));

describe('history tables partitioned by month', () => {
  /** The China month (YYYYMM) of a UUIDv7's timestamp: the partition it belongs in. */
  const monthOf = (id: string) =>
    new Date(parseInt(id.replace(/-/g, '').slice(0, 12), 16) + 8 * 3600_000)
      .toISOString()
      .slice(0, 7)
      .replace('-', '');

  it('keeps a case’s whole ledger in the partition of its id’s month, and audit rows in theirs', async () => {
    const clerk = await t.login('clerk.shentou');
    const res = await clerk.post('/api/cases', buildRegistration());
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    const dispatcher = await t.login('dispatcher.shentou');
    const assigned = await dispatcher.post(`/api/cases/${id}/transitions`, {
      version: 1,
      action: 'assign',
      unitId: await t.unitId('371403105-people-mediation'),
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(await partOf('case_events', sql`case_id = ${id}`)).toEqual([`case_events_${monthOf(id)}`]);
    const audit = await sql<{ part: string; id: string }>`
      select tableoid::regclass::text as part, id from audit_log`.execute(t.db.kysely);
    expect(audit.rows.length).toBeGreaterThan(0);
    for (const r of audit.rows) expect(r.part.replace(/^.*\./, '')).toBe(`audit_log_${monthOf(r.id)}`);
  });

  it('draws month bounds at midnight China time', async () => {
    const bound = async (day: string) =>
      (await sql<{ u: string }>`select yimen_uuid_month(${day}::date)::text as u`.execute(t.db.kysely))
        .rows[0]!.u;
    const april = await bound('2026-04-01');
    // 2026-03-31 16:00 UTC is 2026-04-01 00:00 in Shanghai
    expect(parseInt(april.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.parse('2026-03-31T16:00:00Z'));
    expect(monthOf(april)).toBe('202604');
  });

  it('the daily sweep creates this month’s and the next three months’ partitions of each table, once', async () => {
    const at = (iso: string) => ({ db: t.db, clock: () => new Date(iso) });
    expect(await sweepHistoryPartitions(at('2027-05-20T04:00:00Z'))).toEqual({
      created: 2 * HISTORY_TABLES.length,
    });
    expect(await sweepHistoryPartitions(at('2027-05-20T04:00:00Z'))).toEqual({ created: 0 });
    for (const table of HISTORY_TABLES) {
      const names = await partitionsOf(table);
      expect(names.filter((n) => /_2027(0[5-9])$/.test(n))).toEqual([
        `${table}_202705`,
        `${table}_202706`,
        `${table}_202707`,
        `${table}_202708`,
      ]);
      expect(names).toContain(`${table}_default`);
    }
  });

  it('refuses to rewrite or delete history in a partition named directly', async () => {
    const [part] = await partOf('case_events', sql`true`);
    expect(part).toMatch(/^case_events_\d{6}$/);
    await expect(sql`update ${sql.table(part!)} set hash = 'forged'`.execute(t.db.kysely)).rejects.toThrow(
      /append-only|permission denied/,
    );
    await expect(sql`delete from ${sql.table(part!)}`.execute(t.db.kysely)).rejects.toThrow(
      /append-only|permission denied/,
    );
  });

  it('reads one case’s events from one partition (pruned by the key)', async () => {
    const id = uuidv7();
    const { rows } = await sql<{ 'QUERY PLAN': string }>`
      explain select * from case_events where county_code = '371403' and case_id = ${id}`.execute(
      t.db.kysely,
    );
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    const scanned = [...plan.matchAll(/ on (case_events_\w+)/g)].map((m) => m[1]);
    expect(scanned, plan).toHaveLength(1);
  });

  it('refuses a table that is not partitioned by id', async () => {
    await expect(
      sql`select yimen_ensure_id_partitions('cases', '2027-01-01', 1)`.execute(t.db.kysely),
    ).rejects.toThrow(/not a table partitioned by id/);
  });
});
