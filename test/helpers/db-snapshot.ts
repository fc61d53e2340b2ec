// "Writes nothing", checked: the row count and a content digest of every application table (and
// of pg-boss's job table, since jobs are sent inside the writing transaction). Take a snapshot
// before a request, then ask what changed after it:
//
//   const snap = await takeSnapshot(t.db);
//   const res = await clerk.post('/api/cases', {});
//   expect(await snap.changes()).toEqual({});            // nothing written
//   expect(await snap.changes()).toEqual({ audit_log: 1 }); // only a deliberate audit row
//
// The digest catches UPDATEs that keep the row count (a version bump, a failed-login counter), so
// a table listed with a delta of 0 was rewritten in place.
import { sql } from 'kysely';
import type { TestDb } from './test-db.js';

export interface TableState {
  rows: number;
  /** md5 over the sorted md5s of the rows' text forms: any INSERT, UPDATE or DELETE changes it */
  digest: string;
}

/** Table name (pg-boss's as `jobs`) → its state. */
export type DbState = Record<string, TableState>;

export interface DbSnapshot {
  readonly before: DbState;
  /**
   * Tables whose contents differ from the snapshot, each with its row-count delta (0 when rows
   * were only updated); {} when the database is as it was.
   */
  changes(): Promise<Record<string, number>>;
}

// Reference data no case or auth route writes: digesting its ~26,000 rows (every village, grid
// and village committee of the city) would cost most of the time, so it is counted only.
const COUNT_ONLY = new Set(['regions', 'units']);

/** The state of every table of the current schema (except schema_migrations; partitions under their parent) and of the job table. */
export async function readDbState(db: TestDb): Promise<DbState> {
  const { rows: tables } = await sql<{ name: string }>`
    select c.relname as name from pg_class c
    where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
      and not c.relispartition -- a partitioned table's rows are counted once, under its own name
      and c.relname <> 'schema_migrations'
    order by c.relname`.execute(db.kysely);
  const parts = tables.map(({ name }) => {
    const id = sql.id(name);
    const digest = COUNT_ONLY.has(name)
      ? sql`''`
      : sql`coalesce(md5(string_agg(md5(t::text), '' order by md5(t::text))), '')`;
    return sql`select ${name} as name, count(*)::int as rows, ${digest} as digest from ${id} as t`;
  });
  parts.push(
    sql`select 'jobs' as name, count(*)::int as rows,
          coalesce(md5(string_agg(j.id::text || j.state::text, ',' order by j.id)), '') as digest
        from ${sql.id(db.jobSchema, 'job')} as j`,
  );
  const { rows } = await sql<{
    name: string;
    rows: number;
    digest: string;
  }>`${sql.join(parts, sql` union all `)}`.execute(db.kysely);
  return Object.fromEntries(rows.map((r) => [r.name, { rows: Number(r.rows), digest: r.digest }]));
}

/** Reads the state now; `changes()` compares a later state with it. */
export async function takeSnapshot(db: TestDb): Promise<DbSnapshot> {
  const before = await readDbState(db);
  return {
    before,
    changes: async () => diffStates(before, await readDbState(db)),
  };
}

/** Tables that differ between two states, with their row-count deltas. */
export function diffStates(before: DbState, after: DbState): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[name] ?? { rows: 0, digest: '' };
    const b = after[name] ?? { rows: 0, digest: '' };
    if (a.rows !== b.rows || a.digest !== b.digest) out[name] = b.rows - a.rows;
  }
  return out;
}
