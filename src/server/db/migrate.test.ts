import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/helpers/test-db.js';
import { appliedMigrations, MIGRATIONS_DIR, MigrationError, migrate } from './migrate.js';

let db: TestDb;
let dir: string;

beforeAll(async () => {
  db = await createTestDb();
  // A private migrations folder: the shipped ones plus test migrations.
  dir = await mkdtemp(join(tmpdir(), 'yimen-migrations-'));
  for (const name of await readdir(MIGRATIONS_DIR))
    await copyFile(join(MIGRATIONS_DIR, name), join(dir, name));
});

afterAll(async () => {
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

async function tableExists(name: string): Promise<boolean> {
  const { rows } = await sql<{ found: string | null }>`select to_regclass(${name})::text as found`.execute(
    db.kysely,
  );
  return rows[0]!.found !== null;
}

describe('migrate', () => {
  test('finds the shipped migrations from the package root, as it would from dist/', async () => {
    expect(MIGRATIONS_DIR.replace(/\\/g, '/')).toMatch(/\/src\/server\/db\/migrations$/);
    expect(await readdir(MIGRATIONS_DIR)).toContain('0001_init.sql');
  });

  test('a migrated database applies nothing more and records every shipped file', async () => {
    // Also as the app role: with nothing pending it needs no rights to create anything.
    expect(await migrate(db)).toEqual([]);
    expect(await db.asOwner((owner) => migrate(owner))).toEqual([]);
    const shipped = (await readdir(MIGRATIONS_DIR)).filter((n) => n.endsWith('.sql')).sort();
    expect(await appliedMigrations(db)).toEqual(shipped);
  });

  test('applies a new migration once, in name order, with several statements in one file', async () => {
    await writeFile(
      join(dir, '9001_second.sql'),
      'create table t_second (a int);\ninsert into t_second values (2);',
    );
    await writeFile(
      join(dir, '9000_first.sql'),
      'create table t_first (a int);\ninsert into t_first values (1);',
    );
    expect(await db.asOwner((owner) => migrate(owner, { dir }))).toEqual([
      '9000_first.sql',
      '9001_second.sql',
    ]);
    expect(await db.asOwner((owner) => migrate(owner, { dir }))).toEqual([]);
    const { rows } = await sql<{ a: number }>`select a from t_first union all select a from t_second`.execute(
      db.kysely,
    );
    expect(rows.map((r) => r.a).sort()).toEqual([1, 2]);
  });

  test.skipIf(!process.env.DATABASE_URL)(
    'the app role cannot apply a pending migration (42501)',
    async () => {
      await writeFile(join(dir, '9004_app.sql'), 'create table t_app (a int);');
      await expect(migrate(db, { dir })).rejects.toMatchObject({ code: '42501' });
      await rm(join(dir, '9004_app.sql'));
    },
  );

  test('a failing migration leaves nothing behind and is not recorded', async () => {
    await writeFile(
      join(dir, '9002_broken.sql'),
      'create table t_broken (a int);\nselect * from no_such_table;',
    );
    await expect(db.asOwner((owner) => migrate(owner, { dir }))).rejects.toThrow(/no_such_table/);
    expect(await tableExists('t_broken')).toBe(false);
    expect(await appliedMigrations(db)).not.toContain('9002_broken.sql');
    await rm(join(dir, '9002_broken.sql'));
  });

  test('refuses to run when an applied migration was edited', async () => {
    await writeFile(join(dir, '9000_first.sql'), 'create table t_first (a int, b int);');
    await writeFile(join(dir, '9003_later.sql'), 'create table t_later (a int);');
    const attempt = db.asOwner((owner) => migrate(owner, { dir }));
    await expect(attempt).rejects.toBeInstanceOf(MigrationError);
    await expect(attempt).rejects.toThrow(/9000_first\.sql was changed/);
    expect(await tableExists('t_later')).toBe(false);
  });

  test('refuses to run when the database has a migration this version lacks', async () => {
    await expect(db.asOwner((owner) => migrate(owner))).rejects.toThrow(
      /9000_first\.sql, which this version of Yimen does not have/,
    );
  });
});
