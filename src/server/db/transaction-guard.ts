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

export interface GuardOptions {
  /**
   * All clients share one database session (PGlite): a client removed from the pool after an
   * error does not end the session, so its transaction state carries over to the next client.
   */
  sharedSession: boolean;
}

/**
 * Makes pool.connect() fail fast when called from inside a transaction on the same pool, and
 * never hands out a connection left inside a transaction (a failed multi-statement script with
 * its own BEGIN, a client released mid-transaction): it is rolled back first. Without this, on
 * PGlite every later query fails with "current transaction is aborted" or, worse, joins it.
 */
export function guardPool(pool: pg.Pool, opts: GuardOptions): void {
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  const dirtyClients = new WeakSet<object>();
  let sessionDirty = false;
  pool.on('release', (err: Error | undefined, client: pg.PoolClient) => {
    const status = (
      client as unknown as { getTransactionStatus?: () => string | null }
    ).getTransactionStatus?.();
    // A client released with an error is dropped; on PostgreSQL its session ends with it, on
    // PGlite it lives on. pg reports the error before the session's new state, so after an
    // error the shared session is rolled back (a no-op with a warning when it was idle).
    if (err && opts.sharedSession) sessionDirty = true;
    if (status === 'T' || status === 'E') {
      if (opts.sharedSession) sessionDirty = true;
      else dirtyClients.add(client);
    }
  });

  const acquire = async (): Promise<pg.PoolClient> => {
    const current = scope.getStore();
    if (current?.active && current.pool === pool) throw new ConnectionInTransactionError();
    const client = await connect();
    if (sessionDirty || dirtyClients.has(client)) {
      sessionDirty = false;
      dirtyClients.delete(client);
      try {
        await client.query('rollback');
      } catch (err) {
        client.release(err as Error);
        throw err;
      }
    }
    return client;
  };

  const guarded = (cb?: ConnectCallback): Promise<pg.PoolClient> | void => {
    if (!cb) return acquire();
    acquire().then(
      (client) => cb(undefined, client, () => client.release()),
      (err: Error) => cb(err),
    );
  };
  (pool as unknown as { connect: typeof guarded }).connect = guarded;
}
