import type { Kysely, Selectable } from 'kysely';
import type { HandlingLevel, CaseState } from '../../../core/workflow/case-model.js';
import type { Action } from '../../../core/workflow/policy.js';
import {
  clockAfter,
  deadlineOf,
  lightOf,
  pickLimit,
  type Light,
} from '../../../core/deadlines/time-limits.js';
import type { WorkCalendar } from '../../../core/calendar/work-calendar.js';
import type { CasesTable, Database } from '../../db/tables.js';
import { activeRules, mediationKindOf } from './deadlines.queries.js';

type ClockColumns = Pick<
  Selectable<CasesTable>,
  'dispatched_at' | 'deadline_stage' | 'deadline_started_at' | 'deadline_at'
>;

/**
 * The clock columns of a case after an event (the time limit of the stage it entered), or {} when
 * the event leaves the clock as it was. Written with the event, in its transaction.
 */
export async function clockAfterEvent(
  db: Kysely<Database>,
  cal: WorkCalendar,
  e: {
    row: Pick<Selectable<CasesTable>, 'dispatched_at' | 'category_code'>;
    action: Action;
    fromState: CaseState | null;
    toState: CaseState;
    leadUnitId: string | null;
    level: HandlingLevel;
    now: Date;
  },
): Promise<Partial<ClockColumns>> {
  const change = clockAfter(e.action, e.fromState, e.toState);
  if (change === 'unchanged') return {};
  // the first dispatch; a unit taking on what it registered itself is dispatched then
  const dispatched = e.row.dispatched_at ?? (change.from === 'dispatch' ? e.now : null);
  const none = {
    dispatched_at: dispatched,
    deadline_stage: null,
    deadline_started_at: null,
    deadline_at: null,
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
    dispatched_at: dispatched,
    deadline_stage: change.stage,
    deadline_started_at: start,
    deadline_at: deadlineOf(cal, start, days),
  };
}

/** The light of a case's running clock now, or null when no clock runs. */
export function lightNow(
  row: { deadline_started_at: Date | null; deadline_at: Date | null },
  now: Date,
): Light | null {
  if (!row.deadline_at || !row.deadline_started_at) return null;
  return lightOf({ now, start: row.deadline_started_at, deadline: row.deadline_at });
}
