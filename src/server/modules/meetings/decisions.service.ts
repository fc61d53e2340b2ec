// A meeting's decisions (例会决定): each names a case, a responsible unit (and optionally a person
// of it), a due day and the text; it is a record event on the case's ledger, a task in the unit's
// list (and its bell), and it is marked done with a note by that unit, again on the ledger.
import { dayNumber } from '../../../core/analytics/periods.js';
import { cstDayOf } from '../../../core/calendar/work-calendar.js';
import { isAllowed, isMeetingAllowed, meetingRelations } from '../../../core/workflow/policy.js';
import { relationsOf } from '../../../core/workflow/relations.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { HttpError, badRequest, conflict, forbidden, notFound, unprocessable } from '../../http/errors.js';
import { recordStaffAction } from '../audit/audit.service.js';
import type { AuthContext } from '../auth/auth.service.js';
import { assertVisible } from '../cases/case-access.js';
import { snapshotOf } from '../cases/case-mapper.js';
import { appendRecord } from '../cases/case-records.js';
import { nonBlank, requireMeetingRole, type Staff } from './meetings.service.js';
import * as q from './meetings.queries.js';

/** States in which a case takes no more tasks: its file is closed. */
const CLOSED_STATES = ['archived', 'withdrawn', 'declined'];

export interface DecisionInput {
  /** the case, by id or by its number (one of the two) */
  caseId?: string;
  caseNo?: string;
  unitId: string;
  assigneeId?: string;
  /** the last CST day to carry it out (YYYY-MM-DD) */
  dueOn: string;
  text: string;
}

/** Whether the caller may read the case (the policy's 'read' row). */
async function readable(deps: AppDeps, auth: Staff, caseId: string): Promise<boolean> {
  const row = await q.getCaseRow(deps.db.kysely, caseId);
  if (!row) return false;
  const snapshot = snapshotOf(row, await q.getCaseLinks(deps.db.kysely, caseId));
  return isAllowed(auth.actor.role, 'read', relationsOf(auth.actor, snapshot));
}

/** The center records a decision of its meeting on a case of its area (policy 'decide'). */
export async function createDecision(
  deps: AppDeps,
  authIn: AuthContext,
  meetingId: string,
  input: DecisionInput,
  ip: string | null,
) {
  const auth = requireMeetingRole(authIn, 'decide');
  // the input is checked before anything is looked up: its answer says nothing of what exists
  const text = nonBlank(input.text, 'text');
  if ((input.caseId === undefined) === (input.caseNo === undefined)) throw badRequest('meetings.case_one_of');
  if (dayNumber(input.dueOn) === null) throw badRequest('validation.format', { field: 'dueOn' });
  const now = deps.clock();
  if (input.dueOn < cstDayOf(now)) throw unprocessable('meetings.due_in_past');
  const meeting = await q.getMeeting(deps.db.kysely, meetingId);
  const rels = meeting ? meetingRelations(auth.user, { regionCode: meeting.region_code }) : [];
  if (!meeting || !isMeetingAllowed(auth.user.role, 'read_meeting', rels)) throw notFound();
  if (!isMeetingAllowed(auth.user.role, 'decide', rels)) throw new HttpError(403, 'meetings.not_own_meeting');

  const unit = await q.getUnit(deps.db.kysely, input.unitId);
  if (!unit?.active) throw unprocessable('meetings.unknown_unit');
  if (input.assigneeId) {
    const person = await q.getUser(deps.db.kysely, input.assigneeId);
    if (!person?.active || person.unit_id !== unit.id) throw unprocessable('meetings.assignee_not_in_unit');
  }
  const caseId = input.caseId ?? (await q.findCaseByNo(deps.db.kysely, input.caseNo!.trim()))?.id ?? null;

  const id = deps.newId();
  await withTransaction(deps.db, async (trx) => {
    const row = caseId ? await q.lockCaseRow(trx, caseId) : undefined;
    const visible =
      row &&
      row.region_code.startsWith(meeting.region_code) &&
      isAllowed(
        auth.actor.role,
        'read',
        relationsOf(auth.actor, snapshotOf(row, await q.getCaseLinks(trx, row.id))),
      );
    // a case that does not exist, lies outside the meeting's area or the caller's sight: one answer
    if (!row || !visible) throw unprocessable('meetings.unknown_case');
    if (CLOSED_STATES.includes(row.state)) throw conflict('meetings.case_closed');
    const { seq } = await appendRecord(
      trx,
      deps,
      {
        row,
        action: 'meeting_decision',
        payload: {
          decision_id: id,
          meeting_id: meeting.id,
          week_start: meeting.week_start,
          decision: text,
          unit_id: unit.id,
          ...(input.assigneeId ? { assignee_id: input.assigneeId } : {}),
          due_on: input.dueOn,
        },
      },
      auth.actor,
      now,
    );
    await q.insertDecision(trx, {
      id,
      county_code: row.county_code,
      meeting_id: meeting.id,
      case_id: row.id,
      seq,
      unit_id: unit.id,
      assignee_id: input.assigneeId ?? null,
      text,
      due_on: input.dueOn,
      created_by: auth.user.id,
      created_at: now,
      updated_at: now,
    });
    await recordStaffAction(trx, deps, {
      user: auth.user,
      at: now,
      ip,
      action: 'meeting.decision',
      targetType: 'case',
      targetId: row.id,
      detail: { meeting_id: meeting.id, decision_id: id, seq },
    });
  });
  return decisionView((await q.getDecision(deps.db.kysely, id))!, now);
}

