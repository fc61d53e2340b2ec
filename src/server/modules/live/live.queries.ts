import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';

type Q = Kysely<Database>;

/** The channel of this schema (the same expression as the case_events trigger of 0004). */
export async function liveChannel(db: Q): Promise<string> {
  const { rows } = await sql<{ channel: string }>`
    select 'yimen_live_' || current_schema() as channel`.execute(db);
  return rows[0]!.channel;
}

/** Sends notifications on this schema's channel; delivered at COMMIT of the surrounding transaction. */
export async function notify(db: Q, payloads: readonly string[]): Promise<void> {
  if (payloads.length === 0) return;
  await sql`select pg_notify('yimen_live_' || current_schema(), p)
            from unnest(${sql.val(payloads)}::text[]) as p`.execute(db);
}

/** The cases (and their unit links) a batch of notifications is about. */
export async function casesForLive(db: Q, ids: readonly string[]) {
  if (ids.length === 0) return { cases: [], links: [] };
  const [cases, links] = await Promise.all([
    db.selectFrom('cases').selectAll().where('id', 'in', ids).execute(),
    db
      .selectFrom('case_units')
      .select(['case_id', 'unit_id', 'relation'])
      .where('case_id', 'in', ids)
      .execute(),
  ]);
  return { cases, links };
}

/** Session rows of connected streams: which are still valid is decided by the caller. */
export async function sessionsByHash(db: Q, hashes: readonly string[]) {
  if (hashes.length === 0) return [];
  return db
    .selectFrom('sessions')
    .leftJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.token_hash', 'sessions.expires_at', 'sessions.last_seen_at', 'users.active'])
    .where('sessions.token_hash', 'in', hashes)
    .execute();
}
