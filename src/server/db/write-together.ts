// Several writes in one round trip: data-modifying CTEs (WITH w0 AS (INSERT …), w1 AS (…) SELECT …).
// A hot path that writes five tables pays one network round trip and one parse instead of five,
// which matters most after a row lock is taken (a center's case-number counter): every round
// trip then lengthens the time other writers wait.
import { sql, type Kysely, type OperationNodeSource } from 'kysely';
import type { Database } from './tables.js';

/**
 * Runs INSERT / UPDATE / DELETE builders as one statement and returns the RETURNING rows of the
 * first (which must have a RETURNING clause). All of them see one snapshot and none sees the rows
 * another writes, so no two may touch the same row; constraints (foreign keys between them too)
 * and triggers are checked as for separate statements.
 */
export async function writeTogether<R>(
  db: Kysely<Database>,
  first: OperationNodeSource,
  rest: readonly (OperationNodeSource | null)[],
): Promise<R[]> {
  const parts = [first, ...rest.filter((q): q is OperationNodeSource => q !== null)].map(
    (q, i) => sql`${sql.raw(`w${i}`)} as (${q})`,
  );
  const { rows } = await sql<R>`with ${sql.join(parts)} select * from w0`.execute(db);
  return rows;
}
