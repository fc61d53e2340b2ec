// SQL of what follows an agreement: the performance of its terms (履行) and referrals for judicial
// confirmation (司法确认).
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AgreementTermsTable, Database, JudicialConfirmationsTable } from '../../db/tables.js';

type Q = Kysely<Database>;
export type TermRow = Selectable<AgreementTermsTable>;

export async function insertTerms(db: Q, rows: Insertable<AgreementTermsTable>[]) {
  if (rows.length > 0) await db.insertInto('agreement_terms').values(rows).execute();
}

export async function termsOfCase(db: Q, caseId: string) {
  return db
    .selectFrom('agreement_terms')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('agreement_id')
    .orderBy('n')
    .execute();
}

export async function lockTerm(db: Q, id: string) {
  return db.selectFrom('agreement_terms').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function getTerm(db: Q, id: string) {
  return db.selectFrom('agreement_terms').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markTerm(
  db: Q,
  id: string,
  v: { status: 'performed' | 'breached'; note: string | null; at: Date; by: string },
) {
  await db
    .updateTable('agreement_terms')
    .set({ status: v.status, status_note: v.note, status_at: v.at, status_by: v.by })
    .where('id', '=', id)
    .execute();
}

/** The reminder sweep's work list: pending terms due on or before `until`, by due day. */
export async function pendingTermsDueBy(db: Q, until: string, limit: number, after?: string) {
  let query = db
    .selectFrom('agreement_terms as t')
    .innerJoin('cases as c', 'c.id', 't.case_id')
    .leftJoin('case_mediations as cm', 'cm.case_id', 't.case_id')
    .select([
      't.id',
      't.case_id',
      't.n',
      't.due_day',
      't.reminded_before_at',
      't.reminded_due_at',
      'c.case_no',
      'c.center_unit_id',
      'cm.lead_mediator_id',
      'cm.org_unit_id',
    ])
    .where('t.status', '=', 'pending')
    .where('t.due_day', '<=', until)
    // a case withdrawn or declined has nothing left to perform
    .where('c.state', 'not in', ['withdrawn', 'declined'])
    // the ones whose reminders are all out need no look
    .where('t.reminded_due_at', 'is', null);
  if (after) query = query.where('t.id', '>', after);
  return query.orderBy('t.id').limit(limit).execute();
}

/** Marks a reminder sent, only if it was not already (another sweep may have won). */
export async function markReminded(db: Q, id: string, which: 'before' | 'due', at: Date): Promise<boolean> {
  const column = which === 'before' ? 'reminded_before_at' : 'reminded_due_at';
  const r = await db
    .updateTable('agreement_terms')
    .set({ [column]: at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where(column, 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type ReferralRow = Awaited<ReturnType<typeof referralsOfCase>>[number];

export async function referralsOfCase(db: Q, caseId: string) {
  return db
    .selectFrom('judicial_confirmations as j')
    .innerJoin('units as u', 'u.id', 'j.court_unit_id')
    .selectAll('j')
    .select('u.name as court_name')
    .where('j.case_id', '=', caseId)
    .orderBy('j.referred_at')
    .execute();
}

export async function lockReferral(db: Q, id: string) {
  return db
    .selectFrom('judicial_confirmations')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function getReferral(db: Q, id: string) {
  return db.selectFrom('judicial_confirmations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function liveReferralOf(db: Q, agreementId: string) {
  return db
    .selectFrom('judicial_confirmations')
    .select(['id', 'status'])
    .where('agreement_id', '=', agreementId)
    .where('status', 'in', ['referred', 'accepted', 'confirmed'])
    .executeTakeFirst();
}

export async function insertReferral(db: Q, row: Insertable<JudicialConfirmationsTable>) {
  await db.insertInto('judicial_confirmations').values(row).execute();
}

export async function updateReferral(
  db: Q,
  id: string,
  v: {
    status: JudicialConfirmationsTable['status'];
    ruling_no?: string | null;
    result_note?: string | null;
    decided_at?: Date | null;
    updated_at: Date;
  },
) {
  await db.updateTable('judicial_confirmations').set(v).where('id', '=', id).execute();
}
