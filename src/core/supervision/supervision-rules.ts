// Supervision (督办) rules: which level follows an order up, where an unanswered order escalates,
// and when things are due. Pure: region codes and instants in, values out.
import type { WorkCalendar } from '../calendar/work-calendar.js';
import { addWorkingDays } from '../calendar/work-calendar.js';
import type { HandlingLevel } from '../workflow/case-model.js';

/** Working days the lead unit has to answer an automatic order (overdue case). */
export const AUTO_ORDER_WORKING_DAYS = 2;
/** Working days an escalated order gives before it escalates again. */
export const ESCALATION_WORKING_DAYS = 2;
/** The longest due time a supervisor may set on an order, in working days. */
export const MAX_ORDER_WORKING_DAYS = 60;

/** Code length of the levels that supervise, top first: city, county, township. */
const SUPERVISING_LENGTHS = [4, 6, 9] as const;
const LEVEL_LENGTH: Record<HandlingLevel, number> = { city: 4, county: 6, township: 9, village: 12 };

export type OrderStatus = 'open' | 'answered' | 'escalated';

/**
 * The level that follows up an automatic order: the region node of the case's handling level,
 * at least the township (villages have no supervisors). E.g. a village-level case in 371403105200
 * → 371403105; a county-level one → 371403.
 */
export function autoOrderLevel(regionCode: string, handlingLevel: HandlingLevel): string {
  const length = Math.min(LEVEL_LENGTH[handlingLevel], 9, regionCode.length);
  return regionCode.slice(0, length);
}

/**
 * The level an unanswered order escalates to: the next supervising level above `levelCode`
 * (township → county → city); null at the city, the top.
 */
export function escalationLevel(levelCode: string): string | null {
  const above = SUPERVISING_LENGTHS.filter((n) => n < levelCode.length);
  const next = above.at(-1);
  return next === undefined ? null : levelCode.slice(0, next);
}

/** Whether the lead unit can still answer: open, or escalated and not yet answered. */
export function isAnswerable(status: OrderStatus): boolean {
  return status === 'open' || status === 'escalated';
}

/** Whether an order is overdue now and so escalates (when a level above exists). */
export function shouldEscalate(
  o: { status: OrderStatus; dueAt: Date; levelCode: string },
  now: Date,
): boolean {
  return isAnswerable(o.status) && now.getTime() > o.dueAt.getTime() && escalationLevel(o.levelCode) !== null;
}

/** The due time of an order given in working days: the end of the Nth working day after `from`. */
export function orderDueAt(cal: WorkCalendar, from: Date, workingDays: number): Date {
  return addWorkingDays(cal, { from, days: workingDays });
}
