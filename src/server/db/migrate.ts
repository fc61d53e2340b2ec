// Forward-only migrations: src/server/db/migrations/*.sql in name order, each applied in its own
// transaction and recorded with its SM3 digest. An applied file that changed is refused, never
// re-run. The folder is found from the package root, so the build (plain tsc, which does not copy
// .sql files) reads the same files as the sources do.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { packageRoot } from '../paths.js';
import type { Db } from './connection.js';
import { withTransaction } from './transaction.js';

export const MIGRATIONS_DIR = join(packageRoot, 'src', 'server', 'db', 'migrations');

/** Serializes concurrent migrators (several server processes starting at once). */
const MIGRATION_LOCK_KEY = 7_310_001;

export interface Migration {
  name: string;
  sql: string;
  /** SM3 hex digest of the file's bytes. */
  sm3: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export async function listMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(join(dir, name));
      return { name, sql: bytes.toString('utf8'), sm3: createHash('sm3').update(bytes).digest('hex') };
    }),
  );
}

export interface MigrateOptions {
  /** Folder of *.sql files (tests use their own). */
  dir?: string;
}

/**
 * Applies every migration not yet applied, in name order; returns the names applied.
 * Throws MigrationError when an applied migration's file changed or is missing.
 */
export async function migrate(db: Db, opts: MigrateOptions = {}): Promise<string[]> {
  const migrations = await listMigrations(opts.dir);
  await withTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
    // Checked first: CREATE ... IF NOT EXISTS needs CREATE on the schema even when the table
    // exists, and the app role (which lacks it) may still verify that nothing is pending.
    const { rows } = await sql<{ found: string | null }>`
      select to_regclass('schema_migrations')::text as found`.execute(trx);
    if (rows[0]?.found) return;
    await sql`create table schema_migrations (
      name text primary key, sm3 text not null, applied_at timestamptz not null)`.execute(trx);
  });

  const applied: string[] = [];
  for (const migration of migrations) {
    const ran = await withTransaction(db, async (trx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
      const done = await trx
        .selectFrom('schema_migrations')
        .select(['name', 'sm3'])
        .orderBy('name')
        .execute();
      checkHistory(done, migrations);
      if (done.some((d) => d.name === migration.name)) return false;
      // No parameters: pg sends it by the simple query protocol, so a file may hold many statements.
      await sql.raw(migration.sql).execute(trx);
      await trx
        .insertInto('schema_migrations')
        .values({ name: migration.name, sm3: migration.sm3, applied_at: new Date() })
        .execute();
      return true;
    });
    if (ran) applied.push(migration.name);
  }
  return applied;
}

function checkHistory(done: { name: string; sm3: string }[], migrations: Migration[]): void {
  const byName = new Map(migrations.map((m) => [m.name, m]));
  for (const row of done) {
    const file = byName.get(row.name);
    if (!file) {
      throw new MigrationError(
        `The database has migration ${row.name}, which this version of Yimen does not have: ` +
          'it was migrated by a newer version. Upgrade Yimen instead of running an older one.',
      );
    }
    if (file.sm3 !== row.sm3) {
      throw new MigrationError(
        `Migration ${row.name} was changed after it was applied (SM3 ${row.sm3} in the database, ` +
          `${file.sm3} on disk). Applied migrations must never change: restore the file and add a new migration.`,
      );
    }
  }
}

/** Names of the migrations recorded as applied. */
export async function appliedMigrations(db: Db): Promise<string[]> {
  const rows = await db.kysely.selectFrom('schema_migrations').select('name').orderBy('name').execute();
  return rows.map((r) => r.name);
}
