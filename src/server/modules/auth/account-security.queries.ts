// SQL of a user's own security settings: the second factor's columns and the user's sessions.
import type { Kysely, Updateable } from 'kysely';
import type { Database, UsersTable } from '../../db/tables.js';

export async function findTotpState(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'role', 'totp_secret', 'totp_pending', 'totp_enabled_at', 'totp_last_step'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

export async function updateTotp(
  db: Kysely<Database>,
  userId: string,
  set: Pick<Updateable<UsersTable>, 'totp_secret' | 'totp_pending' | 'totp_enabled_at' | 'totp_last_step'>,
) {
  await db.updateTable('users').set(set).where('id', '=', userId).execute();
}

export async function findSessionsOf(db: Kysely<Database>, userId: string, now: Date) {
  return db
    .selectFrom('sessions')
    .select(['id', 'token_hash', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

/** Ends one session of the user; 0 when the id is not one of theirs. */
export async function deleteSessionOf(db: Kysely<Database>, userId: string, id: string): Promise<number> {
  const r = await db
    .deleteFrom('sessions')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
