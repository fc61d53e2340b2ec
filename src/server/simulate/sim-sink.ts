// Where simulated rows go: the fastest bulk path of each engine, one transaction per chunk that
// also records the chunk as done, so an interrupted run resumes exactly after the last commit.
//   PostgreSQL: COPY … FROM STDIN (pg-copy-streams) on one pooled connection.
//   PGlite:     COPY … FROM '/dev/blob' with the rows as the query's blob.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../db/connection.js';
import type { CopyTable } from './copy-text.js';
import type { SimOptions } from './sim-world.js';

/** The simulation's own bookkeeping: its parameters and the chunks done (created on first use). */
const DDL = [
  `create table if not exists simulate_runs (
     id integer primary key check (id = 1),
     city text not null, year integer not null, scale double precision not null, seed bigint not null,
     started_at timestamptz not null, finished_at timestamptz)`,
  `create table if not exists simulate_progress (
     stage text not null, chunk integer not null, rows integer not null, ms integer not null,
     done_at timestamptz not null, primary key (stage, chunk))`,
];

/**
 * Creates the bookkeeping tables if missing. Creating needs CREATE on the schema (the owner, on a
 * PostgreSQL set up with two roles); once they exist the app role only writes rows.
 */
export async function ensureSimulateTables(db: Db): Promise<void> {
  const { rows } = await sql<{ n: number }>`
    select (to_regclass('simulate_runs') is not null)::int + (to_regclass('simulate_progress') is not null)::int as n`.execute(
    db.kysely,
  );
  if (rows[0]?.n === 2) return;
  for (const ddl of DDL) await sql.raw(ddl).execute(db.kysely);
}

export class SimulationMismatchError extends Error {
  override name = 'SimulationMismatchError';
}

/**
 * Records the run's parameters, or checks them against the recorded ones: a database holds one
 * simulated year, resumed with the same options, never a second one laid over it.
 */
export async function claimRun(db: Db, o: SimOptions, now: Date): Promise<void> {
  const { rows } = await sql<{ city: string; year: number; scale: number; seed: string }>`
    select city, year, scale, seed::text as seed from simulate_runs where id = 1`.execute(db.kysely);
  const run = rows[0];
  if (!run) {
    await sql`insert into simulate_runs (id, city, year, scale, seed, started_at)
      values (1, ${o.city}, ${o.year}, ${o.scale}, ${o.seed}, ${now})`.execute(db.kysely);
    return;
  }
  if (run.city !== o.city || run.year !== o.year || run.scale !== o.scale || Number(run.seed) !== o.seed) {
    throw new SimulationMismatchError(
      `this database holds a simulation of city ${run.city}, year ${run.year}, scale ${run.scale}, ` +
        `seed ${run.seed}; rerun with those options to resume it, or use an empty database`,
    );
  }
}

export async function finishRun(db: Db, now: Date): Promise<void> {
  await sql`update simulate_runs set finished_at = ${now} where id = 1`.execute(db.kysely);
}

/** The chunks of a stage already committed. */
export async function chunksDone(db: Db, stage: string): Promise<Set<number>> {
  const { rows } = await sql<{ chunk: number }>`
    select chunk from simulate_progress where stage = ${stage}`.execute(db.kysely);
  return new Set(rows.map((r) => r.chunk));
}

/** Rows and milliseconds recorded per stage (the figures of a run, resumed or not). */
export async function stageFigures(
  db: Db,
): Promise<Map<string, { rows: number; ms: number; chunks: number }>> {
  const { rows } = await sql<{ stage: string; rows: string; ms: string; chunks: string }>`
    select stage, sum(rows)::text as rows, sum(ms)::text as ms, count(*)::text as chunks
    from simulate_progress group by stage`.execute(db.kysely);
  return new Map(
    rows.map((r) => [r.stage, { rows: Number(r.rows), ms: Number(r.ms), chunks: Number(r.chunks) }]),
  );
}

/** Test hooks: a failure injected just before a chunk commits rolls it back whole. */
export interface SinkHooks {
  beforeCommit?(stage: string, chunk: number): void | Promise<void>;
}

export interface ChunkInfo {
  stage: string;
  chunk: number;
  rows: number;
  /** milliseconds spent making the chunk (recorded with it) */
  startedAt: number;
}

const copySql = (t: CopyTable, source: string) => `copy ${t.table} (${t.columns.join(', ')}) from ${source}`;

const PROGRESS_SQL =
  'insert into simulate_progress (stage, chunk, rows, ms, done_at) values ($1, $2, $3, $4, $5)';

/**
 * Whether the connection may load without firing triggers (a PostgreSQL superuser): the foreign-key
 * checks are then skipped for rows that are consistent by construction, as pg_restore
 * --disable-triggers does. The tests run with the checks on (PGlite, and the app role on PostgreSQL).
 */
export async function maySkipTriggers(db: Db): Promise<boolean> {
  if (db.engine !== 'postgres') return false;
  const { rows } = await sql<{ su: boolean }>`
    select rolsuper as su from pg_roles where rolname = current_user`.execute(db.kysely);
  return rows[0]?.su === true;
}

/**
 * Writes the tables of one chunk, in order, and marks the chunk done, in one transaction. With
 * `skipTriggers` (PostgreSQL superuser only, see maySkipTriggers) the chunk's session skips
 * triggers and foreign-key checks: session_replication_role = replica, for this transaction only.
 */
export async function commitChunk(
  db: Db,
  info: ChunkInfo,
  tables: readonly CopyTable[],
  hooks: SinkHooks = {},
  opts: { skipTriggers?: boolean } = {},
): Promise<void> {
  const progress = () => [info.stage, info.chunk, info.rows, Date.now() - info.startedAt, new Date()];
  if (db.engine === 'pglite') {
    await db.pglite!.transaction(async (tx) => {
      for (const t of tables) {
        if (!t.rowCount) continue;
        await tx.query(copySql(t, `'/dev/blob'`), [], { blob: new Blob([t.text()]) });
      }
      await hooks.beforeCommit?.(info.stage, info.chunk);
      await tx.query(PROGRESS_SQL, progress());
    });
    return;
  }
  const client = await db.pool.connect();
  try {
    await client.query('begin');
    if (opts.skipTriggers) await client.query('set local session_replication_role = replica');
    for (const t of tables) {
      if (!t.rowCount) continue;
      await pipeline(Readable.from([Buffer.from(t.text())]), client.query(copyFrom(copySql(t, 'stdin'))));
    }
    await hooks.beforeCommit?.(info.stage, info.chunk);
    await client.query(PROGRESS_SQL, progress());
    await client.query('commit');
    client.release();
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    client.release(err as Error);
    throw err;
  }
}
