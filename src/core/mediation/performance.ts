/**
 * Performance of a mediation agreement (履行): each term that obliges a party has a due day; the
 * team or the center records it performed (已履行) or breached (未履行), and reminders go out a few
 * days before and on the due day. Pure: days are 'YYYY-MM-DD' in China Standard Time.
 */
import type { IsoDay } from '../calendar/work-calendar.js';
import { dayNo, dayOfNo, isIsoDay } from '../stationing/roster.js';

export const TERM_STATUSES = ['pending', 'performed', 'breached'] as const;
export type TermStatus = (typeof TERM_STATUSES)[number];

/** What can be recorded about a term. */
export const PERFORMANCE_MARKS = ['performed', 'breached'] as const;
export type PerformanceMark = (typeof PERFORMANCE_MARKS)[number];

/** Calendar days before its due day that a term's first reminder goes out. */
export const REMIND_DAYS_BEFORE = 3;

/** A tracked term, as much as the rules read. */
export interface TrackedTerm {
  dueDay: IsoDay;
  status: TermStatus;
  /** whether the reminder before the due day went out */
  remindedBefore: boolean;
  /** whether the reminder on the due day went out */
  remindedDue: boolean;
}

/** How a term stands on a day: done either way, or pending and how close to its due day. */
export type TermLight = 'performed' | 'breached' | 'pending' | 'due_soon' | 'due_today' | 'overdue';

/** The day `n` calendar days after `day` (before, when negative). */
export function addDays(day: IsoDay, n: number): IsoDay {
  return dayOfNo(dayNo(day) + n);
}

/** How the term stands on `today`. */
export function termLight(term: Pick<TrackedTerm, 'dueDay' | 'status'>, today: IsoDay): TermLight {
  if (term.status !== 'pending') return term.status;
  if (today > term.dueDay) return 'overdue';
  if (today === term.dueDay) return 'due_today';
  if (today >= addDays(term.dueDay, -REMIND_DAYS_BEFORE)) return 'due_soon';
  return 'pending';
}

/**
 * The reminder a sweep owes on `today`, if any: 'due' on or after the due day (once), 'before' in
 * the days just before it (once). A term created inside the window gets its 'before' reminder at
 * once; one the sweep first sees on or after its due day gets only the 'due' one.
 */
export function reminderOwed(term: TrackedTerm, today: IsoDay): 'before' | 'due' | null {
  if (term.status !== 'pending') return null;
  if (today >= term.dueDay) return term.remindedDue ? null : 'due';
  if (today >= addDays(term.dueDay, -REMIND_DAYS_BEFORE)) return term.remindedBefore ? null : 'before';
  return null;
}

/**
 * Whether a mark may be recorded on a term in `status`: a pending term either way; a breached one
 * may still be performed late; a performed one is final.
 */
export function canMark(status: TermStatus, mark: PerformanceMark): boolean {
  if (status === 'pending') return true;
  return status === 'breached' && mark === 'performed';
}

/**
 * The due days of an agreement's terms: each given day (null: the term obliges no one, e.g. "no
 * further claims"), or the agreement's deadline for every term when none are given. Returns the
 * problem instead when a day is malformed, before the signing day or after the deadline.
 */
export function termDueDays(args: {
  terms: number;
  deadline: IsoDay;
  today: IsoDay;
  given?: readonly (IsoDay | null)[];
}): { ok: (IsoDay | null)[] } | { problem: 'length' | 'bad_day' | 'out_of_range' } {
  const { terms, deadline, today, given } = args;
  if (!given) return { ok: Array.from({ length: terms }, () => deadline) };
  if (given.length !== terms) return { problem: 'length' };
  for (const d of given) {
    if (d === null) continue;
    if (!isIsoDay(d)) return { problem: 'bad_day' };
    if (d < today || d > deadline) return { problem: 'out_of_range' };
  }
  return { ok: [...given] };
}
