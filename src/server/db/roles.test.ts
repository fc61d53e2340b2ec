import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/helpers/test-db.js';
import { roleOfUrl } from './roles.js';

const databaseUrl = process.env.DATABASE_URL;

describe('roleOfUrl', () => {
  test('names the user a URL logs in as', () => {
    expect(roleOfUrl('postgres://yimen_app@db.example:5432/yimen')).toBe('yimen_app');
    expect(() => roleOfUrl('postgres://db.example/yimen')).toThrow(/no user/);
  });
});

describe.skipIf(!databaseUrl)('the app role on PostgreSQL', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb({ engine: 'postgres' });
  });
  afterAll(async () => {
    await db?.close();
  });

  async function sqlState(query: ReturnType<typeof sql>): Promise<string | undefined> {
    try {
      await query.execute(db.kysely);
      return undefined;
    } catch (err) {
      return (err as { code?: string }).code;
    }
  }

  test('connects as yimen_app, not as a superuser who would ignore grants', async () => {
    const { rows } = await sql<{ user: string; su: boolean }>`
      select current_user as user, rolsuper as su from pg_roles where rolname = current_user`.execute(
      db.kysely,
    );
    expect(rows[0]).toEqual({ user: 'yimen_app', su: false });
  });

  test('can append to the ledger but not update, delete or truncate it (42501)', async () => {
    await db.kysely
      .insertInto('case_events')
      .values({
        county_code: '371403',
        case_id: '0190a4c0-0000-7000-8000-000000000001',
        seq: 1,
        at: new Date(),
        actor_role: 'clerk',
        action: 'register',
        to_state: 'registered',
        payload: JSON.stringify({}),
        body: '{}',
        prev_hash: '',
        hash: 'h',
      })
      .execute();
    expect(await sqlState(sql`update case_events set hash = 'forged'`)).toBe('42501');
    expect(await sqlState(sql`delete from case_events`)).toBe('42501');
    expect(await sqlState(sql`truncate case_events`)).toBe('42501');
    const { rows } = await sql<{ hash: string }>`select hash from case_events`.execute(db.kysely);
    expect(rows).toEqual([{ hash: 'h' }]);
  });

  test('can append to the audit and PII access logs but not rewrite them', async () => {
    const id = '0190a4c0-0000-7000-8000-000000000002';
    await sql`insert into audit_log (id, at, action, result) values (${id}, now(), 'login', 'success')`.execute(
      db.kysely,
    );
    await sql`insert into pii_access_log (id, at, actor_id, subject_type, subject_id, field, reason)
      values (${id}, now(), ${id}, 'party', ${id}, 'phone', 'callback')`.execute(db.kysely);
    for (const table of ['audit_log', 'pii_access_log']) {
      expect(await sqlState(sql`update ${sql.table(table)} set at = now()`)).toBe('42501');
      expect(await sqlState(sql`delete from ${sql.table(table)}`)).toBe('42501');
    }
  });

  test('holds the same rights on each partition of the ledger, including months the sweep adds later', async () => {
    const rights = async (table: string) =>
      (
        await sql<{ i: boolean; s: boolean; u: boolean; d: boolean }>`
          select has_table_privilege(current_user, ${table}, 'INSERT') as i,
                 has_table_privilege(current_user, ${table}, 'SELECT') as s,
                 has_table_privilege(current_user, ${table}, 'UPDATE') as u,
                 has_table_privilege(current_user, ${table}, 'DELETE') as d`.execute(db.kysely)
      ).rows[0];
    const appendOnly = { i: true, s: true, u: false, d: false };
    expect(await rights('case_events_202611')).toEqual(appendOnly);
    expect(await rights('audit_log_default')).toEqual(appendOnly);
    // the server's role runs the partition sweep; the new month takes the parent's grants
    const { rows } = await sql<{ made: number }>`
      select yimen_ensure_id_partitions('case_events', '2031-01-01', 1) as made`.execute(db.kysely);
    expect(rows[0]!.made).toBe(1);
    expect(await rights('case_events_203101')).toEqual(appendOnly);
    expect(await rights('grid_reports_202611')).toEqual({ i: true, s: true, u: true, d: true });
  });

  test('can update and delete ordinary tables, and cannot touch the migration record', async () => {
    await sql`insert into categories (code, name_zh, name_en) values ('other', '其他', 'Other')`.execute(
      db.kysely,
    );
    expect(await sqlState(sql`update categories set name_en = 'Others'`)).toBeUndefined();
    expect(await sqlState(sql`delete from categories`)).toBeUndefined();
    expect(await sqlState(sql`delete from schema_migrations`)).toBe('42501');
    expect(await sqlState(sql`insert into schema_migrations values ('x', 'y', now())`)).toBe('42501');
  });

  test('can decide and count downloads of export requests, never delete one', async () => {
    expect(await sqlState(sql`update export_requests set downloads = downloads`)).toBeUndefined();
    expect(await sqlState(sql`delete from export_requests`)).toBe('42501');
    expect(await sqlState(sql`truncate export_requests`)).toBe('42501');
  });

  test('can answer residents’ correction and deletion requests, never delete one', async () => {
    expect(await sqlState(sql`update pi_requests set status = status`)).toBeUndefined();
    expect(await sqlState(sql`delete from pi_requests`)).toBe('42501');
    expect(await sqlState(sql`truncate pi_requests`)).toBe('42501');
  });
});
