/**
 * The working-day calendar behind every time limit (时限): statutory holidays, make-up working days
 * (调休上班) and plain weekends, counted in China Standard Time calendar days (UTC+8, no DST).
 *
 * Day convention: a CST day is the half-open interval (00:00, 24:00]. The instant 24:00 of day D
 * (which is also 00:00 of D+1) belongs to D, so a deadline "end of D" is still "on D", and adding
 * working days to a deadline continues from D. Only an instant exactly at midnight is affected.
 */

/** A CST calendar day as 'YYYY-MM-DD'. */
export type IsoDay = string;

/** Calendar data: which days deviate from Mon–Fri, and for which years that data is complete. */
export interface WorkCalendar {
  /** Statutory holidays (放假), including weekdays given off. */
  readonly holidays: ReadonlySet<IsoDay>;
  /** Make-up working days (调休上班) that fall on a Saturday or Sunday. */
  readonly workdays: ReadonlySet<IsoDay>;
  /** Years whose holiday arrangement is loaded; other years fall back to Mon–Fri (admins are warned). */
  readonly knownYears: ReadonlySet<number>;
}

const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3600_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of an ISO day; throws on a malformed or impossible date. */
function dayNumber(day: IsoDay): number {
  const m = ISO_DAY.exec(day);
  if (!m) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const n = ms / DAY_MS;
  if (formatDay(n) !== day) throw new RangeError(`no such day: ${day}`);
  return n;
}

function formatDay(n: number): IsoDay {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Day number of the CST day an instant belongs to, with the (00:00, 24:00] convention. */
function dayNumberOf(at: Date): number {
  const t = at.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid Date');
  return Math.floor((t + CST_OFFSET_MS - 1) / DAY_MS);
}

function isWorkingDayNo(cal: WorkCalendar, n: number): boolean {
  const day = formatDay(n);
  const weekday = (((n + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  const mondayToFriday = weekday >= 1 && weekday <= 5;
  if (!cal.knownYears.has(Number(day.slice(0, 4)))) return mondayToFriday;
  if (cal.workdays.has(day)) return true;
  if (cal.holidays.has(day)) return false;
  return mondayToFriday;
}

/** The CST day an instant belongs to; an instant exactly at 24:00 CST belongs to the day it ends. */
export function cstDayOf(at: Date): IsoDay {
  return formatDay(dayNumberOf(at));
}

/** The instant a CST day ends: 24:00 CST, i.e. 16:00 UTC of that date. */
export function endOfCstDay(day: IsoDay): Date {
  return new Date((dayNumber(day) + 1) * DAY_MS - CST_OFFSET_MS);
}

/** Whether a CST day is a working day: a make-up day is, a holiday is not, otherwise Mon–Fri. */
export function isWorkingDay(cal: WorkCalendar, day: IsoDay): boolean {
  return isWorkingDayNo(cal, dayNumber(day));
}

/**
 * The deadline N working days after `from`: 24:00 CST at the end of the Nth working day after the
 * day of `from` (that day itself never counts, however early). "Accept within 1 working day"
 * registered on Friday 15:00 is due Monday 24:00, or at the end of the next working day if Monday
 * is a holiday. With 0 days the deadline is the end of the day of `from`.
 */
export function addWorkingDays(cal: WorkCalendar, args: { from: Date; days: number }): Date {
  const { from, days } = args;
  if (!Number.isSafeInteger(days) || days < 0)
    throw new RangeError(`days must be a whole number >= 0: ${days}`);
  let n = dayNumberOf(from);
  for (let left = days; left > 0;) {
    n += 1;
    if (isWorkingDayNo(cal, n)) left -= 1;
  }
  return new Date((n + 1) * DAY_MS - CST_OFFSET_MS);
}

/**
 * Working days strictly after the day of `from` up to and including the day of `to` (0 when `to`
 * is on or before the day of `from`); the inverse of addWorkingDays: between(from, add(from, n)) = n.
 */
export function workingDaysBetween(cal: WorkCalendar, args: { from: Date; to: Date }): number {
  const last = dayNumberOf(args.to);
  let count = 0;
  for (let n = dayNumberOf(args.from) + 1; n <= last; n += 1) {
    if (isWorkingDayNo(cal, n)) count += 1;
  }
  return count;
}

/** Which of the given years the calendar does not know (they fall back to Mon–Fri), ascending, once each. */
export function unknownYears(cal: WorkCalendar, years: readonly number[]): number[] {
  return [...new Set(years)].filter((y) => !cal.knownYears.has(y)).sort((a, b) => a - b);
}
