// The list's filters for the cases behind a dashboard figure: periods of whole CST days given as
// YYYY-MM-DD (both ends included), turned into instant ranges [00:00 of from, 00:00 after to).
import { dayNumber } from '../../../core/analytics/periods.js';
import { endOfCstDay } from '../../../core/calendar/work-calendar.js';
import { badRequest } from '../../http/errors.js';
import type { InstantRange } from './case-search.queries.js';

const DAY_MS = 86_400_000;

function startOf(day: string, field: string): Date {
  if (dayNumber(day) === null) throw badRequest('validation.format', { field });
  return new Date(endOfCstDay(day).getTime() - DAY_MS);
}

/** A period of CST days as instants; undefined when neither end is given; 400 for a bad or reversed one. */
export function dayRange(
  from: string | undefined,
  to: string | undefined,
  fields: { from: string; to: string },
): InstantRange | undefined {
  if (from === undefined && to === undefined) return undefined;
  const start = from !== undefined ? startOf(from, fields.from) : undefined;
  const end = to !== undefined ? new Date(startOf(to, fields.to).getTime() + DAY_MS) : undefined;
  if (start && end && start >= end) throw badRequest('period.from_after_to');
  return { from: start, to: end };
}
