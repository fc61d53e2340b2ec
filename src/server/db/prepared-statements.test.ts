import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import { sql } from 'kysely';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection.js';
import { namePreparedStatements } from './prepared-statements.js';

const databaseUrl = process.env.DATABASE_URL;

/** A pool whose one client records what it was asked to send. */
function fakePool() {
  const pool = new EventEmitter() as unknown as pg.Pool;
  const sent: unknown[][] = [];
  const client = { query: (...args: unknown[]) => sent.push(args) };
  return { pool, client, sent, connect: () => pool.emit('connect', client) };
}

describe('namePreparedStatements', () => {
  it('names a text after it was seen `after` times, always with the same name, never more than `max`', () => {
    const texts = [
      'select 1',
      'select $1::int',
      'insert into t values ($1)',
      'with a as (select 1) select 2',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...texts, 'begin', 'commit', 'set x = 1'), { maxLength: 60 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        (sequence, after, max) => {
          const { pool, client, sent, connect } = fakePool();
          const prepared = namePreparedStatements(pool, { after, max });
          connect();
          const seen = new Map<string, number>();
          const nameOfText = new Map<string, string>();
          for (const text of sequence) {
            client.query(text, []);
            const count = (seen.get(text) ?? 0) + 1;
            seen.set(text, count);
            const args = sent.at(-1)!;
            if (typeof args[0] === 'string') {
              // sent unnamed: not preparable, seen too few times, or the names are all taken
              expect(args).toEqual([text, []]);
              expect(
                !/^(select|insert|with)/.test(text) || count <= after || prepared.names.size >= max,
              ).toBe(true);
              expect(prepared.names.has(text)).toBe(false);
            } else {
              const config = args[0] as { name: string; text: string; values: unknown[] };
              expect(config.text).toBe(text);
              expect(count).toBeGreaterThan(after);
              expect(nameOfText.get(text) ?? config.name).toBe(config.name);
              nameOfText.set(text, config.name);
            }
          }
          expect(prepared.names.size).toBeLessThanOrEqual(max);
          expect(new Set(prepared.names.values()).size).toBe(prepared.names.size);
          expect(prepared.namedSent()).toBe(sent.filter((a) => typeof a[0] !== 'string').length);
        },
      ),
    );
  });

  it('passes other forms through unchanged (a config object, a callback)', () => {
    const { pool, client, sent, connect } = fakePool();
    namePreparedStatements(pool, { after: 0 });
    connect();
    const callback = () => undefined;
    client.query({ text: 'select 1' });
    client.query('select 1', [], callback);
    expect(sent).toEqual([[{ text: 'select 1' }], ['select 1', [], callback]]);
  });
});

describe.skipIf(!databaseUrl)('prepared statements on PostgreSQL', () => {
  it('prepares a frequent statement once per connection, with the same answers', async () => {
    const db = await openDatabase({ databaseUrl: databaseUrl!, poolMax: 1 });
    try {
      const answers: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await sql<{ n: number }>`select ${i}::int * 2 as n`.execute(db.kysely);
        answers.push(r.rows[0]!.n);
      }
      expect(answers).toEqual([0, 2, 4, 6, 8]);
      const [, name] = [...db.prepared!.names.entries()].find(([text]) => text.includes('* 2 as n'))!;
      expect(name).toMatch(/^y\d+$/);
      const onServer = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(
        db.kysely,
      );
      expect(onServer.rows.filter((r) => r.statement.includes('* 2 as n'))).toHaveLength(1);
      expect(db.prepared!.namedSent()).toBe(3);

      // a named statement that fails leaves the connection usable, in and out of a transaction
      const divide = (d: number) => sql<{ q: number }>`select 6 / ${d}::int as q`.execute(db.kysely);
      for (let i = 0; i < 3; i++) await divide(3);
      await expect(divide(0)).rejects.toThrow(/division by zero/);
      expect((await divide(2)).rows[0]!.q).toBe(3);
      await expect(
        db.kysely.transaction().execute(async (trx) => {
          await sql`select 6 / ${0}::int`.execute(trx);
        }),
      ).rejects.toThrow(/division by zero/);
      expect((await divide(1)).rows[0]!.q).toBe(6);
    } finally {
      await db.close();
    }
  });

  it('sends every statement unnamed when turned off', async () => {
    const db = await openDatabase({ databaseUrl: databaseUrl!, poolMax: 1, preparedStatements: false });
    try {
      for (let i = 0; i < 5; i++) await sql`select ${i}::int + 1`.execute(db.kysely);
      expect(db.prepared).toBeUndefined();
      const r = await sql<{ n: string }>`select count(*) as n from pg_prepared_statements`.execute(db.kysely);
      expect(r.rows[0]!.n).toBe('0');
    } finally {
      await db.close();
    }
  });
});
