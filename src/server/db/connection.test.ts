import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, test } from 'vitest';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { openDatabase, type Db } from './connection.js';
import { DataDirLockedError } from './data-dir-lock.js';

const databaseUrl = process.env.DATABASE_URL;

// One row of every kind of value the schema uses, typed by the engine's own parsers.
async function sampleRow(db: Db): Promise<Record<string, unknown>> {
  const { rows } = await sql<Record<string, unknown>>`
    select 9007199254740993::int8 as big, 12.50::numeric as num, 7::int4 as int,
      0.5::float8 as dbl, true as flag, 'abc'::text as txt,
      '0190a4c0-0000-7000-8000-000000000000'::uuid as id,
      '2026-03-15T01:02:03.004Z'::timestamptz as ts, '2026-03-15'::date as day,
      '{"a":[1,"x"],"b":null}'::jsonb as doc, '\\x00ff10'::bytea as bin,
      null::text as nothing, current_setting('TimeZone') as tz`.execute(db.kysely);
  return rows[0]!;
}

function describeTypes(row: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      v === null
        ? 'null'
        : Buffer.isBuffer(v)
          ? 'Buffer'
          : v instanceof Date
            ? 'Date'
            : Array.isArray(v)
              ? 'array'
              : typeof v,
    ]),
  );
}

const expected = {
  big: '9007199254740993',
  num: '12.50',
  int: 7,
  dbl: 0.5,
  flag: true,
  txt: 'abc',
  id: '0190a4c0-0000-7000-8000-000000000000',
  ts: new Date('2026-03-15T01:02:03.004Z'),
  day: '2026-03-15',
  doc: { a: [1, 'x'], b: null },
  bin: Buffer.from([0, 255, 16]),
  nothing: null,
  tz: 'Asia/Shanghai',
};

describe('openDatabase on PGlite', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  test('returns bigint and numeric as strings, timestamptz as Date, jsonb parsed, bytea as Buffer', async () => {
    // A clone of the test template: a fresh PGlite instance costs ~6 s of initdb.
    const db = await createTestDb({ engine: 'pglite' });
    try {
      expect(db.engine).toBe('pglite');
      expect(await sampleRow(db)).toEqual(expected);
    } finally {
      await db.close();
    }
  });

  test('keeps data in a folder across close and reopen, and frees the folder lock on close', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yimen-conn-'));
    dirs.push(dir);
    const first = await openDatabase({ dataDir: dir });
    await sql`create table t (v text)`.execute(first.kysely);
    await sql`insert into t values ('kept')`.execute(first.kysely);
    await first.close();
    expect(await readdir(dir)).not.toContain('yimen.lock');

    const second = await openDatabase({ dataDir: dir });
    try {
      const { rows } = await sql<{ v: string }>`select v from t`.execute(second.kysely);
      expect(rows).toEqual([{ v: 'kept' }]);
      // While it is open, nobody else may open the folder.
      await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      await second.close();
    }
  });
});

describe.skipIf(!databaseUrl)('openDatabase on PostgreSQL', () => {
  test('returns exactly the same values and JS types as PGlite', async () => {
    const pgDb = await openDatabase({ databaseUrl: databaseUrl! });
    const liteDb = await createTestDb({ engine: 'pglite' });
    try {
      expect(pgDb.engine).toBe('postgres');
      const [onPg, onLite] = [await sampleRow(pgDb), await sampleRow(liteDb)];
      expect(onPg).toEqual(expected);
      expect(describeTypes(onPg)).toEqual(describeTypes(onLite));
    } finally {
      await pgDb.close();
      await liteDb.close();
    }
  });
});
