// Every transaction goes through Kysely's transaction(): on PGlite a BEGIN sent as a bare query
// would share the single session with concurrent requests, whose work could roll back with it.
import type { Transaction } from 'kysely';
import type { Db } from './connection.js';
import type { Database } from './tables.js';
import { runInTransactionScope } from './transaction-guard.js';

export type Trx = Transaction<Database>;

export interface TransactionOptions {
  /** Default: the server's default (read committed). */
  isolation?: 'read committed' | 'repeatable read' | 'serializable';
  /** Extra attempts after a serialization failure or deadlock (default 3). */
  retries?: number;
}

/** serialization_failure and deadlock_detected: safe to retry the whole transaction. */
const RETRYABLE = new Set(['40001', '40P01']);

export function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/**
 * Runs fn in one transaction: COMMIT when it resolves, ROLLBACK when it throws. A serialization
 * failure or deadlock reruns fn from the start (so fn must not have effects outside the database
 * that cannot be repeated). Inside fn, use only `trx`: asking `db` for another connection throws.
 */
export async function withTransaction<T>(
  db: Db,
  fn: (trx: Trx) => Promise<T>,
  opts: TransactionOptions = {},
): Promise<T> {
  const retries = opts.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    try {
      let builder = db.kysely.transaction();
      if (opts.isolation) builder = builder.setIsolationLevel(opts.isolation);
      return await builder.execute((trx) => runInTransactionScope(db.pool, () => fn(trx)));
    } catch (err) {
      if (attempt >= retries || !isRetryable(err)) throw err;
      // A short, jittered pause lets the competing transaction finish first.
      await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt + Math.random() * 10));
    }
  }
}
