import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';

type Q = Kysely<Database>;

/** Serializes work on one key across processes until the transaction ends (rate-limit checks). */
export async function lockKey(db: Q, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 7310005))`.execute(db);
}

/** Creation times of a phone's codes since `since`, oldest first. */
export async function otpTimesOfPhone(db: Q, phoneBidx: string, since: Date): Promise<Date[]> {
  const rows = await db
    .selectFrom('resident_otps')
    .select('created_at')
    .where('phone_bidx', '=', phoneBidx)
    .where('created_at', '>', since)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.created_at);
}

export async function otpTimesOfIp(db: Q, ip: string, since: Date): Promise<Date[]> {
  const rows = await db
    .selectFrom('resident_otps')
    .select('created_at')
    .where('ip', '=', ip)
    .where('created_at', '>', since)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.created_at);
}

export async function insertOtp(
  db: Q,
  row: {
    id: string;
    phone_bidx: string;
    code_hmac: string;
    ip: string | null;
    created_at: Date;
    expires_at: Date;
  },
) {
  await db.insertInto('resident_otps').values(row).execute();
}

/** Codes older than `before` serve no rate limit any more. */
export async function deleteOldOtps(db: Q, before: Date) {
  await db.deleteFrom('resident_otps').where('created_at', '<', before).execute();
}

/** The phone's latest code: only the latest one counts. */
export async function latestOtp(db: Q, phoneBidx: string) {
  return db
    .selectFrom('resident_otps')
    .selectAll()
    .where('phone_bidx', '=', phoneBidx)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Counts one attempt, atomically, while attempts remain; the new count, or null when none remain. */
export async function countAttempt(db: Q, id: string, max: number): Promise<number | null> {
  const r = await db
    .updateTable('resident_otps')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('attempts', '<', max)
    .returning('attempts')
    .executeTakeFirst();
  return r?.attempts ?? null;
}

/** Uses a code once: false when it was used meanwhile. */
export async function consumeOtp(db: Q, id: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('resident_otps')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertResidentSession(
  db: Q,
  s: {
    token_hash: string;
    phone_bidx: string;
    now: Date;
    expires_at: Date;
    ip: string | null;
    user_agent: string | null;
  },
) {
  await db
    .insertInto('sessions')
    .values({
      token_hash: s.token_hash,
      user_id: null,
      resident_phone_bidx: s.phone_bidx,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expires_at,
      ip: s.ip,
      user_agent: s.user_agent,
    })
    .execute();
}

// ---- the resident's own cases (an applicant with the verified phone) ----

const ownCase = (phoneBidx: string) =>
  sql<boolean>`exists (select 1 from parties p where p.case_id = c.id and p.role = 'applicant' and p.phone_bidx = ${phoneBidx})`;

/** A case where the verified phone is any party's (the resident's data export, PIPL art. 45). */
const partyCase = (phoneBidx: string) =>
  sql<boolean>`exists (select 1 from parties p where p.case_id = c.id and p.phone_bidx = ${phoneBidx})`;

export async function casesOfPhone(
  db: Q,
  phoneBidx: string,
  opts: { id?: string; limit: number; anyRole?: boolean },
) {
  let q = db
    .selectFrom('cases as c')
    .leftJoin('categories as k', 'k.code', 'c.category_code')
    .leftJoin('regions as r', 'r.code', 'c.region_code')
    .select([
      'c.id',
      'c.case_no',
      'c.title',
      'c.description',
      'c.category_code',
      'k.name_zh as category_zh',
      'k.name_en as category_en',
      'c.region_code',
      'r.name as region_name',
      'c.state',
      'c.satisfaction',
      'c.version',
      'c.created_at',
      'c.updated_at',
      'c.channel',
      'c.privacy_notice_version',
      'c.concluded_at',
    ])
    .where(opts.anyRole ? partyCase(phoneBidx) : ownCase(phoneBidx));
  if (opts.id) q = q.where('c.id', '=', opts.id);
  return q.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(opts.limit).execute();
}

export async function eventsOfCases(db: Q, caseIds: readonly string[]) {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom('case_events')
    .select(['case_id', 'seq', 'at', 'action', 'payload', 'actor_unit_id'])
    .where('case_id', 'in', [...caseIds])
    .orderBy('case_id')
    .orderBy('seq')
    .execute();
}

export async function unitNames(db: Q, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function attachmentCount(db: Q, caseId: string): Promise<number> {
  const r = await db
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
