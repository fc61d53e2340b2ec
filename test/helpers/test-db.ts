// One migrated database per test file, on PGlite by default and on PostgreSQL when DATABASE_URL
// is set (the CI lane). Call createTestDb() in beforeAll, truncateAll() between tests if they
// need a clean slate, and close() in afterAll (or the runner hangs on the open PGlite instance).
//
// PostgreSQL: each file gets a database of its own, cloned (CREATE DATABASE … TEMPLATE) from one
// migrated as the owner role `yimen_owner` once per set of migrations (migrating costs ~5 s: the
// monthly partitions), used through the app role `yimen_app` exactly as the server would be (so
// the grants are exercised), and dropped on close.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { openDatabase, type Db, type Engine } from '../../src/server/db/connection.js';
import { listMigrations, migrate } from '../../src/server/db/migrate.js';
import { grantAppRole, setupRoles } from '../../src/server/db/roles.js';

export const OWNER_ROLE = 'yimen_owner';
export const APP_ROLE = 'yimen_app';

export interface TestDb extends Db {
  /** Empties every application table (and pg-boss's jobs); keeps the schema and migrations. */
  truncateAll(): Promise<void>;
  /** The pg-boss schema to pass to createJobQueue({ schema }). */
  jobSchema: string;
  /**
   * Runs fn with a connection of the owner role (PostgreSQL; on PGlite the same db) in a
   * maintenance session (yimen.maintenance = on, which the append-only trigger of migration 0015
   * honours for the owner only): for what the app role may not do, such as migrating or
   * tampering with the ledger in a test.
   */
  asOwner<T>(fn: (owner: Db) => Promise<T>): Promise<T>;
  /** PostgreSQL: the URL of the file's own database as DATABASE_URL's user (a superuser). */
  adminUrl?: string;
}

export interface TestDbOptions {
  /** Default: 'postgres' when DATABASE_URL is set, else 'pglite'. */
  engine?: Engine;
  /**
   * With the Dezhou demo organization. PGlite clones a template that has it; on PostgreSQL the
   * caller seeds it (seedDemoOrganization is a no-op when present, ~1 s when not).
   */
  organization?: boolean;
}

export async function createTestDb(opts: TestDbOptions = {}): Promise<TestDb> {
  const url = process.env.DATABASE_URL;
  const engine = opts.engine ?? (url ? 'postgres' : 'pglite');
  if (engine === 'postgres') {
    if (!url) throw new Error('createTestDb({ engine: "postgres" }) needs DATABASE_URL');
    return createPostgresTestDb(url);
  }
  return createPgliteTestDb(opts.organization ?? false);
}

const templates = new Map<string, Promise<Blob>>();

async function createPgliteTestDb(organization: boolean): Promise<TestDb> {
  const path = inject(organization ? 'pgliteOrgTemplate' : 'pgliteTemplate');
  if (!templates.has(path))
    templates.set(
      path,
      readFile(path).then((bytes) => new Blob([new Uint8Array(bytes)])),
    );
  const db = await openDatabase({ dataDir: 'memory://', loadDataDir: await templates.get(path)! });
  return {
    ...db,
    jobSchema: 'pgboss',
    truncateAll: () => truncateAll(db, 'pgboss'),
    asOwner: async (fn) => {
      await sql`set yimen.maintenance = 'on'`.execute(db.kysely);
      try {
        return await fn(db);
      } finally {
        await sql`reset yimen.maintenance`.execute(db.kysely);
      }
    },
  };
}

function withUser(url: string, user: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = '';
  return u.toString();
}

let swept: Promise<void> | undefined;
let template: Promise<string> | undefined;

// Fixed inside every clone: each file has a database of its own.
const SCHEMA = 'yimen_test';
const JOB_SCHEMA = 'yimen_test_jobs';
const PREFIX = 'yimen_test_';

const withDatabase = (url: string, database: string): string => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

/** Drops the databases of test processes that died before closing theirs. */
async function sweepOrphanDatabases(url: string): Promise<void> {
  const admin = await openDatabase({ databaseUrl: url, poolMax: 1 });
  try {
    const { rows } = await sql<{ name: string }>`
      select datname as name from pg_database where datname ~ ${`^${PREFIX}[0-9]+_[0-9a-f]{8}$`}`.execute(
      admin.kysely,
    );
    for (const { name } of rows) {
      const pid = Number(name.slice(PREFIX.length).split('_')[0]);
      if (isAlive(pid)) continue;
      // Another file may be sweeping the same database: its failure to drop is harmless.
      await sql`drop database if exists ${sql.id(name)} with (force)`
        .execute(admin.kysely)
        .catch(() => undefined);
    }
  } finally {
    await admin.close();
  }
}

