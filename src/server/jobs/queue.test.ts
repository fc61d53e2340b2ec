import { sql } from 'kysely';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/helpers/test-db.js';
import { withTransaction } from '../db/transaction.js';
import { createJobQueue, type JobQueue } from './queue.js';

const QUEUE = 'test.notify';
let db: TestDb;
let jobs: JobQueue;

beforeAll(async () => {
  db = await createTestDb();
  jobs = await createJobQueue(db, { schema: db.jobSchema, startWorkers: true });
  await jobs.start();
  await jobs.ensureQueue(QUEUE);
});

afterAll(async () => {
  await jobs?.stop();
  await db?.close();
});

async function jobCount(marker: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from ${sql.table(`${db.jobSchema}.job`)}
    where name = ${QUEUE} and data->>'marker' = ${marker}`.execute(db.kysely);
  return rows[0]!.n;
}

describe('job queue', () => {
  test('a job sent inside a transaction that commits exists, with its data', async () => {
    const id = await withTransaction(db, async (trx) => {
      await trx.insertInto('categories').values({ code: 'c1', name_zh: 'c1', name_en: 'c1' }).execute();
      return jobs.sendInTransaction(trx, QUEUE, { marker: 'committed' });
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const job = await jobs.boss.getJobById(QUEUE, id!);
    expect(job?.data).toEqual({ marker: 'committed' });
    expect(await jobCount('committed')).toBe(1);
  });

  test('a job sent inside a transaction that rolls back does not exist, nor does the change', async () => {
    let id: string | null = null;
    await expect(
      withTransaction(db, async (trx) => {
        await trx.insertInto('categories').values({ code: 'c2', name_zh: 'c2', name_en: 'c2' }).execute();
        id = await jobs.sendInTransaction(trx, QUEUE, { marker: 'rolled-back' });
        throw new Error('abort the change');
      }),
    ).rejects.toThrow('abort the change');
    expect(id).not.toBeNull();
    expect(await jobs.boss.getJobById(QUEUE, id!)).toBeNull();
    expect(await jobCount('rolled-back')).toBe(0);
    const rows = await db.kysely.selectFrom('categories').select('code').where('code', '=', 'c2').execute();
    expect(rows).toEqual([]);
  });

  test('a worker receives a job once its transaction has committed', async () => {
    const WORKED = 'test.worked';
    await jobs.ensureQueue(WORKED);
    const received = new Promise<PgBoss.Job<{ marker: string }>>((resolve) => {
      void jobs.boss.work<{ marker: string }>(WORKED, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
        resolve(job!);
      });
    });
    await withTransaction(db, (trx) => jobs.sendInTransaction(trx, WORKED, { marker: 'work-me' }));
    expect((await received).data).toEqual({ marker: 'work-me' });
  });

  test('truncateAll removes pending jobs but keeps the queues', async () => {
    await jobs.send(QUEUE, { marker: 'pending' });
    expect(await jobCount('pending')).toBe(1);
    await db.truncateAll();
    expect(await jobCount('pending')).toBe(0);
    expect(await jobs.send(QUEUE, { marker: 'after' })).not.toBeNull();
  });
});
