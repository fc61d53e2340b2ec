// SQL of staff accounts. The accounts list is paged by username (unique): keyset, so the 19,300
// accounts of a city page as fast at the end as at the start.
import type { Kysely, Updateable } from 'kysely';
import type { Database, UserRole, UsersTable } from '../../db/tables.js';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

export interface AccountFilter {
  /** part of the username or the display name */
  text?: string;
  role?: UserRole;
  unitId?: string;
  /** scope code prefix: accounts whose scope lies in this region node */
  scopePrefix?: string;
  active?: boolean;
  /** usernames after this one */
  after?: string;
  limit: number;
}

function accountRows(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .leftJoin('units', 'units.id', 'users.unit_id')
    .leftJoin('regions', 'regions.code', 'users.scope_code')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.unit_id',
      'units.name as unit_name',
      'units.code as unit_code',
      'users.scope_code',
      'regions.name as scope_name',
      'users.active',
      'users.failed_logins',
      'users.locked_until',
      'users.must_change_password',
      'users.is_demo',
      'users.created_at',
      'users.totp_enabled_at',
    ]);
}

export type AccountRow = Awaited<ReturnType<typeof findAccount>> & object;

export async function findAccounts(db: Kysely<Database>, f: AccountFilter) {
  let q = accountRows(db);
  if (f.text) {
    const like = `%${escapeLike(f.text.toLowerCase())}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['users.username']), 'like', like),
        eb(eb.fn('lower', ['users.display_name']), 'like', like),
      ]),
    );
  }
  if (f.role) q = q.where('users.role', '=', f.role);
  if (f.unitId) q = q.where('users.unit_id', '=', f.unitId);
  if (f.scopePrefix) q = q.where('users.scope_code', 'like', `${escapeLike(f.scopePrefix)}%`);
  if (f.active !== undefined) q = q.where('users.active', '=', f.active);
  if (f.after) q = q.where('users.username', '>', f.after);
  return q.orderBy('users.username').limit(f.limit).execute();
}

export async function findAccount(db: Kysely<Database>, id: string) {
  return accountRows(db).where('users.id', '=', id).executeTakeFirst();
}

/** The stored row with its password hash (only for checking a password). */
export async function findUserForPassword(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'role', 'password_hash'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findUserByUsername(db: Kysely<Database>, username: string) {
  return db.selectFrom('users').select(['id', 'role']).where('username', '=', username).executeTakeFirst();
}

export async function usernameTaken(db: Kysely<Database>, username: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return row !== undefined;
}

export async function findUnitFacts(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('units')
    .select(['id', 'name', 'kind', 'region_code', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findRegionFacts(db: Kysely<Database>, code: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'level', 'parent_code'])
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function insertUser(
  db: Kysely<Database>,
  u: {
    id: string;
    username: string;
    password_hash: string;
    display_name: string;
    role: UserRole;
    unit_id: string | null;
    scope_code: string;
    created_at: Date;
  },
) {
  await db
    .insertInto('users')
    .values({ ...u, must_change_password: true, is_demo: false, active: true })
    .execute();
}

export async function updateUser(db: Kysely<Database>, id: string, set: Updateable<UsersTable>) {
  const res = await db.updateTable('users').set(set).where('id', '=', id).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Ends the account's sessions (all, or all but the caller's own). */
export async function deleteSessionsOf(db: Kysely<Database>, userId: string, keepTokenHash?: string) {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepTokenHash) q = q.where('token_hash', '<>', keepTokenHash);
  const res = await q.executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** The account's previous password hashes, newest first. */
export async function findPasswordHistory(db: Kysely<Database>, userId: string, limit: number) {
  return db
    .selectFrom('password_history')
    .select(['id', 'password_hash'])
    .where('user_id', '=', userId)
    .orderBy('replaced_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Keeps a replaced password hash, and only the newest `keep` of the account's. */
export async function pushPasswordHistory(
  db: Kysely<Database>,
  row: { id: string; user_id: string; password_hash: string; replaced_at: Date },
  keep: number,
) {
  await db.insertInto('password_history').values(row).execute();
  const kept = await findPasswordHistory(db, row.user_id, keep);
  await db
    .deleteFrom('password_history')
    .where('user_id', '=', row.user_id)
    .$if(kept.length > 0, (q) =>
      q.where(
        'id',
        'not in',
        kept.map((k) => k.id),
      ),
    )
    .execute();
}
