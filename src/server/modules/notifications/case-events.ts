// The 'case-event' worker: every ledger event of a case (sent as a job in the event's own
// transaction) fans out to (1) an SMS to each applicant with a resident-readable step, (2) the bell
// of the units it concerns, (3) the webhooks subscribed to it. All in one transaction with
// dedupe keys per (case, seq, recipient), so running a job twice enqueues nothing new. The
// applicant's phone is decrypted only here, and sealed again in the notification.
import { isValidMobile } from '../../../core/pii/validation.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { caseQrUrl } from '../../documents/qr.js';
import { residentStep, unitIdsOfStep } from '../resident/progress.js';
import { enqueueNotification } from './enqueue.js';
import * as q from './notifications.queries.js';

export const CASE_EVENT_QUEUE = 'case-event';

/** What register-case.ts and transition-case.ts send for each event. */
export interface CaseEventJob {
  caseId: string;
  seq: number;
  action: string;
}

export interface FanOut {
  sms: number;
  inapp: number;
  webhook: number;
}

type BellTarget = { unitId: string; kind: string };

/** Units whose bell rings for an event, and why. */
function bellTargets(
  action: string,
  payload: Record<string, unknown>,
  c: { lead_unit_id: string | null; owner_unit_id: string; center_unit_id: string },
): BellTarget[] {
  const unit = typeof payload.unit_id === 'string' ? payload.unit_id : null;
  switch (action) {
    case 'assign':
    case 'transfer':
      return unit ? [{ unitId: unit, kind: 'case_assigned' }] : [];
    case 'rule_rejection':
      return payload.decision === 'uphold' && unit ? [{ unitId: unit, kind: 'case_assigned' }] : [];
    case 'add_co_handler':
      return unit ? [{ unitId: unit, kind: 'case_co_handler' }] : [];
    case 'escalate':
      return (
        Array.isArray(payload.department_unit_ids) ? (payload.department_unit_ids as string[]) : []
      ).map((id) => ({ unitId: id, kind: 'case_summoned' }));
    case 'reject':
      return [{ unitId: c.center_unit_id, kind: 'case_rejected' }];
    case 'follow_up':
      return payload.satisfaction === 'unsatisfied'
        ? [{ unitId: c.center_unit_id, kind: 'case_unsatisfied' }]
        : [];
    case 'reopen':
      return c.lead_unit_id ? [{ unitId: c.lead_unit_id, kind: 'case_reopened' }] : [];
    case 'withdraw':
      return [{ unitId: c.lead_unit_id ?? c.owner_unit_id, kind: 'case_withdrawn' }];
    case 'meeting_decision':
      return unit ? [{ unitId: unit, kind: 'meeting_decision' }] : [];
    default:
      return [];
  }
}

/** Fans one case event out to its notifications; returns how many were newly enqueued per channel. */
export async function handleCaseEvent(
  deps: Pick<AppDeps, 'db' | 'crypto' | 'jobs' | 'clock' | 'newId' | 'config'>,
  job: CaseEventJob,
): Promise<FanOut> {
  return withTransaction(deps.db, async (trx) => {
    const out: FanOut = { sms: 0, inapp: 0, webhook: 0 };
    const [ev, c] = [await q.getEvent(trx, job.caseId, job.seq), await q.getCaseForNotice(trx, job.caseId)];
    if (!ev || !c) return out;
    const payload = (ev.payload ?? {}) as Record<string, unknown>;
    const step = { seq: ev.seq, at: ev.at, action: ev.action, payload, actorUnitId: ev.actor_unit_id };
    const names = await q.unitNames(trx, unitIdsOfStep(step));

    // (1) the applicants, by SMS
    const readable = residentStep(step, (id) => (id ? (names.get(id) ?? null) : null), 'zh-CN');
    if (readable) {
      for (const party of await q.applicantPhones(trx, c.id)) {
        const phone = deps.crypto.decrypt('phone', party.phone_enc!);
        if (!isValidMobile(phone)) continue; // a landline gets no SMS
        const r = await enqueueNotification(trx, deps, {
          channel: 'sms',
          to: phone,
          template: 'case_step',
          params: { caseNo: c.case_no, step: readable.text, link: caseQrUrl(deps.config.publicUrl, c.id) },
          dedupeKey: `case:${c.id}:${ev.seq}:sms:${party.id}`,
          caseId: c.id,
        });
        if (r.created) out.sms++;
      }
    }

    // (2) the bell of the units concerned
    for (const t of bellTargets(ev.action, payload, c)) {
      const r = await enqueueNotification(trx, deps, {
        channel: 'inapp',
        to: `unit:${t.unitId}`,
        template: t.kind,
        params: { caseNo: c.case_no },
        dedupeKey: `case:${c.id}:${ev.seq}:inapp:${t.unitId}`,
        caseId: c.id,
      });
      if (r.created) out.inapp++;
    }

    // (3) webhook subscribers of this event (never personal data, notes or reasons)
    for (const sub of await q.activeSubscriptions(trx)) {
      const events = sub.events as string[];
      if (!events.includes('*') && !events.includes(ev.action)) continue;
      if (!c.region_code.startsWith(sub.region_prefix)) continue;
      const r = await enqueueNotification(trx, deps, {
        channel: 'webhook',
        to: sub.id,
        template: 'case_event',
        params: {
          event: `case.${ev.action}`,
          caseId: c.id,
          caseNo: c.case_no,
          seq: ev.seq,
          action: ev.action,
          fromState: ev.from_state ?? '',
          toState: ev.to_state,
          at: ev.at.toISOString(),
          state: c.state,
          regionCode: c.region_code,
          categoryCode: c.category_code,
          handlingLevel: c.handling_level,
        },
        dedupeKey: `case:${c.id}:${ev.seq}:webhook:${sub.id}`,
        caseId: c.id,
      });
      if (r.created) out.webhook++;
    }
    return out;
  });
}
