// pg-boss on the application's database, on both engines. On PostgreSQL it has its own pool
// (workers then never starve requests of connections). On PGlite it goes through our pool's one
// connection, through a `db` adapter: pg-boss's multi-statement scripts carry no parameters, so
// pg sends them by the simple protocol and each script is one atomic message on the session.
import { CompiledQuery, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import type { Db } from '../db/connection.js';
import type { Database } from '../db/tables.js';

export type SendOptions = Omit<PgBoss.SendOptions, 'db'>;
export type QueueOptions = Omit<PgBoss.Queue, 'name'>;

export interface JobQueue {
  boss: PgBoss;
  /** The pg-boss schema. */
  schema: string;
  /** Installs or upgrades pg-boss's schema, then (if startWorkers) runs maintenance and cron. */
  start(): Promise<void>;
  /** Stops workers and timers (waits up to 10 s for running handlers). Call before db.close(). */
  stop(): Promise<void>;
  /** Creates the queue if missing: pg-boss 10 refuses to send to or work on an unknown queue. */
  ensureQueue(name: string, options?: QueueOptions): Promise<void>;
  /** Sends outside any transaction (the job exists whatever happens next). */
  send(name: string, data: object, options?: SendOptions): Promise<string | null>;
  /**
   * Writes the job row inside trx: it exists if and only if trx commits. Returns the job id, or
   * null when a singleton/throttle rule dropped it. The queue must exist already.
   */
  sendInTransaction(
    trx: Transaction<Database>,
    name: string,
    data: object,
    options?: SendOptions,
  ): Promise<string | null>;
}

export interface JobQueueOptions {
  /** pg-boss schema (default 'pgboss'); tests on PostgreSQL use one per file. */
  schema?: string;
  /** Run supervision (maintenance, expiry) and cron schedules; off for CLI one-shots. Default true. */
  startWorkers?: boolean;
}

/** Runs pg-boss's SQL through a Kysely transaction or connection. */
export function kyselyAdapter(executor: Transaction<Database>): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[] = []) => {
      const result = await executor.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] };
    },
  };
}

/** Runs pg-boss's SQL on our pool (PGlite: its single connection, shared in turn with requests). */
function poolAdapter(db: Db): PgBoss.Db {
  return {
    executeSql: async (text: string, values?: unknown[]) => {
      const result = await db.pool.query(text, values);
      return { rows: result.rows as unknown[] };
    },
  };
}

export async function createJobQueue(db: Db, opts: JobQueueOptions = {}): Promise<JobQueue> {
  const schema = opts.schema ?? 'pgboss';
  const startWorkers = opts.startWorkers ?? true;
  const common: PgBoss.ConstructorOptions = {
    schema,
    migrate: true,
    supervise: startWorkers,
    schedule: startWorkers,
    // pg-boss's own defaults, written out because on PGlite they share the one connection.
    maintenanceIntervalSeconds: 120,
    cronMonitorIntervalSeconds: 30,
  };
  const boss =
    db.engine === 'postgres' && db.url
      ? new PgBoss({ ...common, connectionString: db.url, max: 4, application_name: 'yimen-jobs' })
      : new PgBoss({ ...common, db: poolAdapter(db) });
  // pg-boss reports background failures as 'error' events; without a listener Node would throw.
  boss.on('error', (err) => {
    process.emitWarning(`pg-boss: ${err instanceof Error ? err.message : String(err)}`);
  });

  const known = new Set<string>();
  return {
    boss,
    schema,
    start: async () => {
      await boss.start();
    },
    stop: async () => {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
    ensureQueue: async (name, options) => {
      if (known.has(name)) return;
      await boss.createQueue(name, { ...options, name });
      known.add(name);
    },
    send: (name, data, options) => boss.send(name, data, options ?? {}),
    sendInTransaction: (trx, name, data, options) =>
      boss.send(name, data, { ...options, db: kyselyAdapter(trx) }),
  };
}
