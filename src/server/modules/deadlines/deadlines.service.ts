import type { Kysely, Selectable } from 'kysely';
import type { HandlingLevel, CaseState } from '../../../core/workflow/case-model.js';
import type { Action } from '../../../core/workflow/policy.js';
import {
  clockAfter,
  deadlineOf,
  extendedDeadline,
  lightOf,
  pickLimit,
  resumedDeadline,
  type Light,
} from '../../../core/deadlines/time-limits.js';
import type { WorkCalendar } from '../../../core/calendar/work-calendar.js';
import type { CasesTable, Database } from '../../db/tables.js';
import { activeRules, mediationKindOf } from './deadlines.queries.js';

type ClockColumns = Pick<
  Selectable<CasesTable>,
  | 'dispatched_at'
  | 'deadline_stage'
  | 'deadline_started_at'
  | 'deadline_at'
  | 'clock_paused_at'
  | 'extension_days'
>;

/**
 * The clock columns of a case after an event (the time limit of the stage it entered), or {} when
 * the event leaves the clock as it was. Written with the event, in its transaction.
 */
export async function clockAfterEvent(
  db: Kysely<Database>,
  cal: WorkCalendar,
  e: {
    row: Pick<
      Selectable<CasesTable>,
      'dispatched_at' | 'category_code' | 'deadline_at' | 'clock_paused_at' | 'extension_days'
    >;
    action: Action;
    /** the event's payload (extension requests carry their working days) */
    payload: Record<string, unknown>;
    fromState: CaseState | null;
    toState: CaseState;
    leadUnitId: string | null;
    level: HandlingLevel;
    now: Date;
  },
): Promise<Partial<ClockColumns>> {
  const waits = waitChange(cal, e);
  if (waits) return waits;
  const change = clockAfter(e.action, e.fromState, e.toState);
  if (change === 'unchanged') return {};
  // the first dispatch; a unit taking on what it registered itself is dispatched then
  const dispatched = e.row.dispatched_at ?? (change.from === 'dispatch' ? e.now : null);
  const none = {
    dispatched_at: dispatched,
    deadline_stage: null,
    deadline_started_at: null,
    deadline_at: null,
    clock_paused_at: null,
    extension_days: null,
  };
  if (!change.stage) return none;
  const days = pickLimit(
    (await activeRules(db)).map((r) => ({
      stage: r.stage,
      categoryCode: r.category_code,
      level: r.level,
      mediationKind: r.mediation_kind,
      workingDays: r.working_days,
    })),
    {
      stage: change.stage,
      categoryCode: e.row.category_code,
      level: e.level,
      mediationKind: e.leadUnitId ? await mediationKindOf(db, e.leadUnitId) : null,
    },
  );
  if (days === null) return none;
  const start = change.from === 'dispatch' ? dispatched! : e.now;
  return {
    ...none,
    deadline_stage: change.stage,
    deadline_started_at: start,
    deadline_at: deadlineOf(cal, start, days),
  };
}

/** The waits of the running clock: a pause moves the deadline on, an approved extension too. */
function waitChange(
  cal: WorkCalendar,
  e: Parameters<typeof clockAfterEvent>[2],
): Partial<ClockColumns> | null {
  const deadline = e.row.deadline_at;
  switch (e.action) {
    case 'pause_clock':
      return { clock_paused_at: e.now };
    case 'resume_clock':
      return {
        clock_paused_at: null,
        deadline_at:
          deadline && e.row.clock_paused_at
            ? resumedDeadline(cal, { deadline, pausedAt: e.row.clock_paused_at, now: e.now })
            : deadline,
      };
    case 'request_extension':
      return { extension_days: Number(e.payload.working_days) };
    case 'rule_extension': {
      const days = e.row.extension_days;
      const approved = e.payload.approved === true && deadline !== null && days !== null;
      return {
        extension_days: null,
        deadline_at: approved ? extendedDeadline(cal, { deadline: deadline!, workingDays: days! }) : deadline,
      };
    }
    default:
      return null;
  }
}

/** The light of a case's running clock now, or null when no clock runs. */
export function lightNow(
  row: { deadline_started_at: Date | null; deadline_at: Date | null },
  now: Date,
): Light | null {
  if (!row.deadline_at || !row.deadline_started_at) return null;
  return lightOf({ now, start: row.deadline_started_at, deadline: row.deadline_at });
}
