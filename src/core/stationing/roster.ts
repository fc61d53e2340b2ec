/**
 * Stationing at a center (进驻): who of the rotating departments (轮驻) is on duty on a CST day,
 * and by when an on-call department (随叫随驻) must answer a call. Pure; days are 'YYYY-MM-DD' in
 * China Standard Time and the working-day calendar is the statutory one (holidays, 调休).
 */
import type { IsoDay, WorkCalendar } from '../calendar/work-calendar.js';
import { cstDayOf, endOfCstDay, isWorkingDay } from '../calendar/work-calendar.js';

/**
 * 'cycle': the slots take turns, one per working day counted from the anchor day (the anchor, if a
 * working day, is slot 0); non-working days have nobody. 'weekly': slot 0 is Monday … slot 6 Sunday.
 */
export const ROSTER_KINDS = ['cycle', 'weekly'] as const;
export type RosterKind = (typeof ROSTER_KINDS)[number];

export interface Roster {
  kind: RosterKind;
  /** first day of the cycle (cycle rosters); ignored by weekly ones */
  anchorDay: IsoDay;
  /** each slot lists the members (unit or staff ids) on duty together */
  slots: readonly (readonly string[])[];
  /** explicit assignments for single days; they win over the pattern (an empty list: nobody) */
  overrides: ReadonlyMap<IsoDay, readonly string[]>;
}

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01; throws on a malformed or impossible date. */
export function dayNo(day: IsoDay): number {
  const m = ISO_DAY.exec(day);
  if (!m) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  const n = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
  if (dayOfNo(n) !== day) throw new RangeError(`no such day: ${day}`);
  return n;
}

export function dayOfNo(n: number): IsoDay {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Whether a string is a real 'YYYY-MM-DD' day. */
export function isIsoDay(s: string): boolean {
  try {
    dayNo(s);
    return true;
  } catch {
    return false;
  }
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: IsoDay): number {
  const w = (((dayNo(day) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return w === 0 ? 7 : w;
}

/** Working days from the anchor to `day` (negative before it): the index into a cycle. */
function workingDayIndex(cal: WorkCalendar, anchor: number, target: number): number {
  let count = 0;
  if (target >= anchor) {
    for (let n = anchor; n < target; n += 1) if (isWorkingDay(cal, dayOfNo(n))) count += 1;
  } else {
    for (let n = target; n < anchor; n += 1) if (isWorkingDay(cal, dayOfNo(n))) count -= 1;
  }
  return count;
}

/** Who is on duty on `day`: the override if there is one, else the pattern's slot. */
export function onDuty(cal: WorkCalendar, roster: Roster, day: IsoDay): readonly string[] {
  const override = roster.overrides.get(day);
  if (override) return override;
  if (roster.slots.length === 0) return [];
  if (roster.kind === 'weekly') return roster.slots[isoWeekday(day) - 1] ?? [];
  if (!isWorkingDay(cal, day)) return [];
  const i = workingDayIndex(cal, dayNo(roster.anchorDay), dayNo(day));
  const len = roster.slots.length;
  return roster.slots[((i % len) + len) % len]!;
}

/** Structural problems of a roster (empty list: valid). Codes are message keys' last part. */
export function rosterProblems(r: {
  kind: RosterKind;
  anchorDay: IsoDay;
  slots: readonly (readonly string[])[];
}): string[] {
  const problems: string[] = [];
  if (!isIsoDay(r.anchorDay)) problems.push('bad_day');
  if (r.slots.length === 0) problems.push('no_slots');
  if (r.kind === 'weekly' && r.slots.length !== 7) problems.push('weekly_needs_7');
  if (r.kind === 'cycle' && r.slots.some((s) => s.length === 0)) problems.push('empty_slot');
  return problems;
}

/**
 * The deadline of an on-call response: `minutes` of working time after the call, where the working
 * time is every minute of a working day (CST). A call on a holiday starts counting when the next
 * working day starts; minutes left at the end of a working day carry over to the next one.
 */
export function onCallDeadline(cal: WorkCalendar, calledAt: Date, minutes: number): Date {
  if (!Number.isSafeInteger(minutes) || minutes < 0)
    throw new RangeError(`minutes must be a whole number >= 0: ${minutes}`);
  let left = minutes * 60_000;
  let n = dayNo(cstDayOf(calledAt));
  let t = calledAt.getTime();
  for (let guard = 0; guard < 100_000; guard += 1) {
    const day = dayOfNo(n);
    const end = endOfCstDay(day).getTime();
    if (isWorkingDay(cal, day)) {
      if (t + left <= end) return new Date(t + left);
      left -= end - t;
    }
    t = end;
    n += 1;
  }
  throw new RangeError('no working day within reach');
}
