// Performance of mediation agreements (履行): a term recorded performed or breached (a record
// event on the case's ledger, so the breach shows on the case and in its timeline), and the sweep
// that reminds the lead mediator and the center a few days before a term falls due and on the day.
import { cstDayOf } from '../../../core/calendar/work-calendar.js';
import {
  addDays,
  canMark,
  REMIND_DAYS_BEFORE,
  reminderOwed,
  type PerformanceMark,
  type TermStatus,
} from '../../../core/mediation/performance.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { conflict, notFound } from '../../http/errors.js';
import { appendRecord } from '../cases/case-records.js';
import { enqueueNotification } from '../notifications/enqueue.js';
import * as fq from './followup.queries.js';
import { audit, lockForAction, type Staff } from './mediation-access.js';
import * as q from './mediation.queries.js';
import { termView } from './mediation.service.js';

/** A case withdrawn or declined has no agreement to perform any more. */
const CLOSED_WITHOUT_AGREEMENT = ['withdrawn', 'declined'];

export interface MarkInput {
  mark: PerformanceMark;
  note?: string;
}

/** Records a term performed (已履行) or breached (未履行); a breached term may still be performed late. */
export async function markTerm(
  deps: AppDeps,
  auth: Staff,
  termId: string,
  input: MarkInput,
  ip: string | null,
) {
  const found = await fq.getTerm(deps.db.kysely, termId);
  if (!found) throw notFound();
  const note = input.note?.trim() || null;
  await withTransaction(deps.db, async (trx) => {
    const now = deps.clock();
    const { row } = await lockForAction(trx, auth, found.case_id, 'record_performance');
    if (CLOSED_WITHOUT_AGREEMENT.includes(row.state)) throw conflict('mediation.case_not_open');
    const term = (await fq.lockTerm(trx, termId))!;
    if (!canMark(term.status as TermStatus, input.mark)) {
      throw conflict('mediation.term_marked', { status: term.status });
    }
    await fq.markTerm(trx, term.id, { status: input.mark, note, at: now, by: auth.user.id });
    const today = cstDayOf(now);
    // the note stays off the ledger (it may name people); its digest proves it unchanged
    const payload = {
      term_id: term.id,
      agreement_id: term.agreement_id,
      n: term.n,
      due_day: term.due_day,
      late: today > term.due_day,
      ...(note ? { note_sm3: deps.crypto.sm3Hex(note) } : {}),
    };
    const action = input.mark === 'performed' ? 'agreement_term_performed' : 'agreement_term_breached';
    const { seq } = await appendRecord(trx, deps, { row, action, payload }, auth.actor, now);
    if (input.mark === 'breached') {
      // the center that follows the case up, and the lead mediator, hear of a breach at once
      const m = await q.getMediation(trx, row.id);
      const targets = [
        `unit:${row.center_unit_id}`,
        ...(m && m.lead_mediator_id !== auth.user.id ? [`user:${m.lead_mediator_id}`] : []),
      ];
      for (const to of targets) {
        await enqueueNotification(trx, deps, {
          channel: 'inapp',
          to,
          template: 'agreement_term_breached',
          params: { caseNo: row.case_no, n: term.n },
          dedupeKey: `agreement-term:${term.id}:breached:${to}`,
          caseId: row.id,
        });
      }
    }
    await audit(trx, deps, auth, {
      at: now,
      ip,
      action: `mediation.term_${input.mark}`,
      caseId: row.id,
      detail: { term_id: term.id, n: term.n, seq },
    });
  });
  return termView((await fq.getTerm(deps.db.kysely, termId))!, cstDayOf(deps.clock()));
}

const BATCH = 200;

/**
 * Reminders of terms falling due (履行提醒): REMIND_DAYS_BEFORE days before the due day and on
 * it, to the lead mediator and the case's center, each once (the term's reminder column is set in
 * the same transaction as the notices, only if still unset: two sweeps never send twice).
 */
export async function sweepAgreementTermReminders(deps: AppDeps): Promise<{ before: number; due: number }> {
  const now = deps.clock();
  const today = cstDayOf(now);
  const out = { before: 0, due: 0 };
  let after: string | undefined;
  for (;;) {
    const batch = await fq.pendingTermsDueBy(
      deps.db.kysely,
      addDays(today, REMIND_DAYS_BEFORE),
      BATCH,
      after,
    );
    for (const t of batch) {
      const owed = reminderOwed(
        {
          dueDay: t.due_day,
          status: 'pending',
          remindedBefore: t.reminded_before_at !== null,
          remindedDue: t.reminded_due_at !== null,
        },
        today,
      );
      if (!owed) continue;
      const sent = await withTransaction(deps.db, async (trx) => {
        if (!(await fq.markReminded(trx, t.id, owed, now))) return false;
        const targets = [
          ...(t.lead_mediator_id ? [`user:${t.lead_mediator_id}`] : []),
          `unit:${t.center_unit_id}`,
        ];
        for (const to of targets) {
          await enqueueNotification(trx, deps, {
            channel: 'inapp',
            to,
            template: owed === 'before' ? 'agreement_term_due_soon' : 'agreement_term_due',
            params: { caseNo: t.case_no, n: t.n, dueDay: t.due_day },
            dedupeKey: `agreement-term:${t.id}:${owed}:${to}`,
            caseId: t.case_id,
          });
        }
        return true;
      });
      if (sent) out[owed] += 1;
    }
    if (batch.length < BATCH) break;
    after = batch[batch.length - 1]!.id;
  }
  return out;
}
