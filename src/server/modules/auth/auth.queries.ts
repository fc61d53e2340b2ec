import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';

export async function findUserByUsername(db: Kysely<Database>, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function recordFailedLogin(
  db: Kysely<Database>,
  userId: string,
  threshold: number,
  lockUntil: Date,
) {
  // one statement, so concurrent failures count exactly
  return db
    .updateTable('users')
    .set((eb) => ({
      failed_logins: eb('failed_logins', '+', 1),
      locked_until: eb
        .case()
        .when('failed_logins', '>=', threshold - 1)
        .then(lockUntil)
        .else(eb.ref('locked_until'))
        .end(),
    }))
    .where('id', '=', userId)
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirstOrThrow();
}

export async function resetFailedLogins(db: Kysely<Database>, userId: string, totpStep?: number) {
  await db
    .updateTable('users')
    .set({
      failed_logins: 0,
      locked_until: null,
      ...(totpStep !== undefined ? { totp_last_step: String(totpStep) } : {}),
    })
    .where('id', '=', userId)
    .execute();
}

export async function insertSession(
  db: Kysely<Database>,
  s: {
    id: string;
    token_hash: string;
    user_id: string | null;
    resident_phone_bidx: string | null;
    now: Date;
    expires_at: Date;
    ip: string | null;
    user_agent: string | null;
  },
) {
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      token_hash: s.token_hash,
      user_id: s.user_id,
      resident_phone_bidx: s.resident_phone_bidx,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expires_at,
      ip: s.ip,
      user_agent: s.user_agent,
    })
    .execute();
}

export async function findSession(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .leftJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('units', 'units.id', 'users.unit_id')
    .leftJoin('regions', 'regions.code', 'users.scope_code')
    .select([
      'sessions.id',
      'sessions.token_hash',
      'sessions.user_id',
      'sessions.resident_phone_bidx',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.username',
      'users.display_name',
      'users.role',
      'users.unit_id',
      'users.scope_code',
      'users.active',
      'users.must_change_password',
      'users.totp_enabled_at',
      'units.name as unit_name',
      'regions.name as scope_name',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchSession(db: Kysely<Database>, tokenHash: string, now: Date) {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Kysely<Database>, tokenHash: string) {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}
