// Seeding and imports are called with an open database (CLI, start-up) or with a Kysely handle
// that may already be a transaction (tests, a caller's larger unit of work); both are accepted.
import type { Kysely } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { Database } from '../../db/tables.js';
import { withTransaction } from '../../db/transaction.js';

/** Either an open database or a Kysely handle (possibly a transaction). */
export type DbHandle = Db | Kysely<Database>;

export function kyselyOf(db: DbHandle): Kysely<Database> {
  return 'kysely' in db ? db.kysely : db;
}

/** Runs fn in a transaction: the caller's when it passed one, otherwise a new one. */
export async function inTransaction<T>(db: DbHandle, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if ('kysely' in db) return withTransaction(db, fn);
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}
