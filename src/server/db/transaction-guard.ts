// Catches the one mistake that hangs PGlite: taking a second pooled connection while a
// transaction holds the only one (for example `db.kysely` used where `trx` was meant). The same
// code on PostgreSQL would silently run outside the transaction, so the guard is on for both.
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';

interface TransactionScope {
  pool: pg.Pool;
  /** Cleared when the transaction ends: async work started inside may outlive it. */
  active: boolean;
}

const scope = new AsyncLocalStorage<TransactionScope>();

export class ConnectionInTransactionError extends Error {
  constructor() {
    super(
      'A query asked the pool for a second connection inside a transaction. ' +
        'Use the transaction object (trx) for every query inside withTransaction(); ' +
        'on PGlite the pool has one connection and this would deadlock.',
    );
    this.name = 'ConnectionInTransactionError';
  }
}

/** Runs fn marked as "inside a transaction on pool". */
export async function runInTransactionScope<T>(pool: pg.Pool, fn: () => Promise<T>): Promise<T> {
  const store: TransactionScope = { pool, active: true };
  try {
    return await scope.run(store, fn);
  } finally {
    store.active = false;
  }
}

type ConnectCallback = (err: Error | undefined, client?: pg.PoolClient, done?: () => void) => void;

/** Makes pool.connect() fail fast when called from inside a transaction on the same pool. */
export function guardPool(pool: pg.Pool): void {
  const connect = pool.connect.bind(pool) as (cb?: ConnectCallback) => Promise<pg.PoolClient> | void;
  const guarded = (cb?: ConnectCallback): Promise<pg.PoolClient> | void => {
    const current = scope.getStore();
    if (current?.active && current.pool === pool) {
      const err = new ConnectionInTransactionError();
      if (cb) return void process.nextTick(() => cb(err));
      return Promise.reject(err);
    }
    return connect(cb);
  };
  (pool as unknown as { connect: typeof guarded }).connect = guarded;
}
