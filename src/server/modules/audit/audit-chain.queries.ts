// SQL of the audit log's seal chain (audit_chain, 0015).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';

export async function lockSealer(db: Kysely<Database>): Promise<void> {
  // one sealer at a time across server processes; released at commit
  await sql`select pg_advisory_xact_lock(7310010)`.execute(db);
}

export async function chainHead(db: Kysely<Database>) {
  return db
    .selectFrom('audit_chain as c')
    .leftJoin('audit_log as a', 'a.id', 'c.audit_id')
    .select(['c.seq', 'c.hash', 'a.recorded_at'])
    .orderBy('c.seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

const AUDIT_COLUMNS = [
  'a.id',
  'a.at',
  'a.actor_id',
  'a.actor_role',
  'a.actor_label',
  'a.ip',
  'a.action',
  'a.target_type',
  'a.target_id',
  'a.result',
  'a.detail',
] as const;

/**
 * Audit rows not yet sealed, in insert order. Rows commit out of insert order, so the caller reaches
 * back from the newest sealed row by longer than a transaction is ever open (recorded_at is the
 * database's clock at insert, whatever the servers' clocks).
 */
export async function findUnsealed(db: Kysely<Database>, since: Date | null, limit: number) {
  let q = db
    .selectFrom('audit_log as a')
    .select(AUDIT_COLUMNS)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('audit_chain as c').select('c.seq').whereRef('c.audit_id', '=', 'a.id'))),
    );
  if (since) q = q.where('a.recorded_at', '>=', since);
  return q.orderBy('a.recorded_at').orderBy('a.id').limit(limit).execute();
}

export async function insertLinks(
  db: Kysely<Database>,
  links: { seq: string; audit_id: string; prev_hash: string; hash: string; sealed_at: Date }[],
): Promise<void> {
  if (links.length) await db.insertInto('audit_chain').values(links).execute();
}

/** Links after `afterSeq`, in order, each with its audit row (null columns when the row is gone). */
export async function findLinks(db: Kysely<Database>, afterSeq: number, limit: number) {
  return db
    .selectFrom('audit_chain as c')
    .leftJoin('audit_log as a', 'a.id', 'c.audit_id')
    .select(['c.seq', 'c.prev_hash', 'c.hash', 'c.audit_id', ...AUDIT_COLUMNS])
    .where('c.seq', '>', String(afterSeq))
    .orderBy('c.seq')
    .limit(limit)
    .execute();
}

/** Audit rows older than `before` that no link seals (written behind the sealer's back). */
export async function countUnsealedBefore(db: Kysely<Database>, before: Date): Promise<number> {
  const row = await db
    .selectFrom('audit_log as a')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('a.recorded_at', '<', before)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('audit_chain as c').select('c.seq').whereRef('c.audit_id', '=', 'a.id'))),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countAudit(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The database's clock, shifted by `offsetMs`. */
export async function databaseNow(db: Kysely<Database>, offsetMs = 0): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`select now() as now`.execute(db);
  return new Date(rows[0]!.now.getTime() + offsetMs);
}
