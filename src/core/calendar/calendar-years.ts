/**
 * Years of the working-day calendar as an administrator loads or edits them: a year the statutory
 * data does not know yet (the State Council publishes each arrangement late in the year before), or
 * a correction. A loaded year replaces everything the base calendar says about that year.
 */
import type { IsoDay, WorkCalendar } from './work-calendar.js';

/** One year's arrangement: its days off and its make-up working days (调休上班). */
export interface YearArrangement {
  year: number;
  holidays: readonly IsoDay[];
  workdays: readonly IsoDay[];
}

/** Why an arrangement cannot be loaded: a message key and the day concerned. */
export interface ArrangementProblem {
  key:
    | 'calendar.bad_day'
    | 'calendar.day_outside_year'
    | 'calendar.duplicate_day'
    | 'calendar.overlap'
    | 'calendar.workday_not_weekend';
  day: string;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC weekday (0 = Sunday) of a real YYYY-MM-DD day, or null when it is no such day. */
function weekdayOf(day: string): number | null {
  const m = ISO_DAY.exec(day);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === day ? d.getUTCDay() : null;
}

/**
 * The first problem of an arrangement, or null when it can be loaded: every day real and inside the
 * year, none listed twice or as both kinds, and make-up working days on a Saturday or Sunday (a
 * weekday is a working day anyway, so listing one is a mistake).
 */
export function checkArrangement(a: YearArrangement): ArrangementProblem | null {
  const seen = new Set<string>();
  const holidays = new Set(a.holidays);
  for (const [kind, days] of [
    ['holiday', a.holidays],
    ['workday', a.workdays],
  ] as const) {
    for (const day of days) {
      const weekday = weekdayOf(day);
      if (weekday === null) return { key: 'calendar.bad_day', day };
      if (Number(day.slice(0, 4)) !== a.year) return { key: 'calendar.day_outside_year', day };
      if (kind === 'workday' && holidays.has(day)) return { key: 'calendar.overlap', day };
      if (seen.has(day)) return { key: 'calendar.duplicate_day', day };
      seen.add(day);
      if (kind === 'workday' && weekday !== 0 && weekday !== 6) {
        return { key: 'calendar.workday_not_weekend', day };
      }
    }
  }
  return null;
}

/**
 * The calendar with these years replacing the base's data for them (a later entry for the same year
 * wins). Applying the same years again changes nothing, so a server can re-apply everything stored
 * over the calendar it already has.
 */
export function withYears(base: WorkCalendar, years: readonly YearArrangement[]): WorkCalendar {
  const replaced = new Map(years.map((y) => [y.year, y]));
  const outside = (day: IsoDay) => !replaced.has(Number(day.slice(0, 4)));
  const holidays = new Set([...base.holidays].filter(outside));
  const workdays = new Set([...base.workdays].filter(outside));
  for (const y of replaced.values()) {
    for (const d of y.holidays) holidays.add(d);
    for (const d of y.workdays) workdays.add(d);
  }
  return { holidays, workdays, knownYears: new Set([...base.knownYears, ...replaced.keys()]) };
}

/** What the calendar says about one year: its holidays and make-up working days, in order. */
export function arrangementOf(cal: WorkCalendar, year: number): YearArrangement {
  const prefix = `${year}-`;
  const inYear = (set: ReadonlySet<IsoDay>) => [...set].filter((d) => d.startsWith(prefix)).sort();
  return { year, holidays: inYear(cal.holidays), workdays: inYear(cal.workdays) };
}
