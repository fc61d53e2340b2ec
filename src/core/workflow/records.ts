// Events on a case's chain that are not steps of the loop: oversight (督办, 批示) and
// accountability (a missed report-in, the rating of a summoned department's response). They sit in
// the ledger beside the loop's events so the timeline and the hash chain hold them, change no
// state, and bump the case's version like any event (a handler acting on a stale page sees 409).
export const RECORD_ACTIONS = [
  'supervision_ordered',
  'supervision_answered',
  'supervision_escalated',
  'instruction',
  'report_in_missed',
  'response_rated',
  // mediation (issue 7): the organization, lead and team; each session scheduled and held; the
  // agreement's SM3 digests (its content, which the QR code carries, and its PDF)
  'mediation_assigned',
  'mediation_session_scheduled',
  'mediation_session_held',
  'mediation_agreement',
  // the agreement's performance (履行): a term performed, or breached; a referral for judicial
  // confirmation (司法确认) to a court, and each later step of it (accepted, confirmed, rejected …)
  'agreement_term_performed',
  'agreement_term_breached',
  'judicial_confirmation_referred',
  'judicial_confirmation_updated',
  // a weekly meeting's decision (工作例会决定) on the case, addressed to a unit, and its completion
  'meeting_decision',
  'meeting_decision_done',
] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];

export function isRecordAction(a: string): a is RecordAction {
  return (RECORD_ACTIONS as readonly string[]).includes(a);
}
