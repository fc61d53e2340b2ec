import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDb, type TestDb } from './test-db.js';

let db: TestDb;
let openedInMs = 0;

beforeAll(async () => {
  const started = performance.now();
  db = await createTestDb();
  openedInMs = performance.now() - started;
});

afterAll(async () => {
  await db?.close();
});

async function count(table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
    db.kysely,
  );
  return rows[0]!.n;
}

describe('createTestDb', () => {
  test('gives a migrated, empty database on the engine DATABASE_URL selects', async () => {
    console.info(`createTestDb on ${db.engine}: ${Math.round(openedInMs)} ms`);
    expect(db.engine).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
    expect(await count('cases')).toBe(0);
    expect(await count('schema_migrations')).toBeGreaterThan(0);
  });

  test('truncateAll empties application tables but keeps the migration record', async () => {
    await db.kysely
      .insertInto('categories')
      .values({ code: 'neighbor', name_zh: '邻里纠纷', name_en: 'Neighbours' })
      .execute();
    expect(await count('categories')).toBe(1);
    await db.truncateAll();
    expect(await count('categories')).toBe(0);
    expect(await count('schema_migrations')).toBeGreaterThan(0);
  });
});
