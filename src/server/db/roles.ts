// PostgreSQL roles: migrations run as an owner role, the server as an app role that may read and
// write everything except rewriting history: no UPDATE, DELETE or TRUNCATE on the ledger and the
// audit tables. (A superuser ignores grants, so the server must never connect as one.)
import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from './connection.js';

/** Tables the app role may only read and append to. Later migrations add theirs here. */
export const APPEND_ONLY_TABLES = [
  'case_events',
  'audit_log',
  'pii_access_log',
  'accountability_records',
  'case_conclusions',
  'case_instructions',
  'grid_report_events',
  // the trail of each warning (预警, issue 8)
  'warning_events',
  // the master key's fingerprint (crypto/key-check.ts): written once, never changed by the app
  'key_check',
  // the audit log's seal chain (0015)
  'audit_chain',
] as const;

/** Tables only migrations write. */
const OWNER_ONLY_TABLES = ['schema_migrations'] as const;

/** Tables whose rows change state but are never removed: the record of who approved what. */
export const KEPT_TABLES = [
  // bulk-export requests and their second approver (0020)
  'export_requests',
  // residents' correction and deletion requests and their answers (0019, PIPL arts. 46–47)
  'pi_requests',
] as const;

export interface RoleSetup {
  /** Database the roles work in (connect is granted on it). */
  database: string;
  /** Owns the schema and runs migrations. */
  ownerRole: string;
  /** The server's role. */
  appRole: string;
  /** Schema of the application tables (default public); created if missing, owned by ownerRole. */
  schema?: string;
  /** Schema of pg-boss (default pgboss); created if missing and owned by appRole, because pg-boss
   * creates and attaches a partition per queue at run time. */
  jobSchema?: string;
}

const ident = (name: string): string => '"' + name.replace(/"/g, '""') + '"';

/**
 * Creates the two roles if missing (LOGIN; authentication is the server's pg_hba business) and
 * hands the schemas to them. Run with an administrator's URL (a superuser or CREATEROLE holder).
 */
export async function setupRoles(adminUrl: string, opts: RoleSetup): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // Roles are cluster-wide: concurrent set-ups (parallel test files) take turns.
    await client.query('select pg_advisory_lock(7310002)');
    for (const role of [opts.ownerRole, opts.appRole]) {
      const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [role]);
      if (!rowCount) await client.query(`create role ${ident(role)} login`);
    }
    const db = ident(opts.database);
    await client.query(`grant connect on database ${db} to ${ident(opts.ownerRole)}, ${ident(opts.appRole)}`);
    // pg-boss runs `CREATE SCHEMA IF NOT EXISTS` on first start, and PostgreSQL checks the
    // database's CREATE right even when the schema exists. A schema of its own is all it gives
    // the app role: the application schema stays the owner's.
    await client.query(`grant create on database ${db} to ${ident(opts.appRole)}`);
    const schema = opts.schema ?? 'public';
    await client.query(`create schema if not exists ${ident(schema)} authorization ${ident(opts.ownerRole)}`);
    await client.query(`alter schema ${ident(schema)} owner to ${ident(opts.ownerRole)}`);
    const jobSchema = opts.jobSchema ?? 'pgboss';
    await client.query(
      `create schema if not exists ${ident(jobSchema)} authorization ${ident(opts.appRole)}`,
    );
    await client.query(`alter schema ${ident(jobSchema)} owner to ${ident(opts.appRole)}`);
  } finally {
    await client.query('select pg_advisory_unlock(7310002)').catch(() => undefined);
    await client.end();
  }
}

/**
 * Grants the app role its rights on every table of the current schema (and, by default
 * privileges, on tables later migrations create), then takes back UPDATE, DELETE and TRUNCATE on
 * the append-only tables. Run as the owner role after migrate(); idempotent. No-op on PGlite.
 */
export async function grantAppRole(db: Db, appRole: string): Promise<void> {
  if (db.engine !== 'postgres') return;
  const role = sql.id(appRole);
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely);
  const schema = sql.id(rows[0]!.schema);
  await db.kysely.transaction().execute(async (trx) => {
    const run = (q: ReturnType<typeof sql>) => q.execute(trx);
    await run(sql`grant usage on schema ${schema} to ${role}`);
    await run(sql`grant select, insert, update, delete on all tables in schema ${schema} to ${role}`);
    await run(sql`grant usage, select on all sequences in schema ${schema} to ${role}`);
    await run(
      sql`alter default privileges in schema ${schema} grant select, insert, update, delete on tables to ${role}`,
    );
    await run(sql`alter default privileges in schema ${schema} grant usage, select on sequences to ${role}`);
    for (const table of APPEND_ONLY_TABLES) {
      await run(sql`revoke update, delete, truncate on ${sql.id(table)} from ${role}`);
      // a partition (0016) is checked against its own grants when named directly
      const { rows: parts } = await sql<{ name: string }>`
        select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = to_regclass(${table})`.execute(trx);
      for (const p of parts)
        await run(sql`revoke update, delete, truncate on ${sql.id(p.name)} from ${role}`);
    }
    for (const table of OWNER_ONLY_TABLES) {
      await run(sql`revoke insert, update, delete, truncate on ${sql.id(table)} from ${role}`);
    }
    for (const table of KEPT_TABLES) {
      await run(sql`revoke delete, truncate on ${sql.id(table)} from ${role}`);
    }
  });
}

/** The role a PostgreSQL URL logs in as (the app role is DATABASE_URL's user). */
export function roleOfUrl(url: string): string {
  const user = decodeURIComponent(new URL(url).username);
  if (!user) throw new Error('The database URL names no user, so the app role is unknown.');
  return user;
}
