// What the case page's timeline says about each event: the payload's reasons, notes and choices
// as labelled lines. Loop actions and oversight records (督办, 批示, a missed report-in, a rating)
// alike; keys it does not know are left out rather than shown raw.
import type { TimelineEvent } from './types';

export type DetailLabel =
  | 'assignedTo'
  | 'transferredTo'
  | 'from'
  | 'coHandler'
  | 'reassignedTo'
  | 'rejectedBy'
  | 'summoned'
  | 'department'
  | 'addressedTo'
  | 'level'
  | 'decision'
  | 'extension'
  | 'workingDays'
  | 'outcome'
  | 'guidance'
  | 'satisfaction'
  | 'method'
  | 'legalGround'
  | 'summary'
  | 'reason'
  | 'note'
  | 'instructions'
  | 'answer'
  | 'instruction'
  | 'comment'
  | 'stars'
  | 'dueAt'
  | 'kind'
  | 'evidence'
  | 'responsibleUnit'
  | 'meetingDecision'
  | 'doneNote'
  | 'dueOn';

/**
 * One line: a label (work.detail.<label>) and a value that is plain text, a word to translate,
 * words to translate and join with an arrow (a change), or a time.
 */
export type Detail =
  | { label: DetailLabel; text: string }
  | { label: DetailLabel; words: string[] }
  | { label: DetailLabel; word: string; params?: Record<string, string | number> }
  | { label: DetailLabel; time: string };

const TEXT_KEYS: [string, DetailLabel][] = [
  ['legal_ground', 'legalGround'],
  ['summary', 'summary'],
  ['reason', 'reason'],
  ['instructions', 'instructions'],
  ['answer', 'answer'],
  ['text', 'instruction'],
  ['comment', 'comment'],
  ['note', 'note'],
  ['done_note', 'doneNote'],
];

const KNOWN_METHODS = ['visit', 'phone', 'mediation_meeting', 'online', 'other'];

/** Which label the event's `unit_id` gets; null where the actor's own unit is meant (accept, report-in). */
function unitLabel(action: string, payload: Record<string, unknown>): DetailLabel | null {
  switch (action) {
    case 'assign':
      return 'assignedTo';
    case 'transfer':
      return 'transferredTo';
    case 'add_co_handler':
      return 'coHandler';
    case 'rule_rejection':
      return payload.decision === 'uphold' ? 'reassignedTo' : null;
    case 'report_in_missed':
    case 'response_rated':
      return 'department';
    case 'meeting_decision':
      return 'responsibleUnit';
    default:
      return null;
  }
}

/** The lines of one event; `unitName` resolves unit ids (the detail's unitNames). */
export function eventDetails(e: TimelineEvent, unitName: (id: string) => string | null): Detail[] {
  const p = e.payload ?? {};
  const out: Detail[] = [];
  const str = (k: string) => (typeof p[k] === 'string' && (p[k] as string).trim() ? (p[k] as string) : null);
  const unit = (id: unknown): string => (typeof id === 'string' ? (unitName(id) ?? '—') : '—');

  const label = unitLabel(e.action, p);
  if (label && typeof p.unit_id === 'string') out.push({ label, text: unit(p.unit_id) });
  if (typeof p.from_unit_id === 'string') out.push({ label: 'from', text: unit(p.from_unit_id) });
  if (typeof p.rejected_unit_id === 'string')
    out.push({ label: 'rejectedBy', text: unit(p.rejected_unit_id) });
  if (Array.isArray(p.department_unit_ids) && p.department_unit_ids.length) {
    out.push({ label: 'summoned', text: p.department_unit_ids.map(unit).join('、') });
  }
  if (typeof p.addressed_unit_id === 'string') {
    out.push({ label: 'addressedTo', text: unit(p.addressed_unit_id) });
  }
  if (e.action === 'escalate' && str('from_level') && str('to_level')) {
    out.push({
      label: 'level',
      words: [`common.level.${p.from_level as string}`, `common.level.${p.to_level as string}`],
    });
  }
  if (p.decision === 'uphold' || p.decision === 'overrule') {
    out.push({ label: 'decision', word: `work.decision.${p.decision}` });
  }
  if (typeof p.approved === 'boolean') {
    out.push({ label: 'extension', word: p.approved ? 'work.extension.approved' : 'work.extension.denied' });
  }
  if (typeof p.working_days === 'number') out.push({ label: 'workingDays', text: String(p.working_days) });
  if (str('outcome')) {
    // a mediation session's outcome (agreement/continue/failed) or a case's conclusion
    const session = ['agreement', 'continue', 'failed'].includes(p.outcome as string);
    out.push({
      label: 'outcome',
      word: `${session ? 'mediation.outcomes' : 'common.outcome'}.${p.outcome as string}`,
    });
  }
  if (str('satisfaction')) {
    out.push({ label: 'satisfaction', word: `common.satisfaction.${p.satisfaction as string}` });
  }
  if (str('guidance')) out.push({ label: 'guidance', word: `common.guidance.${p.guidance as string}` });
  const method = str('method');
  if (method) {
    out.push(
      KNOWN_METHODS.includes(method)
        ? { label: 'method', word: `work.method.${method}` }
        : { label: 'method', text: method },
    );
  }
  if (e.action === 'supervision_ordered' && (p.kind === 'automatic' || p.kind === 'manual')) {
    out.push({ label: 'kind', word: `work.supervisionKind.${p.kind}` });
  }
  // a meeting decision's text (elsewhere `decision` is a ruling's uphold/overrule, above)
  if (e.action === 'meeting_decision' && str('decision')) {
    out.push({ label: 'meetingDecision', text: p.decision as string });
  }
  for (const [key, l] of TEXT_KEYS) {
    const v = str(key);
    if (v) out.push({ label: l, text: v });
  }
  if (typeof p.stars === 'number') {
    const n = Math.max(0, Math.min(5, Math.round(p.stars)));
    out.push({ label: 'stars', text: '★'.repeat(n) + '☆'.repeat(5 - n) });
  }
  if (str('due_at')) out.push({ label: 'dueAt', time: p.due_at as string });
  if (str('due_on')) out.push({ label: 'dueOn', text: p.due_on as string });
  if (Array.isArray(p.evidence) && p.evidence.length) {
    out.push({ label: 'evidence', word: 'work.detail.evidenceCount', params: { count: p.evidence.length } });
  }
  return out;
}

/** Whether an event changed the case's state (the timeline shows from → to then). */
export function changedState(e: TimelineEvent): boolean {
  return e.fromState !== null && e.fromState !== e.toState;
}
