/**
 * The statutory calendar as published by the `chinese-days` package (State Council notices, 2004 on).
 * The only file that imports chinese-days.
 *
 * We read the package's documented data file (README: "chinese-days.json") rather than calling its
 * functions: the data needs no date range and no clock, and its functions mix UTC parsing with
 * local-time formatting, so they answer for the wrong day on a server west of UTC.
 */
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { IsoDay, WorkCalendar } from './work-calendar.js';

/** The shape of chinese-days.json: day → "English name,中文名,n" for each kind of day. */
export interface ChineseDaysData {
  /** Days off, weekends inside a holiday block included. */
  readonly holidays: Readonly<Record<string, string>>;
  /** Make-up working days (调休上班), all on weekends. */
  readonly workdays: Readonly<Record<string, string>>;
  /** Weekday holidays paid for by a make-up day (调休日); already among `holidays`, not needed here. */
  readonly inLieuDays: Readonly<Record<string, string>>;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function days(record: Readonly<Record<string, string>>): Set<IsoDay> {
  const keys = Object.keys(record);
  const bad = keys.find((k) => !ISO_DAY.test(k));
  if (bad !== undefined) throw new Error(`chinese-days: unexpected day key ${bad}`);
  return new Set(keys);
}

/** Builds a WorkCalendar from chinese-days data; a year is known when the data lists a holiday in it. */
export function calendarFromChineseDays(source: ChineseDaysData = data): WorkCalendar {
  const holidays = days(source.holidays);
  const workdays = days(source.workdays);
  // Every year since 2004 has New Year's Day off, so a year with no holiday entry has no arrangement.
  const knownYears = new Set([...holidays].map((d) => Number(d.slice(0, 4))));
  return { holidays, workdays, knownYears };
}
