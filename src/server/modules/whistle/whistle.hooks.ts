// What a case transition means for whistles and scorecards, written in the transition's own
// transaction (transition-case.ts calls afterCaseTransition once the event and projection are in).
import type { Selectable } from 'kysely';
import { addWorkingDays } from '../../../core/calendar/work-calendar.js';
import { resumedDeadline } from '../../../core/deadlines/time-limits.js';
import type { HandlingLevel } from '../../../core/workflow/case-model.js';
import type { Action } from '../../../core/workflow/policy.js';
import type { Actor } from '../../../core/workflow/relations.js';
import type { AppDeps } from '../../deps.js';
import type { Trx } from '../../db/transaction.js';
import type { CasesTable } from '../../db/tables.js';
import { cancelNotYetDue, insertConclusion, insertTasks, markReported } from './whistle.queries.js';

/**
 * Working days a summoned department has to report in (报到), from the escalation. A constant rather
 * than a time-limit rule: time_limit_rules' stages are the case clock's (accept, handle, follow-up),
 * each of which becomes the case's deadline_stage; a report-in deadline is per department and runs
 * beside the case's clock, so it does not fit that table without widening the deadlines module.
 */
export const REPORT_IN_WORKING_DAYS = 1;

export interface TransitionFacts {
  /** the case row as it was before the transition (locked) */
  row: Selectable<CasesTable>;
  action: Action;
  payload: Record<string, unknown>;
  /** the state after the transition */
  toState: string;
  actor: Actor;
  /** the seq of the event just appended */
  seq: number;
  now: Date;
}

const OPEN_STATES = ['registered', 'assigned', 'in_progress'];

export async function afterCaseTransition(
  trx: Trx,
  deps: Pick<AppDeps, 'newId' | 'calendar'>,
  f: TransitionFacts,
): Promise<void> {
  switch (f.action) {
    case 'escalate':
      await createReportInTasks(trx, deps, f);
      return;
    case 'report_in':
      await markReported(trx, {
        caseId: f.row.id,
        unitId: String(f.payload.unit_id),
        userId: f.actor.userId,
        at: f.now,
      });
      return;
    case 'conclude':
      await recordConclusion(trx, deps, f);
      await cancelNotYetDue(trx, f.row.id, f.now);
      return;
    default:
      // any other way out of the open states (withdrawal) ends the whistle too
      if (OPEN_STATES.includes(f.row.state) && !OPEN_STATES.includes(f.toState)) {
        await cancelNotYetDue(trx, f.row.id, f.now);
      }
  }
}

/** One report-in task per summoned department, each due REPORT_IN_WORKING_DAYS working days on. */
export async function createReportInTasks(
  trx: Trx,
  deps: Pick<AppDeps, 'newId' | 'calendar'>,
  f: TransitionFacts,
): Promise<void> {
  const due = addWorkingDays(deps.calendar, { from: f.now, days: REPORT_IN_WORKING_DAYS });
  const units = f.payload.department_unit_ids as string[];
  await insertTasks(
    trx,
    units.map((unitId) => ({
      county_code: f.row.county_code,
      id: deps.newId(),
      case_id: f.row.id,
      unit_id: unitId,
      escalation_seq: f.seq,
      escalated_by_unit_id: f.actor.unitId,
      from_level: f.payload.from_level as HandlingLevel,
      to_level: f.payload.to_level as HandlingLevel,
      summoned_at: f.now,
      due_at: due,
    })),
  );
}

/**
 * The conclusion with the handling deadline it is measured against (a paused clock counts as
 * resumed now, as the pause ends with the conclusion).
 */
async function recordConclusion(trx: Trx, deps: Pick<AppDeps, 'calendar'>, f: TransitionFacts) {
  const r = f.row;
  const deadline =
    r.deadline_stage === 'handle' && r.deadline_at
      ? r.clock_paused_at
        ? resumedDeadline(deps.calendar, { deadline: r.deadline_at, pausedAt: r.clock_paused_at, now: f.now })
        : r.deadline_at
      : null;
  await insertConclusion(trx, {
    county_code: r.county_code,
    case_id: r.id,
    seq: f.seq,
    unit_id: r.lead_unit_id,
    concluded_at: f.now,
    deadline_at: deadline,
    on_time: deadline ? f.now.getTime() <= deadline.getTime() : null,
  });
}
