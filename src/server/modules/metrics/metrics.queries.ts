import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';

/** Job states that mean work waiting, running or given up; completed jobs are history. */
export const JOB_STATES = ['created', 'retry', 'active', 'failed'] as const;

export interface JobCount {
  queue: string;
  state: string;
  count: number;
}

/**
 * pg-boss's jobs per queue and state, with zeros for queues that have none, from its own tables
 * (pg-boss 10: `<schema>.queue`, and `<schema>.job` partitioned by queue). Completed jobs are left
 * out: they stay in the job table until archived and would make the count grow with history.
 */
export async function jobCounts(db: Db, schema: string): Promise<JobCount[]> {
  const queues = await sql<{ name: string }>`select name from ${sql.id(schema, 'queue')}`.execute(db.kysely);
  const counted = await sql<JobCount>`
    select name as queue, state::text as state, count(*)::int as count
    from ${sql.id(schema, 'job')}
    where state::text in (${sql.join([...JOB_STATES])})
    group by name, state`.execute(db.kysely);
  const found = new Map(counted.rows.map((r) => [`${r.queue}\u0000${r.state}`, Number(r.count)]));
  return queues.rows.flatMap(({ name }) =>
    JOB_STATES.map((state) => ({ queue: name, state, count: found.get(`${name}\u0000${state}`) ?? 0 })),
  );
}