/** The responsible unit marks a decision done with a note (policy 'complete_decision'). */
export async function completeDecision(
  deps: AppDeps,
  authIn: AuthContext,
  id: string,
  input: { note: string },
  ip: string | null,
) {
  const auth = requireMeetingRole(authIn, 'complete_decision');
  const note = nonBlank(input.note, 'note');
  const found = await q.getDecisionRow(deps.db.kysely, id);
  if (!found) throw notFound();
  const rels = meetingRelations(auth.user, { regionCode: '', unitId: found.unit_id });
  if (!isMeetingAllowed(auth.user.role, 'complete_decision', rels)) {
    // those who may read the case learn that it is not theirs to do; others that there is nothing
    if (await readable(deps, auth, found.case_id)) throw new HttpError(403, 'meetings.not_responsible');
    throw notFound();
  }
  const now = deps.clock();
  await withTransaction(deps.db, async (trx) => {
    // the case first, then the decision (the order every writer of a case takes)
    const row = (await q.lockCaseRow(trx, found.case_id))!;
    const decision = await q.lockDecision(trx, id);
    if (decision?.status !== 'open') throw conflict('meetings.decision_done');
    const { seq } = await appendRecord(
      trx,
      deps,
      { row, action: 'meeting_decision_done', payload: { decision_id: id, done_note: note } },
      auth.actor,
      now,
    );
    await q.completeDecision(trx, id, { note, userId: auth.user.id, at: now });
    await recordStaffAction(trx, deps, {
      user: auth.user,
      at: now,
      ip,
      action: 'meeting.decision_done',
      targetType: 'case',
      targetId: row.id,
      detail: { decision_id: id, seq },
    });
  });
  return decisionView((await q.getDecision(deps.db.kysely, id))!, now);
}

/** A case's decisions: whoever may read the case (staff). */
export async function listCaseDecisions(deps: AppDeps, authIn: AuthContext, caseId: string) {
  if (authIn.kind !== 'staff') throw forbidden();
  const row = await q.getCaseRow(deps.db.kysely, caseId);
  const snapshot = row ? snapshotOf(row, await q.getCaseLinks(deps.db.kysely, caseId)) : null;
  assertVisible(row ? authIn.actor : null, snapshot);
  const now = deps.clock();
  return { items: (await q.caseDecisions(deps.db.kysely, caseId)).map((r) => decisionView(r, now)) };
}

/** The caller's unit's task list of decisions (open first, by due day). */
export async function listUnitDecisions(
  deps: AppDeps,
  authIn: AuthContext,
  f: { status?: 'open' | 'done'; limit: number },
) {
  const auth = requireMeetingRole(authIn, 'complete_decision');
  if (!auth.user.unitId) return { items: [] };
  const rows = await q.unitDecisions(deps.db.kysely, { unitId: auth.user.unitId, ...f });
  const now = deps.clock();
  return { items: rows.map((r) => decisionView(r, now)) };
}

/** A decision as the API shows it; overdue while open after its due day (CST). */
export function decisionView(r: q.DecisionRow, now: Date) {
  return {
    id: r.id,
    meetingId: r.meeting_id,
    weekStart: r.week_start,
    caseId: r.case_id,
    caseNo: r.case_no,
    caseTitle: r.case_title,
    seq: r.seq,
    unitId: r.unit_id,
    unitName: r.unit_name,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name ?? null,
    text: r.text,
    dueOn: r.due_on,
    status: r.status,
    overdue: r.status === 'open' && r.due_on < cstDayOf(now),
    doneAt: r.done_at?.toISOString() ?? null,
    doneByName: r.done_by_name ?? null,
    doneNote: r.done_note,
    createdAt: r.created_at.toISOString(),
  };
}
export type DecisionView = ReturnType<typeof decisionView>;
