// The working-day calendar's years: chinese-days' statutory data merged with the years the system
// administrator loaded or edited (table calendar_years). deps.calendar is the merged calendar every
// deadline is computed with; it is rebuilt at start-up and after each edit.
import type { Kysely } from 'kysely';
import type { YearArrangement } from '../../../core/calendar/calendar-years.js';
import { arrangementOf, checkArrangement, withYears } from '../../../core/calendar/calendar-years.js';
import { cstDayOf, unknownYears } from '../../../core/calendar/work-calendar.js';
import type { AppDeps } from '../../deps.js';
import type { Database } from '../../db/tables.js';
import { withTransaction } from '../../db/transaction.js';
import { unprocessable } from '../../http/errors.js';
import { recordConfigChange } from '../audit/audit.service.js';
import type { StaffUser } from '../auth/auth.service.js';
import { listYears, upsertYear } from './calendar.queries.js';

export async function storedYears(db: Kysely<Database>) {
  return (await listYears(db)).map((r) => ({
    year: r.year,
    holidays: r.holidays,
    workdays: r.workdays,
    updatedAt: r.updated_at,
  }));
}

/**
 * Merges the stored years over deps.calendar. Each stored year replaces that year entirely, so
 * re-applying over an already merged calendar gives the same result; call it at start-up and after
 * an edit (another server process picks up an edit at its next call: restart, or a later hook).
 */
export async function refreshCalendar(deps: Pick<AppDeps, 'db' | 'calendar'>): Promise<void> {
  const years: YearArrangement[] = await storedYears(deps.db.kysely);
  if (years.length) deps.calendar = withYears(deps.calendar, years);
}

/** Known years, custom ones, and which of this year and next fall back to plain weekends. */
export async function calendarOverview(deps: AppDeps) {
  const custom = await storedYears(deps.db.kysely);
  const customYears = new Set(custom.map((c) => c.year));
  const current = Number(cstDayOf(deps.clock()).slice(0, 4));
  const fallback = unknownYears(deps.calendar, [current, current + 1]);
  return {
    currentYear: current,
    nextYear: current + 1,
    /** of this year and next, those the calendar does not know: Mon–Fri only, admins should load them */
    fallbackYears: fallback,
    warning: fallback.length > 0,
    years: [...deps.calendar.knownYears]
      .sort((a, b) => a - b)
      .map((year) => ({
        year,
        source: customYears.has(year) ? ('custom' as const) : ('package' as const),
        updatedAt: custom.find((c) => c.year === year)?.updatedAt.toISOString() ?? null,
      })),
  };
}

/** What the calendar in use says about one year. */
export function yearView(deps: AppDeps, year: number, source?: 'custom' | 'package') {
  const a = arrangementOf(deps.calendar, year);
  return {
    year,
    known: deps.calendar.knownYears.has(year),
    source: source ?? null,
    holidays: a.holidays,
    workdays: a.workdays,
  };
}

export async function yearDetail(deps: AppDeps, year: number) {
  const custom = (await storedYears(deps.db.kysely)).some((c) => c.year === year);
  const known = deps.calendar.knownYears.has(year);
  return yearView(deps, year, custom ? 'custom' : known ? 'package' : undefined);
}

/** Loads or replaces a year's arrangement (system administrator), audited, then merges it in. */
export async function putYear(deps: AppDeps, user: StaffUser, ip: string | null, a: YearArrangement) {
  const problem = checkArrangement(a);
  if (problem) throw unprocessable(problem.key, { day: problem.day, year: a.year });
  const holidays = [...a.holidays].sort();
  const workdays = [...a.workdays].sort();
  await withTransaction(deps.db, async (trx) => {
    await upsertYear(trx, {
      year: a.year,
      holidays,
      workdays,
      updated_at: deps.clock(),
      updated_by: user.id,
    });
    await recordConfigChange(trx, deps, {
      user,
      ip,
      action: 'config.calendar_year',
      targetType: 'calendar_year',
      targetId: String(a.year),
      detail: { year: a.year, holidays, workdays },
    });
  });
  await refreshCalendar(deps);
  return yearView(deps, a.year, 'custom');
}