/** The migrated template database for the current migrations (and role set-up), made once. */
async function ensureTemplate(url: string): Promise<string> {
  const hash = createHash('sha256');
  for (const m of await listMigrations()) hash.update(`${m.name}:${m.sm3}\n`);
  hash.update(await readFile(new URL('../../src/server/db/roles.ts', import.meta.url), 'utf8'));
  hash.update(await readFile(new URL(import.meta.url), 'utf8'));
  const name = `yimen_template_${hash.digest('hex').slice(0, 12)}`;
  const admin = await openDatabase({ databaseUrl: url, poolMax: 1 });
  try {
    // one builder at a time across processes (parallel files, a second vitest run)
    await sql`select pg_advisory_lock(7310003)`.execute(admin.kysely);
    const { rows } = await sql`select 1 from pg_database where datname = ${name}`.execute(admin.kysely);
    if (rows.length) return name;
    // templates of earlier migrations are no longer needed (one being cloned right now stays)
    const { rows: old } = await sql<{ name: string }>`
      select datname as name from pg_database where datname ~ '^yimen_template_[0-9a-f]{12}$'`.execute(
      admin.kysely,
    );
    for (const o of old)
      await sql`drop database if exists ${sql.id(o.name)}`.execute(admin.kysely).catch(() => undefined);
    const building = `${name}_building`;
    await sql`drop database if exists ${sql.id(building)} with (force)`.execute(admin.kysely);
    await sql`create database ${sql.id(building)}`.execute(admin.kysely);
    const buildUrl = withDatabase(url, building);
    await setupRoles(buildUrl, {
      database: building,
      ownerRole: OWNER_ROLE,
      appRole: APP_ROLE,
      schema: SCHEMA,
      jobSchema: JOB_SCHEMA,
    });
    const owner = await openDatabase({
      databaseUrl: withUser(buildUrl, OWNER_ROLE),
      searchPath: SCHEMA,
      settings: { 'yimen.maintenance': 'on' },
      poolMax: 1,
    });
    try {
      await migrate(owner);
      await grantAppRole(owner, APP_ROLE);
    } finally {
      await owner.close();
    }
    // complete only once renamed: a crash midway leaves a _building database, never a half template
    await sql`alter database ${sql.id(building)} rename to ${sql.id(name)}`.execute(admin.kysely);
    return name;
  } finally {
    await sql`select pg_advisory_unlock(7310003)`.execute(admin.kysely).catch(() => undefined);
    await admin.close();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function createPostgresTestDb(url: string): Promise<TestDb> {
  swept ??= sweepOrphanDatabases(url);
  await swept;
  template ??= ensureTemplate(url);
  const database = `${PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
  const root = await openDatabase({ databaseUrl: url, poolMax: 1 });
  try {
    await sql`create database ${sql.id(database)} template ${sql.id(await template)}`.execute(root.kysely);
  } finally {
    await root.close();
  }
  const dbUrl = withDatabase(url, database);
  // database-level grants are not copied from a template
  await setupRoles(dbUrl, {
    database,
    ownerRole: OWNER_ROLE,
    appRole: APP_ROLE,
    schema: SCHEMA,
    jobSchema: JOB_SCHEMA,
  });

  const asOwner = async <T>(fn: (owner: Db) => Promise<T>): Promise<T> => {
    const owner = await openDatabase({
      databaseUrl: withUser(dbUrl, OWNER_ROLE),
      searchPath: SCHEMA,
      settings: { 'yimen.maintenance': 'on' },
      poolMax: 2,
    });
    try {
      return await fn(owner);
    } finally {
      await owner.close();
    }
  };
  // The URL's own user (a superuser here) truncates and drops; the tests run as the app role.
  const admin = await openDatabase({ databaseUrl: dbUrl, searchPath: SCHEMA, poolMax: 1 });
  const app = await openDatabase({ databaseUrl: withUser(dbUrl, APP_ROLE), searchPath: SCHEMA });
  let closed: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    try {
      await app.close();
      await admin.close();
    } finally {
      const root = await openDatabase({ databaseUrl: url, poolMax: 1 });
      await sql`drop database if exists ${sql.id(database)} with (force)`.execute(root.kysely);
      await root.close();
    }
  };
  return {
    ...app,
    jobSchema: JOB_SCHEMA,
    adminUrl: dbUrl,
    truncateAll: () => truncateAll(admin, JOB_SCHEMA),
    asOwner,
    close: () => (closed ??= close()),
  };
}

/**
 * DELETE rather than TRUNCATE: on PGlite a TRUNCATE of every table costs ~0.7 s (new files for
 * each relation), a DELETE of the few rows a test writes ~0.1 s. Foreign keys are skipped with
 * session_replication_role (the harness connects as a superuser), so the order does not matter;
 * one simple-protocol message is one implicit transaction, so the setting cannot leak.
 */
async function truncateAll(db: Db, jobSchema: string): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select quote_ident(schemaname) || '.' || quote_ident(tablename) as name from pg_tables
    where (schemaname = current_schema() and tablename <> 'schema_migrations')
       or (schemaname = ${jobSchema} and tablename in ('job', 'archive'))`.execute(db.kysely);
  const deletes = rows.map((r) => `delete from ${r.name};`).join(' ');
  await sql
    .raw(`set session_replication_role = replica; ${deletes} reset session_replication_role;`)
    .execute(db.kysely);
}
