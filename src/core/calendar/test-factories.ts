/** Test data for the calendar: small hand-made calendars, so each test states only what it is about. */
import type { WorkCalendar } from './work-calendar.js';

/** A calendar from lists; knownYears defaults to the years the lists mention (or 2025 when empty). */
export function buildCalendar(
  overrides: { holidays?: string[]; workdays?: string[]; knownYears?: number[] } = {},
): WorkCalendar {
  const holidays = overrides.holidays ?? [];
  const workdays = overrides.workdays ?? [];
  const mentioned = [...holidays, ...workdays].map((d) => Number(d.slice(0, 4)));
  const knownYears = overrides.knownYears ?? (mentioned.length > 0 ? mentioned : [2025]);
  return { holidays: new Set(holidays), workdays: new Set(workdays), knownYears: new Set(knownYears) };
}

/** An instant given as CST wall-clock time, e.g. cst('2025-03-14 15:00'). */
export function cst(wallClock: string): Date {
  return new Date(`${wallClock.replace(' ', 'T')}:00+08:00`);
}
