// The resident's personal-information rights (PIPL arts. 45–47): how long a case's records are
// kept, when a request is due, and what answering a request does. Pure: time comes in.
import { addWorkingDays, type WorkCalendar } from '../calendar/work-calendar.js';
import type { CaseState } from '../workflow/case-model.js';

/**
 * Years a case's records (its parties included) are kept after the case ends. domain.md requires
 * every step of a case to stay on file (全程留痕: "nothing is edited in place") and names no period;
 * this is the one place the period is set, to be confirmed against the archive rules of the
 * center that holds the file. Until then a deletion request restricts, it does not delete.
 */
export const CASE_RETENTION_YEARS = 10;

/** PIPL art. 50 as applied here: a request is answered within 15 working days. */
export const PI_RESPONSE_WORKING_DAYS = 15;

/** The states in which a case has ended: its retention clock runs from then. */
const ENDED: readonly CaseState[] = ['concluded', 'followed_up', 'archived', 'withdrawn', 'declined'];

/**
 * Until when a case's records are kept: CASE_RETENTION_YEARS after it ended, or null while it is
 * open (kept at least until it ends, and then the period runs).
 */
export function caseRetainedUntil(c: { state: CaseState; endedAt: Date | null }): Date | null {
  if (!ENDED.includes(c.state)) return null;
  const end = c.endedAt;
  if (!end) return null;
  const until = new Date(end.getTime());
  until.setUTCFullYear(until.getUTCFullYear() + CASE_RETENTION_YEARS);
  return until;
}

/** Whether a record kept until `retainedUntil` (null: open-ended) must still be kept at `now`. */
export function isRetained(retainedUntil: Date | null, now: Date): boolean {
  return retainedUntil === null || retainedUntil.getTime() > now.getTime();
}

/** When a request filed at `filedAt` must be answered: the end of its 15th working day. */
export function piRequestDue(cal: WorkCalendar, filedAt: Date): Date {
  return addWorkingDays(cal, { from: filedAt, days: PI_RESPONSE_WORKING_DAYS });
}

export type PiRequestKind = 'correction' | 'deletion';
export type PiRequestStatus = 'pending' | 'completed' | 'restricted' | 'rejected';
export type PiDecision = 'approve' | 'reject';

/** What answering a request leads to, or why it cannot be answered. */
export type PiOutcome = { ok: true; status: PiRequestStatus } | { ok: false; error: 'not_pending' };

/**
 * The answer's status: only a pending request is answered; an approved correction is applied
 * (completed); an approved deletion of records still under retention restricts them (停止处理),
 * otherwise they are deleted (completed); a rejection stays a rejection.
 */
export function decidePiRequest(r: {
  status: PiRequestStatus;
  kind: PiRequestKind;
  decision: PiDecision;
  /** for a deletion: whether any of its records is still under retention */
  retained: boolean;
}): PiOutcome {
  if (r.status !== 'pending') return { ok: false, error: 'not_pending' };
  if (r.decision === 'reject') return { ok: true, status: 'rejected' };
  switch (r.kind) {
    case 'correction':
      return { ok: true, status: 'completed' };
    case 'deletion':
      return { ok: true, status: r.retained ? 'restricted' : 'completed' };
  }
}
