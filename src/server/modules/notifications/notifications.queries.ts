import { sql, type Insertable, type Kysely } from 'kysely';
import type {
  Database,
  NotificationsTable,
  StaffNotificationsTable,
  WebhookSubscriptionsTable,
} from '../../db/tables.js';

type Q = Kysely<Database>;

/** Inserts unless the dedupe key exists; the new id, or null for a duplicate. */
export async function insertNotification(db: Q, row: Insertable<NotificationsTable>): Promise<string | null> {
  const r = await db
    .insertInto('notifications')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

export async function insertStaffNotification(
  db: Q,
  row: Insertable<StaffNotificationsTable>,
): Promise<string | null> {
  const r = await db
    .insertInto('staff_notifications')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

export async function getNotification(db: Q, id: string) {
  return db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markSent(db: Q, id: string, at: Date, provider: string) {
  await db
    .updateTable('notifications')
    .set((eb) => ({
      status: 'sent',
      sent_at: at,
      provider,
      last_error: null,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

export async function markSkipped(db: Q, id: string, reason: string) {
  await db
    .updateTable('notifications')
    .set({ status: 'skipped', last_error: reason.slice(0, 500) })
    .where('id', '=', id)
    .execute();
}

export async function markFailedAttempt(db: Q, id: string, error: string, final: boolean) {
  await db
    .updateTable('notifications')
    .set((eb) => ({
      status: final ? 'failed' : 'pending',
      last_error: error.slice(0, 500),
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

/** The latest messages to one phone (development outbox). */
export async function latestToPhone(db: Q, toBidx: string, limit: number) {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('to_bidx', '=', toBidx)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

// ---- what the case-event worker reads ----

export async function getEvent(db: Q, caseId: string, seq: number) {
  return db
    .selectFrom('case_events')
    .select(['case_id', 'seq', 'at', 'action', 'from_state', 'to_state', 'payload', 'actor_unit_id'])
    .where('case_id', '=', caseId)
    .where('seq', '=', seq)
    .executeTakeFirst();
}

export async function getCaseForNotice(db: Q, caseId: string) {
  return db
    .selectFrom('cases')
    .select([
      'id',
      'case_no',
      'state',
      'region_code',
      'category_code',
      'handling_level',
      'lead_unit_id',
      'owner_unit_id',
      'center_unit_id',
    ])
    .where('id', '=', caseId)
    .executeTakeFirst();
}

export async function applicantPhones(db: Q, caseId: string) {
  return db
    .selectFrom('parties')
    .select(['id', 'phone_enc'])
    .where('case_id', '=', caseId)
    .where('role', '=', 'applicant')
    .where('phone_enc', 'is not', null)
    .orderBy('id')
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

// ---- the bell ----

/** Entries for a user: addressed to them or to their unit, newest first, with their read mark. */
export async function listBell(
  db: Q,
  user: { id: string; unitId: string | null },
  opts: { limit: number; unreadOnly: boolean },
) {
  let q = db
    .selectFrom('staff_notifications as n')
    .leftJoin('staff_notification_reads as r', (j) =>
      j.onRef('r.notification_id', '=', 'n.id').on('r.user_id', '=', user.id),
    )
    .select(['n.id', 'n.kind', 'n.case_id', 'n.params', 'n.created_at', 'r.read_at'])
    .where((eb) =>
      user.unitId
        ? eb.or([eb('n.user_id', '=', user.id), eb('n.unit_id', '=', user.unitId)])
        : eb('n.user_id', '=', user.id),
    );
  if (opts.unreadOnly) q = q.where('r.read_at', 'is', null);
  return q.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(opts.limit).execute();
}

export async function unreadCount(db: Q, user: { id: string; unitId: string | null }): Promise<number> {
  const r = await db
    .selectFrom('staff_notifications as n')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where((eb) =>
      user.unitId
        ? eb.or([eb('n.user_id', '=', user.id), eb('n.unit_id', '=', user.unitId)])
        : eb('n.user_id', '=', user.id),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('staff_notification_reads as r')
            .select('r.notification_id')
            .whereRef('r.notification_id', '=', 'n.id')
            .where('r.user_id', '=', user.id),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Marks entries read (only those the user may see); returns how many were newly marked. */
export async function markRead(
  db: Q,
  user: { id: string; unitId: string | null },
  at: Date,
  id: string | null,
): Promise<number> {
  const visible = sql`(n.user_id = ${user.id}${user.unitId ? sql` or n.unit_id = ${user.unitId}` : sql``})`;
  const one = id ? sql`and n.id = ${id}` : sql``;
  const r = await sql`
    insert into staff_notification_reads (notification_id, user_id, read_at)
    select n.id, ${user.id}, ${at} from staff_notifications n
    where ${visible} ${one}
      and not exists (select 1 from staff_notification_reads r
                      where r.notification_id = n.id and r.user_id = ${user.id})
    on conflict do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function isVisibleBell(db: Q, user: { id: string; unitId: string | null }, id: string) {
  const r = await db
    .selectFrom('staff_notifications as n')
    .select('n.id')
    .where('n.id', '=', id)
    .where((eb) =>
      user.unitId
        ? eb.or([eb('n.user_id', '=', user.id), eb('n.unit_id', '=', user.unitId)])
        : eb('n.user_id', '=', user.id),
    )
    .executeTakeFirst();
  return r !== undefined;
}

// ---- webhook subscriptions ----

export async function listSubscriptions(db: Q) {
  return db.selectFrom('webhook_subscriptions').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function activeSubscriptions(db: Q) {
  return db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('active', '=', true)
    .orderBy('id')
    .execute();
}

export async function getSubscription(db: Q, id: string) {
  return db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSubscription(db: Q, row: Insertable<WebhookSubscriptionsTable>) {
  await db.insertInto('webhook_subscriptions').values(row).execute();
}

export async function updateSubscription(
  db: Q,
  id: string,
  set: Partial<{
    name: string;
    url: string;
    events: string;
    region_prefix: string;
    active: boolean;
    updated_at: Date;
  }>,
) {
  const r = await db.updateTable('webhook_subscriptions').set(set).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function deleteSubscription(db: Q, id: string) {
  const r = await db.deleteFrom('webhook_subscriptions').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}
