// One migrated database per test file, on PGlite by default and on PostgreSQL when DATABASE_URL
// is set (the CI lane). Call createTestDb() in beforeAll, truncateAll() between tests if they
// need a clean slate, and close() in afterAll (or the runner hangs on the open PGlite instance).
//
// PostgreSQL: each file gets its own schema (and its own pg-boss schema), created and migrated
// as the owner role `yimen_owner`, used through the app role `yimen_app` exactly as the server
// would be (so the grants are exercised), and dropped on close.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { openDatabase, type Db, type Engine } from '../../src/server/db/connection.js';
import { migrate } from '../../src/server/db/migrate.js';
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

/** Drops the schemas of test processes that died before closing their database. */
async function sweepOrphanSchemas(url: string): Promise<void> {
  const admin = await openDatabase({ databaseUrl: url, poolMax: 1 });
  try {
    const { rows } = await sql<{ name: string }>`
      select nspname as name from pg_namespace where nspname ~ '^test_[0-9]+_[0-9a-f]{8}(_jobs)?$'`.execute(
      admin.kysely,
    );
    for (const { name } of rows) {
      const pid = Number(name.split('_')[1]);
      if (isAlive(pid)) continue;
      // Another file may be sweeping the same schema: its failure to drop is harmless.
      await sql`drop schema if exists ${sql.id(name)} cascade`.execute(admin.kysely).catch(() => undefined);
    }
  } finally {
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
  swept ??= sweepOrphanSchemas(url);
  await swept;
  const schema = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const jobSchema = `${schema}_jobs`;
  const database = decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
  await setupRoles(url, { database, ownerRole: OWNER_ROLE, appRole: APP_ROLE, schema, jobSchema });

  const asOwner = async <T>(fn: (owner: Db) => Promise<T>): Promise<T> => {
    const owner = await openDatabase({
      databaseUrl: withUser(url, OWNER_ROLE),
      searchPath: schema,
      settings: { 'yimen.maintenance': 'on' },
      poolMax: 2,
    });
    try {
      return await fn(owner);
    } finally {
      await owner.close();
    }
  };
  await asOwner(async (owner) => {
    await migrate(owner);
    await grantAppRole(owner, APP_ROLE);
  });
  // The URL's own user (a superuser here) truncates and drops; the tests run as the app role.
  const admin = await openDatabase({ databaseUrl: url, searchPath: schema, poolMax: 1 });
  const app = await openDatabase({ databaseUrl: withUser(url, APP_ROLE), searchPath: schema });
  let closed: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    try {
      await app.close();
    } finally {
      await sql`drop schema if exists ${sql.id(schema)}, ${sql.id(jobSchema)} cascade`.execute(admin.kysely);
      await admin.close();
    }
  };
  return {
    ...app,
    jobSchema,
    truncateAll: () => truncateAll(admin, jobSchema),
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
