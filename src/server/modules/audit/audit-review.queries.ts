// SQL of the audit administrator's review: the audit log and the log of clear reads of personal
// data, newest first, paged by id (UUIDv7, so id order is time order) as a keyset.
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { AuditResult, Database, PiiField } from '../../db/tables.js';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

export interface AuditFilter {
  /** the actor's username (actor_label) */
  actor?: string;
  /** action prefix: 'account.' or 'auth.login' */
  action?: string;
  targetType?: string;
  targetId?: string;
  result?: AuditResult;
  from?: Date;
  to?: Date;
  /** ids older than this one */
  before?: string;
  limit: number;
}

export async function findAuditEntries(db: Kysely<Database>, f: AuditFilter) {
  let q = filtered(db.selectFrom('audit_log').selectAll(), f);
  if (f.before) q = q.where('id', '<', f.before);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}

/** How many entries the filter matches (an export's size, before it is sent or approved). */
export async function countAuditEntries(db: Kysely<Database>, f: Omit<AuditFilter, 'before' | 'limit'>) {
  const row = await filtered(
    db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')),
    f,
  ).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The search's conditions, shared by the page and the count. */
function filtered<Q extends SelectQueryBuilder<Database, 'audit_log', object>>(
  q: Q,
  f: Omit<AuditFilter, 'before' | 'limit'>,
): Q {
  let out = q as SelectQueryBuilder<Database, 'audit_log', object>;
  if (f.actor) out = out.where('actor_label', '=', f.actor);
  if (f.action) out = out.where('action', 'like', `${escapeLike(f.action)}%`);
  if (f.targetType) out = out.where('target_type', '=', f.targetType);
  if (f.targetId) out = out.where('target_id', '=', f.targetId);
  if (f.result) out = out.where('result', '=', f.result);
  if (f.from) out = out.where('at', '>=', f.from);
  if (f.to) out = out.where('at', '<', f.to);
  return out as Q;
}

export interface PiiAccessFilter {
  /** the reader's username */
  actor?: string;
  caseNo?: string;
  field?: PiiField;
  from?: Date;
  to?: Date;
  before?: string;
  limit: number;
}

export async function findPiiAccess(db: Kysely<Database>, f: PiiAccessFilter) {
  let q = db
    .selectFrom('pii_access_log as l')
    .leftJoin('users as u', 'u.id', 'l.actor_id')
    // a party's log entries name its case; base-information subjects stand alone
    .leftJoin('parties as p', (j) => j.onRef('p.id', '=', 'l.subject_id').on('l.subject_type', '=', 'party'))
    .leftJoin('cases as c', (j) =>
      j.onRef('c.id', '=', 'p.case_id').onRef('c.county_code', '=', 'p.county_code'),
    )
    .select([
      'l.id',
      'l.at',
      'l.actor_id',
      'u.username',
      'u.role',
      'l.subject_type',
      'l.subject_id',
      'p.role as party_role',
      'c.id as case_id',
      'c.case_no',
      'l.field',
      'l.reason',
      'l.ip',
    ]);
  if (f.actor) q = q.where('u.username', '=', f.actor);
  if (f.caseNo) q = q.where('c.case_no', '=', f.caseNo);
  if (f.field) q = q.where('l.field', '=', f.field);
  if (f.from) q = q.where('l.at', '>=', f.from);
  if (f.to) q = q.where('l.at', '<', f.to);
  if (f.before) q = q.where('l.id', '<', f.before);
  return q.orderBy('l.id', 'desc').limit(f.limit).execute();
}
