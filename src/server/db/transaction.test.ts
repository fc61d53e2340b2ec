import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/helpers/test-db.js';
import { withTransaction } from './transaction.js';
import { ConnectionInTransactionError } from './transaction-guard.js';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db?.close();
});
beforeEach(async () => {
  await db.truncateAll();
});

const category = (code: string) => ({ code, name_zh: code, name_en: code });
const codes = async () =>
  (await db.kysely.selectFrom('categories').select('code').orderBy('code').execute()).map((r) => r.code);

describe('withTransaction', () => {
  test('commits everything fn wrote when it resolves, and returns its value', async () => {
    const result = await withTransaction(db, async (trx) => {
      await trx
        .insertInto('categories')
        .values([category('a'), category('b')])
        .execute();
      return 'done';
    });
    expect(result).toBe('done');
    expect(await codes()).toEqual(['a', 'b']);
  });

  test('rolls back everything when fn throws, and rethrows', async () => {
    await expect(
      withTransaction(db, async (trx) => {
        await trx.insertInto('categories').values(category('a')).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await codes()).toEqual([]);
  });

  test('fails fast instead of deadlocking when fn queries through db instead of trx', async () => {
    await expect(
      withTransaction(db, async (trx) => {
        await trx.insertInto('categories').values(category('a')).execute();
        await db.kysely.selectFrom('categories').selectAll().execute();
      }),
    ).rejects.toBeInstanceOf(ConnectionInTransactionError);
    expect(await codes()).toEqual([]);
  });

  test('reruns fn after a serialization failure and commits only the successful attempt', async () => {
    let attempts = 0;
    await withTransaction(db, async (trx) => {
      attempts++;
      await trx
        .insertInto('categories')
        .values(category(`try${attempts}`))
        .execute();
      if (attempts < 3) {
        await sql`do $$ begin raise exception 'conflict' using errcode = '40001'; end $$`.execute(trx);
      }
    });
    expect(attempts).toBe(3);
    expect(await codes()).toEqual(['try3']);
  });

  test('gives up after the allowed retries and does not retry other errors', async () => {
    let attempts = 0;
    const deadlock = withTransaction(
      db,
      async (trx) => {
        attempts++;
        await sql`do $$ begin raise exception 'deadlock' using errcode = '40P01'; end $$`.execute(trx);
      },
      { retries: 2 },
    );
    await expect(deadlock).rejects.toMatchObject({ code: '40P01' });
    expect(attempts).toBe(3);

    attempts = 0;
    const unique = withTransaction(db, async (trx) => {
      attempts++;
      await trx
        .insertInto('categories')
        .values([category('x'), category('x')])
        .execute();
    });
    await expect(unique).rejects.toMatchObject({ code: '23505' });
    expect(attempts).toBe(1);
  });

  test('a failed script with its own BEGIN does not leave the session in an aborted transaction', async () => {
    await expect(
      db.pool.query(
        "begin; insert into categories values ('s', 's', 's', 0, true); select * from nope; commit;",
      ),
    ).rejects.toThrow(/nope/);
    expect(await codes()).toEqual([]);
  });

  test('a connection released inside a transaction is rolled back before anyone reuses it', async () => {
    const client = await db.pool.connect();
    await client.query('begin');
    await client.query("insert into categories values ('leak', 'l', 'l', 0, true)");
    client.release();
    await withTransaction(db, (trx) => trx.insertInto('categories').values(category('kept')).execute());
    expect(await codes()).toEqual(['kept']);
  });

  test('the database stays usable after each of these failures', async () => {
    await withTransaction(db, (trx) => trx.insertInto('categories').values(category('z')).execute());
    expect(await codes()).toEqual(['z']);
  });
});
